import { KindredError } from '../errors/index.js';

/** The answer of the running Kindred's HTTP API: status and JSON body. */
export interface RobotAnswer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/**
 * POST a JSON body to the running Kindred on this machine (the CLI's safety, intent and behaviour
 * commands). CLI_USAGE naming the port when nothing answers there.
 */
export async function postToRobot(port: number, path: string, body: unknown): Promise<RobotAnswer> {
  let res: Response;
  try {
    res = await fetch(`http://127.0.0.1:${port}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  } catch (e) {
    throw new KindredError('CLI_USAGE', `no Kindred answering on 127.0.0.1:${port} (${String(e)}); expected a running kindred start/launch`, { field: '--port', value: port });
  }
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** A refusal as the CLI prints it: code, English, Chinese. */
export function refusalText(answer: RobotAnswer): string {
  const b = answer.body;
  return `${typeof b['error'] === 'string' ? b['error'] : answer.status} ${typeof b['en'] === 'string' ? b['en'] : ''} (${typeof b['zh'] === 'string' ? b['zh'] : ''})`;
}
