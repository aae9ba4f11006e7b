import { KindredError, show } from '../../errors/index.js';
import type { Logger } from '../../logging/index.js';
import type { ServiceInfo, ServiceRegistry } from '../rosbridge/index.js';
import { failureText } from '../rosbridge/ServiceRegistry.js';
import { compileAllowList } from '../rosbridge/names.js';
import type { RclNode, RclService } from './RclApi.js';
import { plainFromRcl } from './rclMessages.js';

/** The client id Kindred's service handlers see for calls that came through ROS 2. */
export const NATIVE_CLIENT_ID = 'rclnodejs';

/** Which of a registry's services are offered natively: those matching `patterns`, or Kindred's own. */
export function serviceFilter(patterns: readonly string[] | undefined): (info: ServiceInfo) => boolean {
  if (patterns === undefined) return (info) => info.provider === 'kindred';
  const match = compileAllowList(patterns);
  return (info) => match(info.name);
}

/** A response for rclnodejs: the handler's values if they are an object, else an empty response. */
function responseOf(values: unknown): object {
  return typeof values === 'object' && values !== null && !Array.isArray(values) ? values : {};
}

/**
 * Answers a ROS 2 call to a Kindred service through the registry, as a rosbridge client's call is
 * answered: same handler, same timeout, client id `rclnodejs`. ROS 2 services have no error reply,
 * so a failing handler sends nothing (the caller times out, as with a failing rclcpp service) and is
 * logged as RCLNODEJS_SERVICE_FAILED.
 */
export function nativeServiceHandler(registry: ServiceRegistry, name: string, logger: Logger): (request: unknown) => Promise<object | undefined> {
  return async (request) => {
    try {
      return responseOf(await registry.call(name, plainFromRcl(request), { client: NATIVE_CLIENT_ID }));
    } catch (error) {
      logger.warn({ code: 'RCLNODEJS_SERVICE_FAILED', service: name, reason: failureText(error) }, 'a ROS 2 call to a Kindred service failed; no response sent');
      return undefined;
    }
  };
}

/**
 * Keeps the node's services in step with the registry: `sync()` offers each matching service not yet
 * offered and withdraws those that left the registry. A type missing from the ROS 2 installation is
 * skipped (RCLNODEJS_TYPE_UNAVAILABLE in `skipped`).
 */
export class NativeServices {
  private readonly offered = new Map<string, RclService>();
  readonly skipped = new Map<string, string>();

  constructor(
    private readonly node: RclNode,
    private readonly registry: ServiceRegistry,
    private readonly wanted: (info: ServiceInfo) => boolean,
    private readonly logger: Logger,
  ) {}

  /** The services offered now, sorted. */
  get names(): string[] {
    return [...this.offered.keys()].sort();
  }

  sync(): void {
    const current = new Map(this.registry.list().filter(this.wanted).map((s) => [s.name, s] as const));
    for (const [name, service] of [...this.offered]) {
      if (current.has(name)) continue;
      this.offered.delete(name);
      this.destroy(service);
    }
    for (const info of current.values()) {
      if (this.offered.has(info.name) || this.skipped.has(info.name)) continue;
      const handle = nativeServiceHandler(this.registry, info.name, this.logger);
      try {
        const service = this.node.createService(info.type, info.name, {}, (request, response) => {
          void handle(request).then((values) => {
            if (values === undefined) return;
            try {
              response.send(values);
            } catch (error) {
              this.logger.warn({ code: 'RCLNODEJS_MESSAGE_INVALID', service: info.name, err: error }, 'a Kindred service response does not fit its ROS 2 type; no response sent');
            }
          });
        });
        this.offered.set(info.name, service);
      } catch (error) {
        const reason = `RCLNODEJS_TYPE_UNAVAILABLE: service ${info.name} (${info.type}) could not be created: ${error instanceof Error ? error.message : String(error)}`;
        this.skipped.set(info.name, reason);
        this.logger.warn({ code: 'RCLNODEJS_TYPE_UNAVAILABLE', service: info.name, type: info.type, err: error }, 'Kindred service not offered to ROS 2');
      }
    }
  }

  dispose(): void {
    for (const service of this.offered.values()) this.destroy(service);
    this.offered.clear();
  }

  private destroy(service: RclService): void {
    try {
      this.node.destroyService(service);
    } catch {
      // Already destroyed with its node.
    }
  }
}

/** RCLNODEJS_SERVICE_TIMEOUT for a server that did not appear or answer within `timeoutMs`. */
export function serviceTimeout(kind: 'service' | 'action', name: string, timeoutMs: number, what: string): KindredError {
  return new KindredError('RCLNODEJS_SERVICE_TIMEOUT', `ROS 2 ${kind} ${show(name)} ${what} within ${timeoutMs} ms`, {
    field: kind,
    value: name,
    expected: `a ${kind} server answering within ${timeoutMs} ms`,
  });
}
