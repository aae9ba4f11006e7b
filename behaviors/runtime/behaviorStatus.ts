import type { StateValue } from 'xstate';

/**
 * A state value as the dotted path of its active leaves, e.g. `session.set.repetition`; parallel
 * regions are listed in definition order, separated by `, ` (`moving.arm, watching.idle`).
 */
export function statePath(value: StateValue): string {
  if (typeof value === 'string') return value;
  const parts: string[] = [];
  for (const [key, child] of Object.entries(value)) {
    if (child === undefined) {
      parts.push(key);
      continue;
    }
    const inner = statePath(child);
    parts.push(
      inner === ''
        ? key
        : inner
            .split(', ')
            .map((leaf) => `${key}.${leaf}`)
            .join(', '),
    );
  }
  return parts.join(', ');
}

/** Context JSON longer than this is replaced by a short note, so one status message stays small. */
export const CONTEXT_JSON_MAX_CHARS = 64 * 1024;

/** An actor reference, or what its `toJSON` makes of it (`{ xstate$$type: 1, id }`, which JSON.stringify hands the replacer). */
function isActorRef(value: object): value is { readonly id: string } {
  const v = value as { sessionId?: unknown; send?: unknown; id?: unknown; xstate$$type?: unknown };
  if (typeof v.id !== 'string') return false;
  return (typeof v.sessionId === 'string' && typeof v.send === 'function') || v.xstate$$type === 1;
}

/**
 * A machine's context as JSON for `/behavior/status`: actor references become `{"actor": id}`,
 * bigints strings, typed arrays arrays, errors `{code, message}`, cycles `"[circular]"`; anything
 * over `maxChars` becomes `{"truncated": true, "chars": n}`.
 */
export function contextJson(context: unknown, maxChars = CONTEXT_JSON_MAX_CHARS): string {
  let text: string;
  try {
    text = JSON.stringify(context, jsonReplacer(undefined)) ?? 'null';
  } catch {
    // A cycle: mark every object met a second time (shared ones too; a cycle is rare in a context).
    try {
      text = JSON.stringify(context, jsonReplacer(new WeakSet())) ?? 'null';
    } catch (error) {
      return JSON.stringify({ unserialisable: String(error) });
    }
  }
  return text.length > maxChars ? JSON.stringify({ truncated: true, chars: text.length }) : text;
}

function jsonReplacer(seen: WeakSet<object> | undefined): (key: string, value: unknown) => unknown {
  return (_key, value) => {
    if (typeof value === 'bigint') return value.toString();
    if (typeof value === 'function' || typeof value === 'symbol') return undefined;
    if (value === null || typeof value !== 'object') return value;
    if (seen !== undefined) {
      if (seen.has(value)) return '[circular]';
      seen.add(value);
    }
    if (isActorRef(value)) return { actor: value.id };
    if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.from(value as unknown as ArrayLike<number | bigint>, (v) => (typeof v === 'bigint' ? v.toString() : v));
    if (value instanceof Error) {
      const code = (value as { code?: unknown }).code;
      return typeof code === 'string' ? { code, message: value.message } : { message: value.message };
    }
    if (value instanceof Map) return Object.fromEntries(value);
    if (value instanceof Set) return [...value];
    return value;
  };
}
