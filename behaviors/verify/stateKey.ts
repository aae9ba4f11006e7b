import type { AnyMachineSnapshot, StateValue } from 'xstate';

/**
 * A deterministic text for any value: object keys sorted, `undefined`, bigint, Map, Set, Date and
 * Error kept apart from look-alikes, actor references by id, cycles cut. Used to tell states and
 * events apart during exploration, so two values with the same text must behave the same.
 */
export function stableStringify(value: unknown): string {
  const seen = new Set<object>();
  const walk = (v: unknown): string => {
    if (v === undefined) return '~u';
    if (v === null || typeof v === 'boolean' || typeof v === 'string') return JSON.stringify(v);
    if (typeof v === 'number') return Number.isFinite(v) ? String(v) : `~${String(v)}`;
    if (typeof v === 'bigint') return `~${v}n`;
    if (typeof v === 'symbol') return `~sym(${v.description ?? ''})`;
    if (typeof v === 'function') return `~fn(${v.name})`;
    const o = v as object;
    if (isActorRef(o)) return `~ref(${JSON.stringify(o.id)})`;
    if (seen.has(o)) return '~cycle';
    seen.add(o);
    let out: string;
    if (Array.isArray(o)) out = `[${o.map(walk).join(',')}]`;
    else if (o instanceof Map) out = `~map[${[...o.entries()].map(([k, x]) => `${walk(k)}:${walk(x)}`).sort().join(',')}]`;
    else if (o instanceof Set) out = `~set[${[...o].map(walk).sort().join(',')}]`;
    else if (o instanceof Date) out = `~date(${o.getTime()})`;
    else if (o instanceof Error) out = `~error(${JSON.stringify(o.name)},${JSON.stringify(o.message)})`;
    else {
      const entries = Object.keys(o)
        .sort()
        .map((k) => `${JSON.stringify(k)}:${walk((o as Record<string, unknown>)[k])}`);
      out = `{${entries.join(',')}}`;
    }
    seen.delete(o);
    return out;
  };
  return walk(value);
}

function isActorRef(o: object): o is { id: string } {
  const r = o as { id?: unknown; send?: unknown; getSnapshot?: unknown };
  return typeof r.id === 'string' && typeof r.send === 'function' && typeof r.getSnapshot === 'function';
}

/**
 * The default identity of a machine snapshot: state value, context, history, the ids of its child
 * actors and its status. Two snapshots with the same key are one state of the exploration.
 */
export function defaultStateKey(snapshot: AnyMachineSnapshot): string {
  const history: Record<string, string[]> = {};
  for (const [id, nodes] of Object.entries(snapshot.historyValue)) history[id] = nodes.map((n) => n.id);
  const children = Object.keys(snapshot.children as Record<string, unknown>).sort();
  return stableStringify({ v: snapshot.value, c: snapshot.context, h: history, k: children, s: snapshot.status });
}

/** A state value as its leaf paths: `session.set.repetition`, parallel regions joined by `, `. */
export function formatStateValue(value: StateValue): string {
  const leaves: string[] = [];
  const walk = (v: StateValue, prefix: string): void => {
    if (typeof v === 'string') {
      leaves.push(prefix === '' ? v : `${prefix}.${v}`);
      return;
    }
    const keys = Object.keys(v);
    if (keys.length === 0 && prefix !== '') leaves.push(prefix);
    for (const k of keys) {
      const child = v[k];
      const path = prefix === '' ? k : `${prefix}.${k}`;
      if (child === undefined) leaves.push(path);
      else walk(child, path);
    }
  };
  walk(value, '');
  return leaves.join(', ');
}
