import type { EventObject } from 'xstate';
import type { BilingualText } from '../core/conventions.js';

/**
 * What can be wrong with a behaviour, in the order `formatReport` lists them:
 *
 * - `safety_unhandled`: a state ignores `safety.stop` or `safety.estop` (no enabled transition).
 * - `unsafe_after_safety`: after a stop event the behaviour is in a state tagged neither `safe` nor
 *   `stopping`, or a `stopping` state continues into one (motion resumes during a controlled stop).
 * - `safety_bound_exceeded`: some continuation does not reach `safe` within `safetyBound`
 *   transitions (a long or cyclic chain of `stopping` states, or one with no way on).
 * - `resumed_without_clear`: after a safety stop reached `safe`, an event other than
 *   `safety.cleared` led back to a state that is neither `safe` nor `stopping`.
 * - `dead_end`: a state that is not final has no transition among the exploration events (the
 *   safety stop events not counted).
 * - `final_not_safe`: the behaviour finished in a state not tagged `safe`.
 * - `actor_not_cancelled`: a child actor is still running after the state that started it was left.
 * - `actor_error_unhandled`: a child actor's failure (`xstate.error.actor.<id>`) has no handler, so
 *   the behaviour itself fails.
 * - `actor_not_swappable`: an actor given inline rather than by name, which the verifier (and tests)
 *   cannot replace with `machine.provide`.
 * - `transition_error`: a transition threw, or left the machine in status `error`.
 * - `pause_unhandled` / `resume_unhandled`: a state tagged `pausable` / `resumable` where
 *   `operator.pause` does not lead to a `resumable` state / `operator.resume` does not leave it.
 * - `tag_conflict`: a state tagged both `safe` and `stopping`, or handling pause/resume without the tag.
 * - `replay_diverged`: a real actor replaying a path ended elsewhere than the pure transitions did
 *   (the machine does something the exploration cannot see, e.g. sends itself events).
 * - `exploration_incomplete`: `maxStates` was reached with states left unvisited (states beyond a
 *   declared `maxDepth` are counted in `beyondMaxDepth` instead, not failed).
 */
export const PROBLEM_KINDS = [
  'safety_unhandled',
  'unsafe_after_safety',
  'safety_bound_exceeded',
  'resumed_without_clear',
  'dead_end',
  'final_not_safe',
  'actor_not_cancelled',
  'actor_error_unhandled',
  'actor_not_swappable',
  'transition_error',
  'pause_unhandled',
  'resume_unhandled',
  'tag_conflict',
  'replay_diverged',
  'exploration_incomplete',
] as const;

/** One of `PROBLEM_KINDS`. */
export type ProblemKind = (typeof PROBLEM_KINDS)[number];

/** One thing wrong with a behaviour, with the shortest known way to reproduce it. */
export interface VerifyProblem {
  readonly kind: ProblemKind;
  /** Where it shows, as the state value's leaf paths (`session.set.repetition`; parallel regions joined by `, `). */
  readonly state: string;
  /** Event types from the initial state to the problem, the offending event last. */
  readonly path: readonly string[];
  /** The same events in full, to replay with `transition` or on an actor. */
  readonly events: readonly EventObject[];
  readonly detail: BilingualText;
}

/** The result of `verifyBehavior`: `ok` when `problems` is empty. */
export interface VerifyReport {
  readonly behaviorId: string;
  readonly ok: boolean;
  /** Distinct states visited (by the definition's state key). */
  readonly statesVisited: number;
  /** Enabled (state, event) pairs explored. */
  readonly transitions: number;
  /** Length of the longest shortest path to a visited state. */
  readonly depthReached: number;
  /** States found beyond `explore.maxDepth` and not explored (0 when the exploration is complete). */
  readonly beyondMaxDepth: number;
  /** Transitions replayed on a real actor (with stand-in child actors), each from the state its path reached on a real actor. */
  readonly replays: number;
  /** Transitions that would have been replayed but `maxReplays` cut off (the pure check still covered them). */
  readonly replaysSkipped: number;
  readonly problems: readonly VerifyProblem[];
}

/** Knobs of `verifyBehavior` that are not part of a behaviour's definition. */
export interface VerifyOptions {
  /** Replay paths on a real actor to see child actors cleaned up (default true). */
  readonly replay?: boolean;
  /** Most transitions replayed on real actors (default 50 000); those beyond are counted in `replaysSkipped`. */
  readonly maxReplays?: number;
  /** Require `safety.cleared` before motion after a safety stop (default true). */
  readonly requireClearToResume?: boolean;
}
