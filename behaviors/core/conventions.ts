/**
 * The contract every Kindred behaviour follows, checked mechanically by `verifyBehavior`
 * (`behaviors/verify`) and by `kindred behavior verify` in CI.
 *
 * A behaviour is an XState v5 machine built with `setup({ types, actors, actions, guards })
 * .createMachine(...)`. It never touches hardware: it sends goals to motion and speech through
 * actors referenced **by name** in `setup({ actors })` (so tests and the verifier can swap them with
 * `machine.provide`). On top of that:
 *
 * **Events.** Every behaviour accepts the safety events `safety.stop` and `safety.estop` in every
 * state (usually with one handler on the root or on the top state that moves: XState lets a child
 * state override it). `safety.cleared` arrives after an authorised reset of the supervisor; it is the
 * only event that may take a behaviour from a safety stop back to motion. The operator events
 * (`operator.pause`, `operator.resume`, `operator.stop`) are offered only where the behaviour offers
 * them; where a state handles pause or resume it must carry the matching tag.
 *
 * **Tags.** `safe`: nothing is commanded to move (the robot holds or is at rest; speaking, listening
 * and showing things are not motion). `stopping`: a
 * controlled transition to a safe state is under way (lowering the patient to the nearest support,
 * decelerating) — allowed only on the way from a stop to `safe`. `pausable` / `resumable`: states
 * where `operator.pause` / `operator.resume` are offered. A state is never both `safe` and `stopping`.
 *
 * **What the verifier proves** (see `behaviors/verify/README.md`): from every reachable state each
 * safety stop reaches a `safe` state within `explore.safetyBound` transitions, directly or through
 * `stopping` states every continuation of which stays `stopping`/`safe`; after a safety stop nothing
 * but `safety.cleared` leads back to motion; no state is a dead end; a finished behaviour is `safe`;
 * every child actor is stopped when the state that started it is left; pause and resume work from
 * every state tagged for them; an actor's failure never crashes the behaviour.
 */
import type { AnyStateMachine, EventFromLogic, EventObject, InputFrom, SnapshotFrom } from 'xstate';

/** IEC 60204-1 stop category the supervisor applied: 0 torque off at once, 1 decelerate then torque off, 2 controlled stop and hold. */
export type StopCategory = 0 | 1 | 2;

/** Every stop category, in order; the verifier tries each one. */
export const STOP_CATEGORIES: readonly StopCategory[] = [0, 1, 2];

/** The supervisor left normal operation (a monitor latched a stop). `code` is the supervisor's error code, e.g. `SAFETY_FORCE_LIMIT`. */
export interface SafetyStopEvent {
  readonly type: 'safety.stop';
  readonly category: StopCategory;
  readonly code: string;
}

/** An emergency stop from any source (hardware button, tablet, voice "停", CLI). */
export interface SafetyEstopEvent {
  readonly type: 'safety.estop';
  readonly source: string;
}

/** The supervisor accepted an authorised reset: the only way from a safety stop back to motion. */
export interface SafetyClearedEvent {
  readonly type: 'safety.cleared';
}

/** The safety events a behaviour receives; `safety.*` can be handled in one place. */
export type SafetyEvent = SafetyStopEvent | SafetyEstopEvent | SafetyClearedEvent;

/** Operator (therapist, caregiver) asks to pause; offered in states tagged `pausable`. */
export interface OperatorPauseEvent {
  readonly type: 'operator.pause';
}

/** Operator asks to resume; offered in states tagged `resumable`. */
export interface OperatorResumeEvent {
  readonly type: 'operator.resume';
}

/** Operator asks to end the behaviour; where offered it must reach `safe` as a safety stop does. */
export interface OperatorStopEvent {
  readonly type: 'operator.stop';
}

/** The operator events a behaviour may offer. */
export type OperatorEvent = OperatorPauseEvent | OperatorResumeEvent | OperatorStopEvent;

/** The events every behaviour's event union should include (`types: { events: {} as KindredBehaviorEvent | MyEvents }`). */
export type KindredBehaviorEvent = SafetyEvent | OperatorEvent;

/** The state tags with a meaning to Kindred (see the file comment). */
export const BEHAVIOR_TAG = {
  safe: 'safe',
  stopping: 'stopping',
  pausable: 'pausable',
  resumable: 'resumable',
} as const;

/** One of Kindred's state tags; machines may use other tags besides. */
export type BehaviorTag = (typeof BEHAVIOR_TAG)[keyof typeof BEHAVIOR_TAG];

/** User-facing text in both languages Kindred speaks. */
export interface BilingualText {
  readonly en: string;
  readonly zh: string;
}

/**
 * The sample events that drive exploration: a fixed list, or a function of the current snapshot
 * (for events whose payload depends on the state, e.g. a repetition result within the prescribed
 * range). The verifier adds on its own, in every state: the `after` timeouts of the active states,
 * the completion and failure of every child actor alive (`xstate.done.actor.<id>` with each output
 * of `actorOutputs`, `xstate.error.actor.<id>`), the operator events and the safety events.
 */
export type ExploreEvents<TMachine extends AnyStateMachine> =
  | readonly EventFromLogic<TMachine>[]
  | ((snapshot: SnapshotFrom<TMachine>) => readonly EventFromLogic<TMachine>[]);

/** How the verifier explores a machine: what it sends, how far it goes, and the bound it proves. */
export interface BehaviorExploration<TMachine extends AnyStateMachine> {
  /** Sample events (see `ExploreEvents`). Include every event a real run can deliver, at least once per kind of payload a guard distinguishes. */
  readonly events: ExploreEvents<TMachine>;
  /** Maximum number of transitions from a safety event (that one included) to a state tagged `safe`, on every path. */
  readonly safetyBound: number;
  /** The machine's input for the exploration: it must make the machine's actions harmless (e.g. a bus nobody reads). */
  readonly input?: InputFrom<TMachine>;
  /** Outputs to try when a child actor completes, by child id or actor name (default: one `undefined`). */
  readonly actorOutputs?: Readonly<Record<string, readonly unknown[]>>;
  /** Extra safety events to try besides one `safety.stop` per category and one `safety.estop`, e.g. codes a guard tells apart. */
  readonly safetyEvents?: readonly (SafetyStopEvent | SafetyEstopEvent)[];
  /**
   * Longest path (in events) from the initial state the exploration follows. When set, states
   * beyond it are declared out of scope and reported as a warning, not a failure; when unset the
   * exploration is complete or fails with `exploration_incomplete`.
   */
  readonly maxDepth?: number;
  /** Most distinct states visited before the exploration gives up with `exploration_incomplete` (default 5000). */
  readonly maxStates?: number;
  /**
   * Identity of a state for the exploration (default: state value, context, history, child ids and
   * status). Supply one that abstracts context the behaviour's decisions do not depend on (elapsed
   * times, measurements) to keep the state space finite.
   */
  readonly stateKey?: (snapshot: SnapshotFrom<TMachine>) => string;
}

/** A shipped behaviour: the machine, its bilingual description and how to explore it. */
export interface BehaviorDefinition<TMachine extends AnyStateMachine = AnyStateMachine> {
  /** Lower-case name used on the CLI (`kindred behavior run <id>`), e.g. `rehab`, `transfer`, `companion`. */
  readonly id: string;
  readonly machine: TMachine;
  readonly description: BilingualText;
  readonly explore: BehaviorExploration<TMachine>;
}

/** Resolves to `unknown` when the machine's events include both safety stop events, otherwise to a type no value has. */
export type AcceptsSafetyEvents<TMachine extends AnyStateMachine> = [SafetyStopEvent] extends [EventFromLogic<TMachine>]
  ? [SafetyEstopEvent] extends [EventFromLogic<TMachine>]
    ? unknown
    : { readonly 'machine must accept safety.estop': never }
  : { readonly 'machine must accept safety.stop': never };

/**
 * Declares a behaviour. Identity at run time; at compile time it refuses a machine whose event
 * union lacks `safety.stop` or `safety.estop` and checks the explore events against the machine's.
 */
export function defineBehavior<TMachine extends AnyStateMachine>(
  definition: BehaviorDefinition<TMachine> & AcceptsSafetyEvents<TMachine>,
): BehaviorDefinition<TMachine> {
  return definition;
}

/** True for the two events that stop the robot for safety (`safety.stop`, `safety.estop`). */
export function isSafetyStop(event: EventObject): event is SafetyStopEvent | SafetyEstopEvent {
  return event.type === 'safety.stop' || event.type === 'safety.estop';
}
