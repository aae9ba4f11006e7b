import type { StopActuator } from '../SafetySupervisor.js';

/**
 * A stand-in for the ControllerManager's stop primitives, for supervisor tests and the benchmark:
 * records every call with the cycle it came in, removes torque on category 0 at once, and on category 1
 * once `finish()` is called (as the gate's deceleration reaching standstill would).
 */
export class FakeActuator implements StopActuator {
  readonly calls: string[] = [];
  stopFinished = false;
  torqueRemoved = false;
  category = -1;
  scale = 1;
  /** Set by the test: the cycle number recorded with each call. */
  cycle = 0;

  beginStop(category: 0 | 1 | 2, stoppingTimeS: number): number {
    this.calls.push(`stop${category}@${this.cycle}`);
    this.category = category;
    this.stopFinished = false;
    if (category === 0) this.torqueRemoved = true;
    return category === 0 ? 0 : stoppingTimeS;
  }

  /** The deceleration reached standstill: category 1 removes torque, category 2 holds. */
  finish(): void {
    this.stopFinished = true;
    if (this.category === 1) this.torqueRemoved = true;
  }

  endStop(): void {
    this.calls.push(`end@${this.cycle}`);
    this.category = -1;
    this.stopFinished = false;
    this.torqueRemoved = false;
  }

  setVelocityScale(scale: number): void {
    this.calls.push(`scale ${scale}@${this.cycle}`);
    this.scale = scale;
  }

  holdAll(): void {
    this.calls.push(`hold@${this.cycle}`);
  }
}
