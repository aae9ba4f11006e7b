import type { JointTrajectoryLike, JointTrajectorySample } from './JointTrajectory.js';
import { JointTrajectorySampler, type JointTrajectorySamplerOptions } from './JointTrajectorySampler.js';

interface Cached {
  readonly sampler: JointTrajectorySampler;
  readonly options: JointTrajectorySamplerOptions | undefined;
}

const cache = new WeakMap<JointTrajectoryLike, Cached>();

/**
 * Samples `traj` at `tS` seconds into `out` (see `JointTrajectorySampler` for the rules). The first
 * call for a message validates it and fits its splines; later calls with the same message object and
 * the same options object reuse that work and allocate nothing. Messages are treated as immutable:
 * after changing one, build a new `JointTrajectorySampler` instead.
 */
export function sampleTrajectory(
  traj: JointTrajectoryLike,
  tS: number,
  out: JointTrajectorySample,
  options?: JointTrajectorySamplerOptions,
): JointTrajectorySample {
  let entry = cache.get(traj);
  if (entry === undefined || entry.options !== options) {
    entry = { sampler: new JointTrajectorySampler(traj, options), options };
    cache.set(traj, entry);
  }
  return entry.sampler.sample(tS, out);
}
