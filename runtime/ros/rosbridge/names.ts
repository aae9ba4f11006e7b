import { isMessageTypeName, type MessageTypeName } from '../../msgs/index.js';

const NAME = /^\/?[A-Za-z_][A-Za-z0-9_]*(\/[A-Za-z_][A-Za-z0-9_]*)*$/;

/**
 * A topic, service or action name as ROS 2 resolves it for the bridge, whose namespace is `/`:
 * `chatter` and `/chatter` are the same topic. Returns undefined for a name ROS 2 would reject
 * (empty, `//`, a trailing `/`, a segment starting with a digit, characters other than `[A-Za-z0-9_/]`).
 */
export function resolveName(name: string): string | undefined {
  if (!NAME.test(name)) return undefined;
  return name.startsWith('/') ? name : `/${name}`;
}

/**
 * The ROS 2 message type a client names, written either way rosbridge accepts:
 * `sensor_msgs/msg/JointState` or the short `sensor_msgs/JointState`. Undefined when Kindred has no
 * such message type.
 */
export function resolveMessageType(type: string): MessageTypeName | undefined {
  if (isMessageTypeName(type)) return type;
  const parts = type.split('/');
  if (parts.length !== 2) return undefined;
  const long = `${parts[0] ?? ''}/msg/${parts[1] ?? ''}`;
  return isMessageTypeName(long) ? long : undefined;
}

/**
 * An allow-list of names and glob patterns (`*` matches any run of characters, `/` included; `?`
 * one character), as rosbridge_suite's `topics_glob`. Names are resolved first, so `cmd` in the list
 * allows `/cmd`. An empty list allows nothing.
 */
export function compileAllowList(patterns: readonly string[]): (name: string) => boolean {
  const exact = new Set<string>();
  const globs: RegExp[] = [];
  for (const p of patterns) {
    const absolute = p.startsWith('/') ? p : `/${p}`;
    if (!/[*?]/.test(absolute)) {
      exact.add(absolute);
      continue;
    }
    const source = absolute.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
    globs.push(new RegExp(`^${source}$`));
  }
  return (name) => exact.has(name) || globs.some((g) => g.test(name));
}
