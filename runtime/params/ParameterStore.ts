import type { z } from 'zod';
import { KindredError } from '../errors/index.js';
import { deepEqual } from './deepEqual.js';
import { deepFreeze, type DeepReadonly } from './deepFreeze.js';
import { jsonSchemaOf } from './describeExpected.js';
import { explainIssue } from './explainIssue.js';
import { formatPath } from './formatPath.js';
import { showValue } from './showValue.js';

/**
 * A check across parameters, beyond what the schema can say (e.g. lower < upper). It sees the
 * values as they would be after the change being made (`get` returns undefined for a parameter not
 * declared yet) and returns undefined when all is well, or what is expected, in words.
 */
export type CrossCheck<T> = (value: T, get: (name: string) => unknown) => string | undefined;

export interface ParameterSpec<S extends z.ZodType> {
  readonly schema: S;
  /** Validated against the schema (and `validate`) at declaration. */
  readonly default: z.input<S>;
  readonly description: string;
  /** Fixed for the life of the process (change it in the launch file). */
  readonly readOnly?: boolean;
  /** Runs on every change to any parameter, so a check declared on `lower` also guards changes to `upper`. */
  readonly validate?: CrossCheck<DeepReadonly<z.output<S>>>;
}

/** Typed access to one declared parameter. */
export interface ParameterHandle<S extends z.ZodType> {
  readonly name: string;
  get(): DeepReadonly<z.output<S>>;
  set(value: z.input<S>): void;
}

/** What `list()` reports for one parameter (served at GET /api/parameters). */
export interface ParameterDescription {
  readonly name: string;
  readonly value: unknown;
  readonly description: string;
  readonly readOnly: boolean;
  /** JSON schema of accepted values (input side), from `z.toJSONSchema`; `{}` where zod cannot express it. */
  readonly type: Readonly<Record<string, unknown>>;
}

export type ParameterListener = (name: string, value: unknown, oldValue: unknown) => void;

export interface ParameterStoreOptions {
  /** Called when a change listener throws; the change itself stands and other listeners still run. */
  readonly onListenerError?: (error: unknown, name: string) => void;
}

interface Entry {
  readonly name: string;
  readonly schema: z.ZodType;
  readonly description: string;
  readonly readOnly: boolean;
  readonly validate: CrossCheck<unknown> | undefined;
  readonly type: Readonly<Record<string, unknown>>;
  value: unknown;
}

/**
 * Runtime parameters: declared once with a zod schema, changed only through validation, never half
 * changed. Values are deep-frozen, so a reader cannot alter them behind the store's back.
 */
export class ParameterStore {
  private readonly entries = new Map<string, Entry>();
  private readonly listeners = new Map<string, Set<ParameterListener>>();
  private readonly onListenerError: (error: unknown, name: string) => void;

  constructor(options: ParameterStoreOptions = {}) {
    this.onListenerError = options.onListenerError ?? (() => undefined);
  }

  /** Declare a parameter. Throws PARAM_DUPLICATE if the name exists, PARAM_INVALID if the default fails. */
  declare<S extends z.ZodType>(name: string, spec: ParameterSpec<S>): ParameterHandle<S> {
    if (this.entries.has(name)) {
      throw new KindredError('PARAM_DUPLICATE', `parameter "${name}" is already declared`, {
        field: name,
        parameter: name,
        expected: 'a name not yet declared',
      });
    }
    const entry: Entry = {
      name,
      schema: spec.schema,
      description: spec.description,
      readOnly: spec.readOnly ?? false,
      validate: spec.validate as CrossCheck<unknown> | undefined,
      type: deepFreeze(jsonSchemaOf(spec.schema) ?? {}),
      value: undefined,
    };
    const value = this.parse(entry, spec.default, 'default of ');
    const problem = entry.validate?.(value, (n) => (n === name ? value : this.entries.get(n)?.value));
    if (problem !== undefined) throw this.crossCheckError(entry, value, problem, [name], 'default of ');
    entry.value = value;
    this.entries.set(name, entry);
    return {
      name,
      get: () => this.get(name) as DeepReadonly<z.output<S>>,
      set: (v: z.input<S>) => this.set(name, v),
    };
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** The current (frozen) value. Throws PARAM_UNKNOWN. */
  get(name: string): unknown {
    return this.entry(name).value;
  }

  /** Validate and apply one value; on rejection nothing changes. */
  set(name: string, value: unknown): void {
    this.setMany({ [name]: value });
  }

  /**
   * Validate every value, then run every cross-check against the combined result, then apply all
   * at once. If anything is refused (PARAM_UNKNOWN, PARAM_READ_ONLY, PARAM_INVALID), nothing
   * changes. Listeners run after the whole batch is applied, once per parameter whose value changed.
   */
  setMany(values: Readonly<Record<string, unknown>>): void {
    const names = Object.keys(values);
    const targets = names.map((n) => this.entry(n));
    for (const e of targets) {
      if (e.readOnly) {
        throw new KindredError('PARAM_READ_ONLY', `parameter "${e.name}" is read-only; change it in the launch file and restart`, {
          field: e.name,
          parameter: e.name,
          value: values[e.name],
          expected: 'no change while running',
        });
      }
    }
    const next = new Map<string, unknown>();
    for (const e of targets) next.set(e.name, this.parse(e, values[e.name], ''));
    const get = (n: string): unknown => (next.has(n) ? next.get(n) : this.entries.get(n)?.value);
    for (const e of this.entries.values()) {
      if (e.validate === undefined) continue;
      const candidate = get(e.name);
      const problem = e.validate(candidate, get);
      if (problem !== undefined) throw this.crossCheckError(e, candidate, problem, names, '');
    }

    const changed: Array<readonly [string, unknown, unknown]> = [];
    for (const [name, value] of next) {
      const e = this.entry(name);
      if (deepEqual(e.value, value)) continue;
      changed.push([name, value, e.value]);
      e.value = value;
    }
    for (const [name, value, old] of changed) this.notify(name, value, old);
  }

  /**
   * Call `listener(name, value, oldValue)` after each change of `name`, or of any parameter for
   * `'*'`. Not called for rejected changes or for values equal to the old. Returns an unsubscribe.
   */
  onChange(name: string, listener: ParameterListener): () => void {
    if (name !== '*') this.entry(name);
    let set = this.listeners.get(name);
    if (set === undefined) {
      set = new Set();
      this.listeners.set(name, set);
    }
    set.add(listener);
    return () => {
      this.listeners.get(name)?.delete(listener);
    };
  }

  /** Every parameter, in declaration order. */
  list(): ParameterDescription[] {
    return [...this.entries.values()].map((e) => ({ name: e.name, value: e.value, description: e.description, readOnly: e.readOnly, type: e.type }));
  }

  private entry(name: string): Entry {
    const e = this.entries.get(name);
    if (e !== undefined) return e;
    const declared = [...this.entries.keys()];
    const known = declared.length === 0 ? 'none are declared' : declared.length <= 20 ? `declared: ${declared.join(', ')}` : `${declared.length} are declared`;
    throw new KindredError('PARAM_UNKNOWN', `unknown parameter "${name}"; ${known}`, {
      field: name,
      parameter: name,
      expected: 'a declared parameter name',
    });
  }

  /** Schema-check a value and return it frozen, or throw PARAM_INVALID naming what was wrong. */
  private parse(e: Entry, value: unknown, what: string): unknown {
    const result = e.schema.safeParse(value);
    if (result.success) return deepFreeze(result.data);
    const issue = result.error.issues.find((i) => i.code === 'unrecognized_keys') ?? result.error.issues[0];
    if (issue === undefined) throw new KindredError('INTERNAL', 'zod reported a failure without issues');
    const why = explainIssue(e.schema, value, issue);
    const inner = why.path.length === 0 ? '' : ` at ${formatPath(why.path)}`;
    const keeps = what === '' ? ` (keeps ${showValue(e.value)})` : '';
    // `limits.upper`, `waypoints[2]`: the parameter's name, then the path inside its value.
    const field = e.name + formatPath(['_', ...why.path]).slice(1);
    let detail: string;
    let expected: string;
    let bad: unknown;
    switch (why.kind) {
      case 'unknown_key':
        expected = why.allowed === undefined ? 'no unknown keys' : `keys ${why.allowed.join(' | ')}`;
        detail = `unknown key "${why.key}"${inner}${why.allowed === undefined ? '' : `; allowed keys here: ${why.allowed.join(' | ')}`}`;
        bad = why.value;
        break;
      case 'missing':
        expected = why.expected;
        detail = `missing key${inner}; expected ${why.expected}`;
        bad = undefined;
        break;
      case 'invalid':
        expected = why.expected;
        detail = `${showValue(why.value)}${inner} is not valid; expected ${why.expected}`;
        bad = why.value;
        break;
    }
    throw new KindredError('PARAM_INVALID', `${what}parameter "${e.name}": ${detail}${keeps}`, { field, parameter: e.name, value: bad, expected });
  }

  private crossCheckError(e: Entry, value: unknown, expected: string, changing: readonly string[], what: string): KindredError {
    const cause = changing.length === 1 && changing[0] === e.name ? '' : ` after setting ${changing.join(', ')}`;
    const keeps = what === '' ? ' (nothing changed)' : '';
    return new KindredError('PARAM_INVALID', `${what}parameter "${e.name}"${cause}: ${showValue(value)} is not valid; expected ${expected}${keeps}`, {
      field: e.name,
      parameter: e.name,
      value,
      expected,
      changing,
    });
  }

  private notify(name: string, value: unknown, old: unknown): void {
    for (const key of [name, '*']) {
      for (const listener of [...(this.listeners.get(key) ?? [])]) {
        try {
          listener(name, value, old);
        } catch (error) {
          this.onListenerError(error, name);
        }
      }
    }
  }
}
