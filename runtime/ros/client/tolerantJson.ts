const NAN = '\u0000NaN';
const POS_INF = '\u0000Infinity';
const NEG_INF = '\u0000-Infinity';
const TOKENS: readonly (readonly [string, string])[] = [
  ['-Infinity', NEG_INF],
  ['Infinity', POS_INF],
  ['NaN', NAN],
];

/**
 * Rewrite the bare `NaN`, `Infinity` and `-Infinity` tokens Python's `json.dumps` writes (outside
 * strings) as marker strings a reviver turns back into numbers. Undefined when there were none.
 */
function quoteNonFinite(text: string): string | undefined {
  let out = '';
  let from = 0;
  let inString = false;
  let changed = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) {
      inString = true;
      continue;
    }
    if (c !== 0x4e && c !== 0x49 && c !== 0x2d) continue; // N, I, -
    for (const [token, marker] of TOKENS) {
      if (text.startsWith(token, i)) {
        out += `${text.slice(from, i)}${JSON.stringify(marker)}`;
        i += token.length - 1;
        from = i + 1;
        changed = true;
        break;
      }
    }
  }
  return changed ? out + text.slice(from) : undefined;
}

function revive(_key: string, value: unknown): unknown {
  if (value === NAN) return NaN;
  if (value === POS_INF) return Infinity;
  if (value === NEG_INF) return -Infinity;
  return value;
}

/**
 * Parse a frame from a rosbridge server. rosbridge_suite writes non-finite floats as `null` where it
 * can, but floats inside arrays (a JointState's unknown `effort`, a NavSatFix covariance) still come
 * as Python's bare `NaN` / `Infinity` tokens (rosbridge_suite issue #916), which `JSON.parse` refuses.
 * Plain `JSON.parse` runs first; only a frame it refuses is read again with those tokens accepted.
 * Throws the original SyntaxError when the frame is not JSON either way.
 */
export function parseRosbridgeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    const quoted = quoteNonFinite(text);
    if (quoted === undefined) throw e;
    try {
      return JSON.parse(quoted, revive) as unknown;
    } catch {
      throw e;
    }
  }
}
