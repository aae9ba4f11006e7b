/** A value frozen all the way down: what `deepFreeze` returns. */
export type DeepReadonly<T> = T extends (infer E)[]
  ? readonly DeepReadonly<E>[]
  : T extends readonly (infer E)[]
    ? readonly DeepReadonly<E>[]
    : T extends object
      ? T extends (...args: never[]) => unknown
        ? T
        : { readonly [K in keyof T]: DeepReadonly<T[K]> }
      : T;

function isFreezable(value: unknown): value is object {
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return true;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Freeze plain objects and arrays recursively and return the same value. Other objects (class
 * instances, Maps, typed arrays, Dates) are left as they are: freezing them either fails
 * (typed arrays) or does not make them immutable (Map, Set), and would break class invariants.
 * Safe on shared and cyclic structures.
 */
export function deepFreeze<T>(value: T): DeepReadonly<T> {
  const seen = new WeakSet<object>();
  const visit = (v: unknown): void => {
    if (!isFreezable(v) || seen.has(v)) return;
    seen.add(v);
    for (const key of Reflect.ownKeys(v)) visit((v as Record<PropertyKey, unknown>)[key]);
    Object.freeze(v);
  };
  visit(value);
  return value as DeepReadonly<T>;
}
