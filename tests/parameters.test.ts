import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseYaml, validateLaunch } from '../launch/index.js';
import { Kindred } from '../runtime/cli/Kindred.js';
import { silentLogger } from '../runtime/logging/index.js';

const launch = validateLaunch(
  parseYaml(
    `kind: launch
name: params-test
robot: { name: r }
hardware:
  type: mock
  joints: [{ name: knee_left }]
loop: { rateHz: 200 }
services: { http: { port: 0 } }
`,
    'params-test.launch.yaml',
  ),
);

let kindred: Kindred;
beforeAll(async () => {
  kindred = await Kindred.start(launch, { logger: silentLogger() });
});
afterAll(() => kindred.stop());

const put = (name: string, body: unknown): Promise<Response> =>
  fetch(`${kindred.url}/api/parameters/${encodeURIComponent(name)}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** Messages on /joint_states during `ms` of wall time. */
async function jointStatesIn(ms: number): Promise<number> {
  let n = 0;
  const sub = kindred.bus.subscribe('/joint_states', 'sensor_msgs/msg/JointState', () => n++);
  await new Promise((r) => setTimeout(r, ms));
  sub.unsubscribe();
  return n;
}

describe('live parameters over HTTP (/api/parameters)', () => {
  it('lists every parameter with its value and description', async () => {
    const body = (await (await fetch(`${kindred.url}/api/parameters`)).json()) as { parameters: { name: string; value: unknown; description: string }[] };
    expect(body.parameters.map((p) => [p.name, p.value])).toEqual([
      ['state_publisher.joint_states_hz', 50],
      ['state_publisher.diagnostics_hz', 1],
      ['logging.level', 'silent'],
    ]);
    expect(body.parameters[0]?.description).toContain('关节状态发布频率');
  });

  it('a valid change applies at once: /joint_states speeds up from 50 Hz to 200 Hz', async () => {
    const before = await jointStatesIn(500);
    const res = await put('state_publisher.joint_states_hz', { value: 200 });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { value: number }).value).toBe(200);
    const after = await jointStatesIn(500);
    expect(before).toBeGreaterThanOrEqual(10);
    expect(before).toBeLessThanOrEqual(30);
    expect(after).toBeGreaterThan(2.5 * before);
  });

  it.each<[string, unknown, number, string, string]>([
    ['state_publisher.joint_states_hz', { value: 0 }, 400, 'PARAM_INVALID', 'a number between 1 and 250'],
    ['state_publisher.joint_states_hz', { value: 'fast' }, 400, 'PARAM_INVALID', 'a number between 1 and 250'],
    ['state_publisher.joint_states_hz', { rate: 10 }, 400, 'HTTP_BAD_BODY', '{"value": …}'],
    ['logging.level', { value: 'loud' }, 400, 'PARAM_INVALID', 'one of trace | debug'],
    ['loop.rate_hz', { value: 100 }, 404, 'PARAM_UNKNOWN', 'state_publisher.joint_states_hz'],
  ])('rejects %s = %j with %i %s and keeps the old value', async (name, body, status, code, expected) => {
    const old = (await (await fetch(`${kindred.url}/api/parameters`)).json()) as { parameters: { name: string; value: unknown }[] };
    const res = await put(name, body);
    expect(res.status).toBe(status);
    const err = (await res.json()) as { error: string; en: string; zh: string; expected: string; kept?: unknown };
    expect(err.error).toBe(code);
    expect(err.expected).toContain(expected);
    expect(err.zh).toMatch(/[\u4e00-\u9fff]/);
    const now = (await (await fetch(`${kindred.url}/api/parameters`)).json()) as { parameters: { name: string; value: unknown }[] };
    expect(now.parameters).toEqual(old.parameters);
    if (status === 400) expect(err.kept).toEqual(old.parameters.find((p) => p.name === name)?.value);
  });

  it('a body that is not JSON is refused with HTTP_BAD_BODY', async () => {
    const res = await fetch(`${kindred.url}/api/parameters/logging.level`, { method: 'PUT', body: '{value:' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toBe('HTTP_BAD_BODY');
  });
});
