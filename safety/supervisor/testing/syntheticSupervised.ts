import { composeLimits } from '../../limits/composeLimits.js';
import type { ComposedLimits, JointLimits } from '../../limits/JointLimits.js';
import { compileLimits } from '../../limits/LimitTable.js';
import { sweepJoints } from '../../limits/testing/syntheticRobot.js';
import { INPUT } from '../../monitors/Monitor.js';
import { SafetyGate } from '../../SafetyGate.js';
import { buildSupervisor } from '../buildSupervisor.js';
import type { SafetySupervisor, StopActuator } from '../SafetySupervisor.js';
import { supervisorDefaults } from '../supervisorDefaults.js';

/** Which shipped robot's sensors and supervisor defaults to imitate. */
export type SyntheticKind = 'exo' | 'transfer';

/** A SafetyGate and a SafetySupervisor over a synthetic robot, for the benchmark and the allocation probe. */
export interface SyntheticSupervised {
  readonly gate: SafetyGate;
  readonly supervisor: SafetySupervisor;
  readonly stateNames: readonly string[];
  readonly commandNames: readonly string[];
  readonly state: Float64Array;
  readonly requested: Float64Array;
  /** [0] the highest event sequence number "durably logged" (the robots' defaults require it before a reset). */
  readonly loggedSeq: Int32Array;
  /** Fill state and requests for cycle k (a smooth sweep; sensors with noise, as real ones have). */
  prepare(k: number): void;
  /** One cycle's safety work: the supervisor's monitors and reactions, then the gate's enforcement. */
  cycle(): void;
}

const EXO_SENSORS = ['thigh_cuff_left_ft', 'thigh_cuff_right_ft', 'shank_cuff_left_ft', 'shank_cuff_right_ft'];
const TRANSFER_SENSORS = ['forearm_left_ft_sensor', 'forearm_right_ft_sensor'];
const TRANSFER_REGIONS = ['head', 'chest', 'abdomen', 'upper_arm_left', 'upper_arm_right', 'forearm_left', 'forearm_right', 'hand_left', 'hand_right', 'shank_left', 'shank_right'];
const IMU = ['orientation.w', 'orientation.x', 'orientation.y', 'orientation.z', 'angular_velocity.x', 'angular_velocity.y', 'angular_velocity.z', 'linear_acceleration.x', 'linear_acceleration.y', 'linear_acceleration.z'];

/**
 * `joints` knee-like revolute joints (position + effort commands; position, velocity, effort state;
 * every limit set, as in the gate's benchmark) plus the sensors of the exoskeleton (four cuff F/T
 * sensors) or of the transfer robot (two forearm F/T sensors, eleven patient contact regions), an IMU
 * and an e-stop input, supervised with that robot's shipped defaults.
 */
export function syntheticSupervised(kind: SyntheticKind, joints: number, periodS = 0.001): SyntheticSupervised {
  const jointLimits: JointLimits[] = Array.from({ length: joints }, (_, i) => ({
    joint: `j${i}`,
    kind: 'revolute' as const,
    position: { lower: -1, upper: 1.5 },
    soft: { lower: -0.9, upper: 1.4, kPosition: 100, kVelocity: 10 },
    velocity: 3,
    effort: 80,
  }));
  const composed: ComposedLimits = composeLimits([
    { name: 'urdf', joints: jointLimits },
    { name: 'robot', joints: Object.fromEntries(jointLimits.map((j) => [j.joint, { acceleration: 20, jerk: 2000 }])) },
  ]);
  const table = compileLimits(composed);
  const commandNames = jointLimits.flatMap((j) => [`${j.joint}/position`, `${j.joint}/effort`]);
  const sensors = kind === 'exo' ? EXO_SENSORS : TRANSFER_SENSORS;
  const stateNames = [
    ...jointLimits.flatMap((j) => [`${j.joint}/position`, `${j.joint}/velocity`, `${j.joint}/effort`]),
    // The exoskeleton's second (motor-side) encoder per joint, compared with the joint encoder.
    ...(kind === 'exo' ? jointLimits.map((j) => `${j.joint}/motor_position`) : []),
    ...sensors.flatMap((s) => ['force.x', 'force.y', 'force.z', 'torque.x', 'torque.y', 'torque.z'].map((a) => `${s}/${a}`)),
    ...(kind === 'transfer' ? TRANSFER_REGIONS.map((r) => `patient_${r}/contact_force`) : []),
    ...IMU.map((a) => `imu/${a}`),
    'estop/pressed',
  ];
  const state = new Float64Array(stateNames.length);
  const requested = new Float64Array(commandNames.length);
  const stateIndex = new Map(stateNames.map((s, i) => [s, i]));
  const gate = new SafetyGate(
    commandNames.map((name) => ({ name, min: -100, max: 100, ...(name.endsWith('/position') ? { holdStateIndex: stateIndex.get(name)! } : {}) })),
    [],
    { limits: table, stateNames, periodS },
  );
  gate.warmUp();
  const out = gate.enforcedValues as Float64Array;
  const loggedSeq = new Int32Array(1);
  // The ControllerManager's stop semantics around the gate: category 0 removes torque at once,
  // category 1 once its deceleration has finished; a stop never turns torque back on; endStop does.
  const stop = { category: -1, torqueOff: false };
  const actuator: StopActuator = {
    beginStop: (category, stoppingTimeS) => {
      if (stop.torqueOff) return 0;
      stop.category = category;
      if (category === 0) {
        stop.torqueOff = true;
        return 0;
      }
      return gate.beginStop(category, stoppingTimeS, state);
    },
    endStop: () => {
      gate.endStop();
      if (stop.torqueOff) gate.reset();
      stop.category = -1;
      stop.torqueOff = false;
    },
    setVelocityScale: (s) => void gate.setVelocityScale(s),
    holdAll: () => undefined,
    get stopFinished() {
      return stop.category > 0 && gate.stopFinished;
    },
    get torqueRemoved() {
      return stop.torqueOff || (stop.category === 1 && gate.stopFinished);
    },
  };
  const defaults = supervisorDefaults(kind);
  // The robots' defaults name their own joints; the synthetic joints (j0, j1, …) take their place.
  const config =
    kind === 'exo'
      ? { ...defaults, plausibility: { ...defaults.plausibility, redundant: jointLimits.map((j) => ({ a: `${j.joint}/position`, b: `${j.joint}/motor_position`, tolerance: 0.05, cycles: 3 })) } }
      : { ...defaults, trackingError: { ...defaults.trackingError, joint: { j0: { positionTolerance: 0.03 } } } };
  const supervisor = buildSupervisor(
    config,
    { stateNames, commandNames, periodS, stallTimeoutS: 0.2, claimed: new Uint8Array(commandNames.length).fill(1), limits: composed },
    { state, commands: out, actuator, loggedSeq },
  );
  supervisor.warmUp();
  const motorEncoders = kind === 'exo' ? joints : 0;
  const firstSensor = 3 * joints + motorEncoders;
  const sensorEnd = stateNames.length - 1;
  const inputs = supervisor.inputs;
  return {
    gate,
    supervisor,
    stateNames,
    commandNames,
    state,
    requested,
    loggedSeq,
    prepare(k: number): void {
      const t = k * periodS;
      sweepJoints(k, periodS, joints, requested, state, out);
      for (let j = 0; j < motorEncoders; j++) state[3 * joints + j] = state[3 * j]!;
      // Noisy sensors near rest: a few newtons on the F/T sensors, a level IMU.
      for (let s = firstSensor; s < sensorEnd; s++) state[s] = Math.sin(0.37 * k + s) * 2;
      inputs[INPUT.TIME_S] = t;
    },
    cycle(): void {
      supervisor.step();
      gate.enforce(requested, state);
    },
  };
}
