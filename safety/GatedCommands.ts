/**
 * The only kind of command a hardware component accepts: values that have passed the SafetyGate.
 *
 * `GatedCommands` is branded with a symbol this module does not export, so only code in `safety/`
 * can produce one (short of a cast, which lint forbids outside `safety/`). Together with the
 * dependency rule that hardware `write` is reached only through the gate, this makes "every actuator
 * command passes the SafetyGate" structural rather than a convention.
 */
declare const gatedBrand: unique symbol;

/** Result of one `read`, `update` or `write` inside a control cycle. Nothing throws inside a cycle. */
export type CycleStatus = 'ok' | 'error' | 'deactivate';

export interface GatedCommands {
  /** One value per command interface of the receiving component, in its declared order (SI units). */
  readonly values: Float64Array;
  readonly [gatedBrand]: true;
}

/** What the gate needs of a hardware component: a write that takes gated commands only. */
export interface GatedWriter {
  readonly name: string;
  write(timeS: number, periodS: number, commands: GatedCommands): CycleStatus;
}

/** Wrap a view of the gate's enforced buffer. Only `safety/` calls this. */
export function brandGated(values: Float64Array): GatedCommands {
  return { values } as GatedCommands;
}
