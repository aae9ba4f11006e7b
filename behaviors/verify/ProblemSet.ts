import type { AnyStateNode } from 'xstate';
import { PROBLEM_KINDS, type VerifyProblem } from './VerifyReport.js';

/**
 * Problems found during one verification, one per key, each with the shortest path seen: the same
 * flaw reached from many states is reported once. The key defaults to kind and state; callers
 * narrow it (the event ignored) or widen it (a leaked child actor, wherever it shows).
 */
export class ProblemSet {
  private readonly byKey = new Map<string, VerifyProblem>();
  private readonly seenOnRealActor = new Set<string>();

  /**
   * Adds a problem unless one with the same key and a path as short is kept. On equal paths a
   * problem seen on a real actor (`onRealActor`) replaces one found by the pure transitions only:
   * its detail carries the evidence.
   */
  add(problem: VerifyProblem, key = `${problem.kind}|${problem.state}`, onRealActor = false): void {
    const kept = this.byKey.get(key);
    const better =
      kept === undefined ||
      problem.path.length < kept.path.length ||
      (onRealActor && !this.seenOnRealActor.has(key) && problem.path.length === kept.path.length);
    if (!better) return;
    this.byKey.set(key, problem);
    if (onRealActor) this.seenOnRealActor.add(key);
    else this.seenOnRealActor.delete(key);
  }

  get size(): number {
    return this.byKey.size;
  }

  /** The problems in `PROBLEM_KINDS` order, then by path length, then by state. */
  list(): VerifyProblem[] {
    const rank = (p: VerifyProblem): number => PROBLEM_KINDS.indexOf(p.kind);
    return [...this.byKey.values()].sort((a, b) => rank(a) - rank(b) || a.path.length - b.path.length || (a.state < b.state ? -1 : a.state > b.state ? 1 : 0));
  }
}

/** The key of a leaked child actor's problem: one per child id and owning state, wherever it shows first. */
export function leakKey(actorId: string, owner: AnyStateNode): string {
  return `actor_not_cancelled|${actorId}|${owner.id}`;
}
