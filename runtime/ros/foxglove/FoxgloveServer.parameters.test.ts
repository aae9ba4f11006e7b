import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ParameterStore } from '../../params/index.js';
import { RecordingClient, startServer, waitFor, type RunningServer } from './fixtures/foxgloveKit.js';

let running: RunningServer | undefined;
const clients: RecordingClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await running?.stop();
  running = undefined;
});

async function connect(url: string): Promise<RecordingClient> {
  const c = await RecordingClient.connect(url);
  clients.push(c);
  return c;
}

/** Parameters shaped like the ones Kindred declares (runtime/cli/Kindred.ts). */
function store(): ParameterStore {
  const p = new ParameterStore();
  p.declare('state_publisher.joint_states_hz', { schema: z.number().positive().max(1000), default: 100, description: 'rate of /joint_states' });
  p.declare('logging.level', { schema: z.enum(['debug', 'info', 'warn', 'error']), default: 'info', description: 'log level' });
  p.declare('robot.name', { schema: z.string(), default: 'exo', description: 'robot name', readOnly: true });
  p.declare('limits.knee_rom_deg', { schema: z.array(z.number()).length(2), default: [0, 90], description: 'knee range' });
  return p;
}

describe('Foxglove server: parameters', () => {
  it('announces parameters and parametersSubscribe, and gets all or named parameters (floats marked float64)', async () => {
    running = await startServer({ parameters: store() });
    const c = await connect(running.url);
    expect(c.serverInfo?.capabilities).toEqual(expect.arrayContaining(['parameters', 'parametersSubscribe']));
    const all = await c.getParameters([]);
    expect(all).toEqual([
      { name: 'state_publisher.joint_states_hz', value: 100, type: 'float64' },
      { name: 'logging.level', value: 'info' },
      { name: 'robot.name', value: 'exo' },
      { name: 'limits.knee_rom_deg', value: [0, 90], type: 'float64_array' },
    ]);
    expect(await c.getParameters(['logging.level'])).toEqual([{ name: 'logging.level', value: 'info' }]);
  });

  it('warns about names it does not know and answers with the rest', async () => {
    running = await startServer({ parameters: store() });
    const c = await connect(running.url);
    expect(await c.getParameters(['logging.level', 'no.such'])).toEqual([{ name: 'logging.level', value: 'info' }]);
    const status = await c.waitForStatus('PARAM_UNKNOWN');
    expect(status.level).toBe(1);
    expect(status.message).toContain('no.such');
  });

  it('sets a parameter through the store and answers with the new value', async () => {
    const parameters = store();
    running = await startServer({ parameters });
    const c = await connect(running.url);
    expect(await c.setParameters([{ name: 'state_publisher.joint_states_hz', value: 50, type: 'float64' }])).toEqual([
      { name: 'state_publisher.joint_states_hz', value: 50, type: 'float64' },
    ]);
    expect(parameters.get('state_publisher.joint_states_hz')).toBe(50);
    expect(c.statuses).toEqual([]);
  });

  it.each([
    ['a value the schema rejects', [{ name: 'state_publisher.joint_states_hz', value: -5 }], 'PARAM_INVALID', 'state_publisher.joint_states_hz'],
    ['a read-only parameter', [{ name: 'robot.name', value: 'other' }], 'PARAM_READ_ONLY', 'robot.name'],
    ['an unknown parameter', [{ name: 'no.such', value: 1 }], 'PARAM_UNKNOWN', 'no.such'],
    ['no value (unset)', [{ name: 'logging.level', value: undefined }], 'FOXGLOVE_PARAMETER_INVALID', 'logging.level'],
  ])('refuses %s: status error with the code, the answer carries the unchanged value', async (_label, request, code, name) => {
    const parameters = store();
    const before = parameters.list().map((p) => [p.name, p.value]);
    running = await startServer({ parameters });
    const c = await connect(running.url);
    const answer = await c.setParameters(request);
    const status = await c.waitForStatus(code);
    expect(status.level).toBe(2);
    expect(status.message).toContain(name);
    expect(parameters.list().map((p) => [p.name, p.value])).toEqual(before);
    const known = before.filter(([n]) => n === name).map(([n, v]) => ({ name: n, value: v }));
    expect(answer.map((p) => ({ name: p.name, value: p.value }))).toEqual(known);
  });

  it('applies a batch all or nothing: one bad value leaves every parameter as it was', async () => {
    const parameters = store();
    running = await startServer({ parameters });
    const c = await connect(running.url);
    await c.setParameters([
      { name: 'logging.level', value: 'debug' },
      { name: 'state_publisher.joint_states_hz', value: 5000 },
    ]);
    await c.waitForStatus('PARAM_INVALID');
    expect(parameters.get('logging.level')).toBe('info');
    expect(parameters.get('state_publisher.joint_states_hz')).toBe(100);
  });

  it('pushes changes to subscribed clients only, until they unsubscribe', async () => {
    const parameters = store();
    running = await startServer({ parameters });
    const watcher = await connect(running.url);
    const other = await connect(running.url);
    watcher.client.subscribeParameterUpdates(['logging.level']);
    // A round trip, so the subscription is in place before Kindred changes the value.
    await watcher.getParameters(['logging.level']);
    parameters.set('logging.level', 'warn');
    await waitFor(() => watcher.parameterValues.some((p) => p.id === undefined), 'the pushed update');
    expect(watcher.parameterValues.filter((p) => p.id === undefined)).toEqual([{ op: 'parameterValues', parameters: [{ name: 'logging.level', value: 'warn' }] }]);
    // A change of a parameter it did not subscribe to is not pushed.
    parameters.set('state_publisher.joint_states_hz', 10);
    watcher.client.unsubscribeParameterUpdates(['logging.level']);
    await watcher.getParameters([]);
    parameters.set('logging.level', 'error');
    await watcher.getParameters([]);
    await other.getParameters([]);
    expect(watcher.parameterValues.filter((p) => p.id === undefined)).toHaveLength(1);
    expect(other.parameterValues.filter((p) => p.id === undefined)).toHaveLength(0);
  });

  it('an empty subscribe list means every parameter', async () => {
    const parameters = store();
    running = await startServer({ parameters });
    const c = await connect(running.url);
    c.client.subscribeParameterUpdates([]);
    await c.getParameters([]);
    parameters.set('state_publisher.joint_states_hz', 25);
    await waitFor(() => c.parameterValues.some((p) => p.id === undefined), 'the pushed update');
    expect(c.parameterValues.find((p) => p.id === undefined)?.parameters).toEqual([{ name: 'state_publisher.joint_states_hz', value: 25, type: 'float64' }]);
  });

  it('without a parameter store, announces no parameter capability and refuses with a status', async () => {
    running = await startServer();
    const c = await connect(running.url);
    expect(c.serverInfo?.capabilities).not.toContain('parameters');
    c.client.getParameters([], 'x');
    const status = await c.waitForStatus('FOXGLOVE_CAPABILITY_UNAVAILABLE');
    expect(status.message).toContain('parameters');
  });
});
