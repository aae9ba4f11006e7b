import type { AnyActorLogic } from 'xstate';
import type { ValidatedLaunch } from '../launch/index.js';
import type { BehaviorHost } from './runtime/BehaviorHost.js';
import type { BehaviorDefinition } from './core/index.js';

/**
 * One timed input of a headless run (`kindred behavior run`): what a person would do at that moment,
 * published on the same bus topics the tablet, voice and perception will use. Times are seconds of
 * simulated time from the start of the behaviour.
 */
export type ScriptedInput =
  | { readonly atS: number; readonly intent: { readonly name: string; readonly role: 'patient' | 'caregiver' | 'therapist'; readonly text?: string; readonly language?: 'zh' | 'en' } }
  | { readonly atS: number; readonly command: 'pause' | 'resume' | 'stop' }
  | { readonly atS: number; readonly estop: string }
  | { readonly atS: number; readonly safetyReset: true }
  | { readonly atS: number; readonly patientSignal: { readonly kind: 'pain' | 'fatigue'; readonly level: number } }
  /** A simulator command (`LoopHost.hardwareCommand('sim', payload)`), e.g. make the simulated person fall. */
  | { readonly atS: number; readonly sim: { readonly op: string } & Readonly<Record<string, unknown>> };

/** What `prepare` returns: everything a headless run needs beyond the launch file. */
export interface PreparedRun {
  /** The machine's input. */
  readonly input: unknown;
  /** Changes to the launch file for this run (e.g. a plan's prescription as a SafetyGate limit layer). */
  readonly launch?: (launch: ValidatedLaunch) => ValidatedLaunch;
  /** The people's side of the run, in time order. */
  readonly script: readonly ScriptedInput[];
  /** Stop the run (as failed) if the behaviour has not finished after this many simulated seconds. */
  readonly timeoutS: number;
}

/** Options of `kindred behavior run <id>`. */
export interface RunOptions {
  /** `--plan <file>` (the rehab session plan). */
  readonly planFile?: string;
  /** `--script <file>`: a YAML list of ScriptedInput replacing the behaviour's demo script. */
  readonly script?: readonly ScriptedInput[];
  readonly seed?: number;
}

/** A behaviour Kindred ships: its definition, the scene it runs in, and how to run it headless. */
export interface ShippedBehavior {
  readonly definition: BehaviorDefinition;
  /** Absolute path of the launch file it runs in (a simulated scene, lock-step in `behavior run`). */
  readonly launchFile: string;
  prepare(options: RunOptions): PreparedRun;
  /**
   * The record printed by `behavior run` and written to `--out` (e.g. the rehab session record), from
   * the run's final output. Default: the output as it is.
   */
  record?(output: unknown): unknown;
  /** Actors of this behaviour's own (besides Kindred's shared ones), bound to the host, by name. */
  actors?(host: BehaviorHost): Readonly<Record<string, AnyActorLogic>>;
}
