import { KindredError } from '../../runtime/errors/index.js';
import { DEFAULT_SENSOR_MODELS, IDEAL_SENSOR, type SensorKind, type SensorModelParams } from './SensorModel.js';

/** Overrides for the channels whose full name (`knee_left/position`) matches `match` (`*` = any text). */
export type SensorRule = { readonly match: string } & { readonly [K in keyof SensorModelParams]?: number | undefined };

/** How the simulated sensors behave: the defaults per kind, or ideal sensors, then rules in order. */
export interface SensorOptions {
  /** Start every channel from a perfect sensor instead of its kind's default (for tests). */
  readonly ideal?: boolean | undefined;
  /** Applied in order; a later rule overrides the fields it sets. */
  readonly rules?: readonly SensorRule[] | undefined;
}

/** A channel as the resolver sees it: its state interface name and which default applies. */
export interface SensorChannel {
  readonly name: string;
  readonly kind: SensorKind;
}

/** Compile a `*` pattern to an anchored regular expression (every other character literal). */
export function globToRegExp(pattern: string): RegExp {
  const body = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`);
}

/**
 * One model per channel: the kind's default (or ideal), then every matching rule. A rule that matches
 * no channel is a configuration mistake (a typo in a joint name) and is rejected, naming the channels.
 */
export function resolveSensorModels(channels: readonly SensorChannel[], options: SensorOptions = {}): SensorModelParams[] {
  const base = channels.map((ch) => (options.ideal === true ? IDEAL_SENSOR : DEFAULT_SENSOR_MODELS[ch.kind]));
  const result: SensorModelParams[] = [...base];
  (options.rules ?? []).forEach((rule, r) => {
    const re = globToRegExp(rule.match);
    const { match: _match, ...fields } = rule;
    let matched = 0;
    channels.forEach((ch, c) => {
      if (!re.test(ch.name)) return;
      matched++;
      result[c] = { ...result[c]!, ...definedOnly(fields) };
    });
    if (matched === 0) {
      throw new KindredError(
        'SIM_SENSOR_RULE_UNMATCHED',
        `sensor rule ${r} (match: ${rule.match}) matches no state interface; interfaces: ${channels.map((c) => c.name).join(', ')}`,
        { field: `sensors.rules[${r}].match`, value: rule.match, expected: 'a pattern matching at least one state interface' },
      );
    }
  });
  return result;
}

function definedOnly(fields: { readonly [K in keyof SensorModelParams]?: number | undefined }): Partial<SensorModelParams> {
  const out: Partial<Record<keyof SensorModelParams, number>> = {};
  for (const [k, v] of Object.entries(fields) as [keyof SensorModelParams, number | undefined][]) if (v !== undefined) out[k] = v;
  return out;
}
