import { KindredError } from '../../runtime/errors/index.js';

/** A selector with `*` (any text) or `{joint}` (any actuated joint) is a pattern; anything else is a name. */
export function isPattern(selector: string): boolean {
  return selector.includes('*') || selector.includes('{joint}');
}

function patternToRegExp(pattern: string, joints: readonly string[]): RegExp {
  const escape = (s: string): string => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  const jointAlt = joints.length === 0 ? '(?!)' : `(?:${joints.map(escape).join('|')})`;
  const body = pattern
    .split('{joint}')
    .map((part) => part.split('*').map(escape).join('.*'))
    .join(jointAlt);
  return new RegExp(`^${body}$`);
}

/**
 * The state indices a monitor selector names, in state order. A plain name must exist
 * (SAFETY_MONITOR_INTERFACE_UNKNOWN naming the field and the interfaces available); a pattern may
 * match nothing. Configuration time.
 */
export function resolveSelector(selector: string, names: readonly string[], joints: readonly string[], field: string): number[] {
  if (!isPattern(selector)) return [indexOfInterface(selector, names, field)];
  const re = patternToRegExp(selector, joints);
  const out: number[] = [];
  names.forEach((n, i) => {
    if (re.test(n)) out.push(i);
  });
  return out;
}

/** The index of a named state interface, or SAFETY_MONITOR_INTERFACE_UNKNOWN. */
export function indexOfInterface(name: string, names: readonly string[], field: string): number {
  const i = names.indexOf(name);
  if (i < 0) {
    const near = names.filter((n) => n.split('/')[0] === name.split('/')[0]);
    throw new KindredError(
      'SAFETY_MONITOR_INTERFACE_UNKNOWN',
      `${field} names state interface ${name}, which the hardware does not export${near.length > 0 ? `; ${name.split('/')[0]} has ${near.join(', ')}` : ''}`,
      { field, value: name, expected: 'a state interface the hardware exports' },
    );
  }
  return i;
}

/** Actuated joints: those with a command interface, in command order. */
export function actuatedJoints(commandNames: readonly string[]): string[] {
  return [...new Set(commandNames.map((c) => c.slice(0, c.lastIndexOf('/'))))];
}
