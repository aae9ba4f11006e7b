import { KindredError } from '../../errors/index.js';
import type { Logger } from '../../logging/index.js';
import { RosbridgeClient } from '../client/index.js';

/** Where `kindred record` and `kindred replay` find a running Kindred (or any rosbridge_server). */
export const DEFAULT_BRIDGE_URL = 'ws://127.0.0.1:9090';

/**
 * A rosbridge client connected to `url` within `timeoutMs`, or ROS_REMOTE_UNREACHABLE naming the URL —
 * the tools are for a running system, so they do not wait for one the way a launch-file bridge does.
 */
export async function connectRemote(url: string, options: { token?: string; logger?: Logger; timeoutMs?: number } = {}): Promise<RosbridgeClient> {
  const client = new RosbridgeClient({ url, ...(options.token === undefined ? {} : { token: options.token }), ...(options.logger === undefined ? {} : { logger: options.logger }) });
  const timeoutMs = options.timeoutMs ?? 5000;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      client.connect(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () =>
            reject(
              new KindredError('ROS_REMOTE_UNREACHABLE', `no rosbridge server answering at ${url} within ${timeoutMs} ms; expected a running Kindred (kindred start) or rosbridge_server`, {
                field: '--url',
                value: url,
                expected: 'a reachable ws:// address of a rosbridge v2 server',
              }),
            ),
          timeoutMs,
        );
      }),
    ]);
  } catch (e) {
    await client.close();
    throw e;
  } finally {
    clearTimeout(timer);
  }
  return client;
}
