const identifier = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * A path into a config document as a user would write it: `controllers[1].rateHz`,
 * `joints["knee-left"].limitRad`. The root is the empty string.
 */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'symbol') out += `[${String(key)}]`;
    else if (identifier.test(key)) out += out === '' ? key : `.${key}`;
    else out += `[${JSON.stringify(key)}]`;
  }
  return out;
}
