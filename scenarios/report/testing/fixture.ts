/**
 * A realistic campaign result for the report tests: what `kindred scenario campaign` would return for
 * four scenarios on three robots — a passing actuator-runaway run, a failing force-spike run (late
 * detection, a force above the transient limit, a knee beyond its prescribed range, NaN in a trace,
 * a refused reset), a run that could not be judged (simulation unstable, empty traces, an inert
 * fault) and a passing companion run with no force channels — plus hazard coverage with an uncovered
 * hazard and a mutation test with an unverified monitor. Built from formulas, deterministic.
 */
import type {
  CampaignResult,
  ExpectationResult,
  FaultRecord,
  ForceTrace,
  HazardCoverage,
  JointTrace,
  MutationResult,
  ScenarioRunResult,
  Traces,
} from '../../runner/result.js';

/** Sample times 0, dt, …, durationS. */
function times(durationS: number, dtS: number): number[] {
  const out: number[] = [];
  for (let k = 0; k * dtS <= durationS + 1e-9; k++) out.push(Math.round(k * dtS * 1e6) / 1e6);
  return out;
}

/** Bell-shaped bump of `height` centred on `atS` with width `widthS`. */
function bump(t: number, atS: number, widthS: number, height: number): number {
  const u = (t - atS) / widthS;
  return height * Math.exp(-u * u);
}

/** Largest absolute finite-difference speed over `joints` at each sample. */
function maxSpeed(timeS: readonly number[], joints: readonly JointTrace[]): number[] {
  return timeS.map((t, i) => {
    if (i === 0) return 0;
    const dt = t - (timeS[i - 1] ?? t);
    let best = 0;
    for (const j of joints) {
      const a = j.position[i - 1] ?? NaN;
      const b = j.position[i] ?? NaN;
      if (Number.isFinite(a) && Number.isFinite(b) && dt > 0) best = Math.max(best, Math.abs(b - a) / dt);
    }
    return Math.round(best * 1000) / 1000;
  });
}

const round = (v: number, digits = 4): number => Math.round(v * 10 ** digits) / 10 ** digits;

/** The passing run: the knee drive runs away at 2 s; tracking error stops it 4 ms later. */
export function passingRun(): ScenarioRunResult {
  const timeS = times(8, 0.05);
  const knee: JointTrace = {
    name: 'knee_left',
    unit: 'rad',
    position: timeS.map((t) => round(0.35 + 0.2 * Math.sin(t * 1.3) + (t >= 2 && t < 2.1 ? 0.02 : 0))),
    command: timeS.map((t) => round(0.35 + 0.2 * Math.sin(t * 1.3))),
    lower: 0,
    upper: 1.9,
  };
  const hip: JointTrace = {
    name: 'hip_flexion_left',
    unit: 'rad',
    position: timeS.map((t) => round(0.2 + 0.15 * Math.sin(t * 1.3 + 0.8))),
    command: timeS.map((t) => round(0.2 + 0.15 * Math.sin(t * 1.3 + 0.8))),
    lower: -0.35,
    upper: 1.6,
  };
  const cuff: ForceTrace = {
    channel: 'cuff_shank_left',
    region: 'lower_leg',
    forceN: timeS.map((t) => round(18 + 4 * Math.sin(t * 2.1) + bump(t, 2.02, 0.04, 30), 2)),
    transientLimitN: 130,
    quasiStaticLimitN: 65,
  };
  const traces: Traces = { timeS, joints: [knee, hip], forces: [cuff], maxSpeed: maxSpeed(timeS, [knee, hip]) };
  return {
    scenario: {
      name: 'exo_knee_runaway',
      file: 'scenarios/exo/knee_runaway.scenario.yaml',
      title: { zh: '膝关节驱动失控', en: 'Knee drive runaway' },
      robot: 'kindred_exo',
      scene: 'exo_standing',
      profile: 'exo_patient_default',
      durationS: 8,
      rateHz: 500,
    },
    seed: 7,
    sampled: { 'faults.runaway.magnitude': 3.2417, 'faults.runaway.startS': 2 },
    disabledMonitors: [],
    verdict: 'pass',
    wallMs: 2310,
    simS: 8,
    faults: [
      {
        id: 'runaway',
        type: 'actuator.runaway',
        target: 'knee_left',
        magnitude: 3.2417,
        unit: 'rad/s',
        startS: 2,
        endS: 2.5,
        injected: true,
        appliedCycles: 2,
        evidence: { zh: 'knee_left 驱动器在停止前 2 个周期内速度被改写', en: 'knee_left drive velocity overridden in 2 cycles before the stop' },
        detected: { monitor: 'tracking_error', code: 'SAFETY_TRACKING_ERROR', subject: 'knee_left', timeS: 2.004, latencyMs: 4 },
      },
    ],
    operator: [{ atS: 5, action: 'safety.reset', source: 'tablet', role: 'therapist', outcome: 'accepted', expected: 'accepted', ok: true }],
    expectations: [
      {
        index: 0,
        type: 'state_within',
        description: { zh: '失控后 20 ms 内安全状态进入保护性停止', en: 'safety state reaches protective_stop within 20 ms of runaway' },
        verdict: 'pass',
        measured: { zh: '失控后 4.0 ms 进入保护性停止', en: 'reached protective_stop 4.0 ms after runaway' },
        atS: 2.004,
        attributes: 'tracking_error',
      },
      {
        index: 1,
        type: 'joint_within_range',
        description: { zh: 'knee_left 保持在处方范围 [0, 1.9] rad 内', en: 'knee_left stays within its prescribed range [0, 1.9] rad' },
        verdict: 'pass',
        measured: { zh: '最大 0.55 rad，最小 0.15 rad', en: 'max 0.55 rad, min 0.15 rad' },
      },
      {
        index: 2,
        type: 'operator',
        description: { zh: '故障消除后治疗师复位被接受', en: 'reset by the therapist after the fault clears is accepted' },
        verdict: 'pass',
        measured: { zh: '5.0 s 时复位被接受', en: 'reset accepted at 5.0 s' },
        atS: 5,
      },
    ],
    events: [
      {
        timeS: 2.004,
        kind: 'fault',
        monitor: 'tracking_error',
        subject: 'knee_left',
        reaction: 'stop1',
        code: 'SAFETY_TRACKING_ERROR',
        message: { zh: 'knee_left 跟踪误差 0.21 rad 超过 0.15 rad', en: 'knee_left tracking error 0.21 rad above 0.15 rad' },
      },
      { timeS: 5, kind: 'reset', monitor: 'reset', reaction: 'none', message: { zh: '治疗师从平板复位', en: 'reset by therapist from tablet' } },
    ],
    states: [
      { timeS: 0, state: 'normal' },
      { timeS: 2.004, state: 'protective_stop' },
      { timeS: 5, state: 'recovery' },
      { timeS: 5.5, state: 'normal' },
    ],
    traces,
    log: { records: 6, verified: true },
  };
}

/** The failed expectation the tests look for in the failing run. */
export const LATE_DETECTION: ExpectationResult = {
  index: 0,
  type: 'detected_within',
  description: { zh: 'interaction_force 在 5 ms 内检出力冲击', en: 'interaction_force detects the force spike within 5 ms' },
  verdict: 'fail',
  measured: { zh: '力冲击后 12.0 ms 才检出', en: 'detected 12.0 ms after spike' },
  atS: 3.012,
  attributes: 'interaction_force',
};

/**
 * The failing run: an 80 N offset on the shank cuff's force sensor at 3 s, detected 12 ms late; the
 * force passes the transient limit and the knee its prescribed 1.2 rad; the ankle encoder reads NaN
 * from 5.0 to 5.3 s; a therapist's reset after the cause cleared is refused.
 */
export function failingRun(): ScenarioRunResult {
  const timeS = times(8, 0.05);
  const knee: JointTrace = {
    name: 'knee_left',
    unit: 'rad',
    position: timeS.map((t) => round(0.6 + 0.25 * Math.sin(t * 1.1) + bump(t, 3.25, 0.15, 0.82))),
    command: timeS.map((t) => round(0.6 + 0.25 * Math.sin(t * 1.1))),
    lower: 0,
    upper: 1.2,
  };
  const ankle: JointTrace = {
    name: 'ankle_left',
    unit: 'rad',
    position: timeS.map((t) => (t >= 5 && t <= 5.3 ? NaN : round(0.05 * Math.sin(t * 1.1)))),
    lower: -0.35,
    upper: 0.35,
  };
  const shank: ForceTrace = {
    channel: 'cuff_shank_left',
    region: 'lower_leg',
    forceN: timeS.map((t) => round(20 + 3 * Math.sin(t * 2) + bump(t, 3.1, 0.18, 144), 2)),
    transientLimitN: 130,
    quasiStaticLimitN: 65,
  };
  const thigh: ForceTrace = {
    channel: 'cuff_thigh_left',
    region: 'thigh_knee',
    forceN: timeS.map((t) => round(25 + 5 * Math.sin(t * 2 + 1), 2)),
    transientLimitN: 220,
    quasiStaticLimitN: 110,
  };
  const faults: FaultRecord[] = [
    {
      id: 'ft',
      type: 'sensor.offset',
      target: 'cuff_shank_left/force',
      magnitude: 80,
      unit: 'N',
      startS: 3,
      endS: 4,
      injected: true,
      appliedCycles: 500,
      evidence: { zh: 'cuff_shank_left 读数在 500 个周期内比真实值高 80 N', en: 'cuff_shank_left read 80 N above the true force in 500 cycles' },
      detected: { monitor: 'interaction_force', code: 'SAFETY_FORCE_TRANSIENT', subject: 'lower_leg (cuff_shank_left)', timeS: 3.012, latencyMs: 12 },
    },
    {
      id: 'nan',
      type: 'sensor.nonfinite',
      target: 'ankle_left/position',
      startS: 5,
      endS: 5.3,
      injected: true,
      appliedCycles: 150,
      evidence: { zh: 'ankle_left 位置在 150 个周期内读数为 NaN', en: 'ankle_left position read NaN in 150 cycles' },
      detected: { monitor: 'plausibility', code: 'SAFETY_NONFINITE', subject: 'ankle_left/position', timeS: 5, latencyMs: 0 },
    },
  ];
  return {
    scenario: {
      name: 'exo_cuff_force_spike',
      file: 'scenarios/exo/cuff_force_spike.scenario.yaml',
      title: { zh: '小腿绑带力冲击与踝关节编码器失效', en: 'Shank cuff force spike and ankle encoder failure' },
      robot: 'kindred_exo',
      scene: 'exo_standing',
      profile: 'exo_patient_spastic',
      durationS: 8,
      rateHz: 500,
    },
    seed: 11,
    sampled: { 'faults.ft.magnitude': 80, 'patient.spasticity.gain': 0.731 },
    disabledMonitors: [],
    verdict: 'fail',
    wallMs: 2650,
    simS: 8,
    faults,
    operator: [
      { atS: 6, action: 'safety.reset', source: 'tablet', role: 'caregiver', outcome: 'refused', code: 'SAFETY_RESET_UNAUTHORISED', expected: 'refused', ok: true },
      { atS: 7.5, action: 'safety.reset', source: 'tablet', role: 'therapist', outcome: 'refused', code: 'SAFETY_RESET_CAUSE_PERSISTS', expected: 'accepted', ok: false },
    ],
    expectations: [
      LATE_DETECTION,
      {
        index: 1,
        type: 'force_below',
        description: { zh: 'lower_leg（cuff_shank_left）的力低于瞬态限值 130 N', en: 'force on lower_leg (cuff_shank_left) stays below the transient limit 130 N' },
        verdict: 'fail',
        measured: { zh: '3.10 s 时峰值 163.8 N', en: 'peaked at 163.8 N at 3.10 s' },
        atS: 3.1,
      },
      {
        index: 2,
        type: 'joint_within_range',
        description: { zh: 'knee_left 保持在处方范围 [0, 1.2] rad 内', en: 'knee_left stays within its prescribed range [0, 1.2] rad' },
        verdict: 'fail',
        measured: { zh: '3.25 s 时达到 1.32 rad', en: 'reached 1.32 rad at 3.25 s' },
        atS: 3.25,
      },
      {
        index: 3,
        type: 'state_within',
        description: { zh: '踝关节读数非数值后 2 ms 内进入紧急停止', en: 'safety state reaches emergency_stop within 2 ms of the non-finite ankle reading' },
        verdict: 'pass',
        measured: { zh: '0.0 ms 后进入紧急停止', en: 'reached emergency_stop 0.0 ms after nan' },
        atS: 5,
        attributes: 'plausibility',
      },
    ],
    events: [
      { timeS: 3.012, kind: 'fault', monitor: 'interaction_force', subject: 'lower_leg (cuff_shank_left)', reaction: 'stop2', code: 'SAFETY_FORCE_TRANSIENT' },
      { timeS: 5, kind: 'fault', monitor: 'plausibility', subject: 'ankle_left/position', reaction: 'stop0', code: 'SAFETY_NONFINITE' },
      { timeS: 6, kind: 'reset_refused', monitor: 'reset', reaction: 'none', code: 'SAFETY_RESET_UNAUTHORISED' },
      { timeS: 7.5, kind: 'reset_refused', monitor: 'reset', reaction: 'none', code: 'SAFETY_RESET_CAUSE_PERSISTS' },
    ],
    states: [
      { timeS: 0, state: 'normal' },
      { timeS: 3.012, state: 'protective_stop' },
      { timeS: 5, state: 'emergency_stop' },
    ],
    traces: { timeS, joints: [knee, ankle], forces: [shank, thigh], maxSpeed: maxSpeed(timeS, [knee, ankle]) },
    log: { records: 14, verified: true },
  };
}

/** The run that could not be judged: the simulation went unstable at 1.234 s, before its fault. */
export function errorRun(): ScenarioRunResult {
  return {
    scenario: {
      name: 'transfer_bed_lift',
      file: 'scenarios/transfer/bed_lift.scenario.yaml',
      title: { zh: '床上抬起时患者推挤', en: 'Patient pushes back during the bed lift' },
      robot: 'kindred_transfer',
      scene: 'transfer_bed',
      profile: 'bed_patient_default',
      durationS: 12,
      rateHz: 500,
    },
    seed: 7,
    sampled: {},
    disabledMonitors: [],
    verdict: 'error',
    error: { code: 'SIM_UNSTABLE', message: 'MuJoCo warning mjWARN_BADQACC at t=1.234 s: the simulation is unstable; nothing after it can be judged' },
    wallMs: 910,
    simS: 1.234,
    faults: [
      {
        id: 'push',
        type: 'person.push',
        target: 'bed_patient',
        magnitude: 120,
        unit: 'N',
        startS: 2,
        injected: false,
        appliedCycles: 0,
        evidence: { zh: '运行在注入前已中止', en: 'the run stopped before the injection time' },
      },
    ],
    operator: [],
    expectations: [],
    events: [],
    states: [{ timeS: 0, state: 'normal' }],
    traces: { timeS: [], joints: [], forces: [], maxSpeed: [] },
    log: { records: 1, verified: true },
  };
}

/** A passing run with no force channels: a person falls near the companion robot, which slows down. */
export function noForceRun(): ScenarioRunResult {
  const timeS = times(10, 0.1);
  const pan: JointTrace = {
    name: 'head_pan',
    unit: 'rad',
    position: timeS.map((t) => round(t < 4.35 ? 0.3 * Math.sin(t * 0.7) : 0.3 * Math.sin(4.35 * 0.7) + Math.min(0.6, (t - 4.35) * 0.8))),
    lower: -1.5,
    upper: 1.5,
  };
  return {
    scenario: {
      name: 'companion_fall_nearby',
      file: 'scenarios/companion/fall_nearby.scenario.yaml',
      title: { zh: '附近有人跌倒', en: 'A person falls nearby' },
      robot: 'kindred_companion',
      scene: 'companion_home',
      profile: 'person_default',
      durationS: 10,
      rateHz: 250,
    },
    seed: 7,
    sampled: { 'faults.fall.startS': 4 },
    disabledMonitors: [],
    verdict: 'pass',
    wallMs: 1720,
    simS: 10,
    faults: [
      {
        id: 'fall',
        type: 'person.fall',
        target: 'person_1',
        startS: 4,
        injected: true,
        appliedCycles: 1,
        evidence: { zh: 'person_1 骨盆高度从 0.95 m 降到 0.18 m', en: 'person_1 pelvis height fell from 0.95 m to 0.18 m' },
        detected: { monitor: 'separation', code: 'SAFETY_SEPARATION_WARNING', subject: 'person_1', timeS: 4.35, latencyMs: 350 },
      },
    ],
    operator: [],
    expectations: [
      {
        index: 0,
        type: 'state_within',
        description: { zh: '跌倒后 500 ms 内进入降速', en: 'safety state reaches reduced_speed within 500 ms of the fall' },
        verdict: 'pass',
        measured: { zh: '跌倒后 350 ms 进入降速', en: 'reached reduced_speed 350 ms after fall' },
        atS: 4.35,
        attributes: 'separation',
      },
    ],
    events: [{ timeS: 4.35, kind: 'fault', monitor: 'separation', subject: 'person_1', reaction: 'reduced_speed', code: 'SAFETY_SEPARATION_WARNING' }],
    states: [
      { timeS: 0, state: 'normal' },
      { timeS: 4.35, state: 'reduced_speed' },
      { timeS: 9, state: 'normal' },
    ],
    traces: { timeS, joints: [pan], forces: [], maxSpeed: maxSpeed(timeS, [pan]) },
    log: { records: 3, verified: true },
  };
}

/** Hazards: one covered, one failing, one uncovered (its second scenario was not run), one covered. */
export function hazardsFixture(): HazardCoverage[] {
  return [
    {
      id: 'H-EXO-01',
      description: { zh: '膝关节驱动失控导致患者膝关节过伸', en: "Knee drive runaway hyperextends the patient's knee" },
      severity: 'serious',
      monitors: ['tracking_error'],
      scenarios: ['exo_knee_runaway'],
      passing: ['exo_knee_runaway'],
      failing: [],
      missing: [],
      verdict: 'covered',
    },
    {
      id: 'H-EXO-02',
      description: { zh: '小腿绑带交互力过大', en: 'Excessive interaction force at the shank cuff' },
      severity: 'serious',
      monitors: ['interaction_force', 'plausibility'],
      scenarios: ['exo_cuff_force_spike'],
      passing: [],
      failing: ['exo_cuff_force_spike'],
      missing: [],
      verdict: 'failing',
    },
    {
      id: 'H-TRF-01',
      description: { zh: '抬起时患者被压向床栏', en: 'Patient pressed against the bed rail during the lift' },
      severity: 'critical',
      monitors: ['interaction_force'],
      scenarios: ['transfer_bed_lift', 'transfer_rail_squeeze'],
      passing: [],
      failing: [],
      missing: ['transfer_rail_squeeze'],
      verdict: 'uncovered',
    },
    {
      id: 'H-CMP-01',
      description: { zh: '有人跌倒时机器人未减速', en: 'Robot keeps its speed when a person falls nearby' },
      severity: 'moderate',
      monitors: ['separation'],
      scenarios: ['companion_fall_nearby'],
      passing: ['companion_fall_nearby'],
      failing: [],
      missing: [],
      verdict: 'covered',
    },
  ];
}

/** Mutation results: one verified, one attribution-only, one unverified monitor. */
export function mutationFixture(): MutationResult[] {
  return [
    { monitor: 'tracking_error', verdict: 'verified', killedBy: [{ scenario: 'exo_knee_runaway', seed: 7, expectations: ['expect[0] state_within', 'expect[1] joint_within_range'] }], runs: 1 },
    { monitor: 'interaction_force', verdict: 'attribution_only', killedBy: [{ scenario: 'exo_cuff_force_spike', seed: 11, expectations: ['expect[0] detected_within'] }], runs: 4 },
    { monitor: 'sensor_freshness', verdict: 'unverified', killedBy: [], runs: 4 },
  ];
}

/** A campaign from `runs` with its statistics and verdict worked out as the runner does. */
export function campaignOf(runs: readonly ScenarioRunResult[], extra: Partial<Pick<CampaignResult, 'hazards' | 'mutation'>> = {}): CampaignResult {
  const wallMs = runs.reduce((s, r) => s + r.wallMs, 0) + 120;
  const simS = runs.reduce((s, r) => s + r.simS, 0);
  const passed = runs.filter((r) => r.verdict === 'pass').length;
  const failed = runs.filter((r) => r.verdict === 'fail').length;
  const errored = runs.filter((r) => r.verdict === 'error').length;
  const hazardsOk = (extra.hazards ?? []).every((h) => h.verdict === 'covered');
  const mutationOk = (extra.mutation ?? []).every((m) => m.verdict !== 'unverified');
  return {
    kind: 'campaign',
    startedAt: '2025-06-03T09:41:27.512Z',
    wallMs,
    machine: { cpus: 2, node: 'v20.19.2', platform: 'linux-x64' },
    seeds: [...new Set(runs.map((r) => r.seed))],
    runs,
    ...(extra.hazards === undefined ? {} : { hazards: extra.hazards }),
    ...(extra.mutation === undefined ? {} : { mutation: extra.mutation }),
    verdict: failed + errored === 0 && hazardsOk && mutationOk ? 'pass' : 'fail',
    stats: {
      runs: runs.length,
      passed,
      failed,
      errored,
      scenariosPerMinute: runs.length === 0 ? 0 : round(runs.length / (wallMs / 60_000), 2),
      realTimeFactor: wallMs === 0 ? 0 : round(simS / (wallMs / 1000), 2),
    },
  };
}

/** The whole fixture campaign: four runs (pass, fail, error, pass without forces), hazards and mutation. */
export function campaignFixture(): CampaignResult {
  return campaignOf([passingRun(), failingRun(), errorRun(), noForceRun()], { hazards: hazardsFixture(), mutation: mutationFixture() });
}
