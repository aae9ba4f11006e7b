import { KindredError, show } from '../../errors/index.js';
import type { AssistLevelLaw } from './AssistLevelLaw.js';
import { JointEffortLawController } from './JointEffortLawController.js';

/** The run-time parameter of `assist_as_needed`: the assistance level, a fraction of full assistance. */
export const ASSIST_LEVEL_PARAM = 'assist_level';

/**
 * `assist_as_needed` on loaned interfaces (see `JointEffortLawController`), with one run-time parameter
 * so a behaviour can set the level a therapist prescribed: `configure({ assist_level: a })` fixes the
 * assistance level at `a` (the launch file's `kp`/`kd` scaled by `a`; no adaptation), and
 * `configure({})` restores the launch file's adaptive law. `a` may only lie in [0, assist_max] of the
 * launch file, so a behaviour can scale assistance down, never beyond what the launch file allows;
 * `kp`, `kd` and the bounds themselves are not run-time parameters. The SafetyGate still limits effort.
 */
export class AssistAsNeededController extends JointEffortLawController<AssistLevelLaw> {
  /**
   * Between cycles: `{ assist_level: a }` fixes the level, `{}` restores the launch file's law. Returns
   * the values in force: `assist_min`/`assist_max` (equal to `assist_level` when fixed) and `assist_level`
   * when fixed. Throws CONTROLLER_PARAM_REFUSED, changing nothing, for another key or a level that is
   * not a number in [0, assist_max].
   */
  configure(params: Readonly<Record<string, number>>): Readonly<Record<string, number>> {
    for (const key of Object.keys(params)) {
      if (key !== ASSIST_LEVEL_PARAM) {
        throw this.refused(key, params[key], `${ASSIST_LEVEL_PARAM} (kp, kd and the assistance bounds are the launch file's)`, `is not a run-time parameter of ${this.type}`);
      }
    }
    const level: unknown = params[ASSIST_LEVEL_PARAM];
    if (level === undefined) {
      this.law.adapt();
      return this.inForce();
    }
    const max = this.law.launch.assistMax;
    const expected = `a number in [0, ${max}] (0 = transparent, ${max} = the launch file's assist_max)`;
    if (typeof level !== 'number' || !Number.isFinite(level) || level < 0 || level > max) {
      throw this.refused(ASSIST_LEVEL_PARAM, level, expected, 'is outside what the launch file allows');
    }
    this.law.fix(level);
    return this.inForce();
  }

  private inForce(): Readonly<Record<string, number>> {
    const fixed = this.law.fixedLevel;
    if (fixed !== undefined) return { [ASSIST_LEVEL_PARAM]: fixed, assist_min: fixed, assist_max: fixed };
    return { assist_min: this.law.launch.assistMin, assist_max: this.law.launch.assistMax };
  }

  private refused(key: string, value: unknown, expected: string, why: string): KindredError {
    return new KindredError('CONTROLLER_PARAM_REFUSED', `controller ${this.name} (${this.type}): ${key} ${show(value)} ${why}; expected ${expected}; the running values are unchanged`, {
      field: `controllers.${this.name}.${key}`,
      value,
      expected,
      controller: this.name,
    });
  }
}
