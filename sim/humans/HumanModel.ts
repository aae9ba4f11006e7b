import type { MjData, MjModel } from 'mujoco-js';
import type { MujocoModule } from '../mujoco/types.js';

/**
 * Pieces of MJCF that a simulated person contributes to a scene. Each string holds XML children of
 * the MJCF section of the same name (no enclosing tag); the scene composer (sim/scenes) splices them
 * into one document next to the robot's and the environment's. Names must be unique in the scene:
 * prefix every body, joint, geom, site, actuator and sensor with the model's `prefix`.
 */
export interface MjcfFragment {
  readonly asset?: string;
  readonly default?: string;
  readonly worldbody: string;
  readonly actuator?: string;
  readonly sensor?: string;
  readonly equality?: string;
  readonly contact?: string;
  readonly tendon?: string;
}

/** One named scalar a person model reports each step (exported by SimSystem as a state interface). */
export interface HumanSignal {
  /** `<prefix>_<part>/<quantity>`, e.g. `patient_cuff_thigh_left/force.z` or `person/posture`. */
  readonly name: string;
  readonly unit: string;
  readonly description: string;
}

/**
 * A simulated person in a MuJoCo scene: the exoskeleton patient's legs, the patient lying on a bed,
 * or the person at home. The scene composer asks for its MJCF, compiles the scene, binds the model,
 * then calls `beforeStep`/`afterStep` around every `mj_step`, in the real-time worker's cycle.
 *
 * `beforeStep` and `afterStep` must not allocate (no closures, no arrays, no objects): they run at
 * 1 kHz inside the control loop. Everything they need is resolved in `bind`. All randomness comes
 * from the seeded RNG handed to `bind`, so the same seed gives the same run bit for bit.
 */
export interface HumanModel {
  readonly kind: 'exo_patient' | 'bed_patient' | 'home_person';
  /** Prefix of every MJCF name this model creates (`patient`, `person`). */
  readonly prefix: string;
  mjcf(): MjcfFragment;
  /** Resolve body/joint/actuator/sensor ids in the compiled model; called once, after compile. */
  bind(mujoco: MujocoModule, model: MjModel, rng: () => number): void;
  /** Set this person's actuator controls and applied forces (cuff springs, reflexes, voluntary effort). */
  beforeStep(data: MjData, timeS: number): void;
  /** Update what the person reports (cuff forces, per-region contact forces, posture). */
  afterStep(data: MjData, timeS: number): void;
  /** The scalars this model reports, in a fixed order. */
  signals(): readonly HumanSignal[];
  /** Write the current value of every signal, in `signals()` order, into `out` starting at `offset`. */
  readSignals(out: Float64Array, offset: number): void;
  /**
   * Out-of-cycle commands from tests, scenarios and fault injection (e.g. `{ op: 'fall' }`,
   * `{ op: 'spasm', joint: 'knee_left', durationS: 0.5 }`). Returns a reply or throws a KindredError.
   */
  command?(payload: { readonly op: string } & Record<string, unknown>): unknown;
  /**
   * Forces this person exerts on the robot through actuator-based couplings (the exoskeleton's cuff
   * springs): MuJoCo applies an actuator's force as joint torques, so a force/torque sensor's
   * `<force>` element never sees it. Each entry names the robot site where a force/torque sensor sits
   * and the signal prefix whose `force.x|y|z` is the coupling's force on the person in that site's
   * frame; the simulator adds its opposite to that sensor's reading.
   */
  interactionForces?(): readonly { readonly site: string; readonly signal: string }[];
}
