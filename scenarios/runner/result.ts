/**
 * What a scenario run produces: plain, JSON-serialisable data that the reports (JUnit XML, JSON, HTML)
 * are made from and that a safety engineer can archive. Times are simulated seconds from the start of
 * the scenario; forces in newtons; angles in radians (prismatic joints: metres).
 */

/** Text for people, in both languages (zh-CN first where shown on the tablet). */
export interface Bilingual {
  readonly en: string;
  readonly zh: string;
}

export type Verdict = 'pass' | 'fail' | 'error';

/** One injected fault as it happened: when, what, and the evidence that it really took effect. */
export interface FaultRecord {
  readonly id: string;
  /** Fault library type, e.g. `sensor.offset`, `actuator.runaway`, `compute.stall`, `person.fall`. */
  readonly type: string;
  /** What it was injected into: an interface, joint, person or the loop. */
  readonly target: string;
  /** The magnitude used (after sampling a declared range), with its unit. */
  readonly magnitude?: number;
  readonly unit?: string;
  readonly startS: number;
  /** When it was cleared; absent when it lasted to the end. */
  readonly endS?: number;
  /** True when the injection hook acknowledged it and it took effect (see `evidence`). */
  readonly injected: boolean;
  /** Control cycles in which the fault changed what the system saw or did (0 = inert injection). */
  readonly appliedCycles: number;
  /** How we know it was injected, for people. */
  readonly evidence: Bilingual;
  /** The first safety fault raised at or after the injection, if any. */
  readonly detected?: { readonly monitor: string; readonly code: string; readonly subject?: string; readonly timeS: number; readonly latencyMs: number };
}

/** An operator action of the scenario (e-stop press/release, reset attempt, conflicting commands). */
export interface OperatorRecord {
  /** The action's id in the scenario, when it has one. */
  readonly id?: string;
  readonly atS: number;
  readonly action: string;
  readonly source?: string;
  readonly role?: string;
  /** What happened: `accepted`, `refused` (with the code) or `done`. */
  readonly outcome: 'accepted' | 'refused' | 'done';
  readonly code?: string;
  /** What the scenario said should happen, when it said. */
  readonly expected?: 'accepted' | 'refused';
  readonly ok: boolean;
}

/** One expectation and its verdict, with what was measured. */
export interface ExpectationResult {
  /** `expect[3]` style index into the scenario file, for finding it. */
  readonly index: number;
  readonly type: string;
  /** The expectation as a sentence: "safety state reaches protective_stop within 5 ms of ft". */
  readonly description: Bilingual;
  readonly verdict: 'pass' | 'fail';
  /** The measurement it was judged on: "reached protective_stop 0.0 ms after ft". */
  readonly measured: Bilingual;
  /** When the expectation's subject happened or was violated, for marking the plots. */
  readonly atS?: number;
  /** The monitor this expectation attributes detection to, if it does (used by the mutation test). */
  readonly attributes?: string;
}

/** One scripted input delivered to the scenario's behaviour, and whether it went through. */
export interface BehaviorInputRecord {
  readonly atS: number;
  /** `intent:help`, `command:stop`, `estop`, `safetyReset`, `patientSignal`, `sim:<op>`. */
  readonly input: string;
  readonly ok: boolean;
  /** Why it did not go through (a refused reset's code, a failed simulator command). */
  readonly code?: string;
}

/** A caregiver alert the behaviour raised (kindred_msgs/CaregiverAlert on `/caregiver/alerts`). */
export interface BehaviorAlertRecord {
  readonly atS: number;
  readonly severity: 'info' | 'warning' | 'urgent';
  /** `fall`, `help_request`, `reminder_ignored`, `pain`, … */
  readonly kind: string;
  readonly personId: string;
}

/** How the scenario's behaviour (`behavior:`) ran: its end, when, and the behaviour's own record. */
export interface BehaviorRunRecord {
  /** The shipped behaviour's id (`companion`, `rehab`, `transfer`). */
  readonly id: string;
  readonly runId: string;
  /** `stopped` also when it was still running at the end of the scenario (see `stoppedAtEnd`). */
  readonly status: 'done' | 'stopped' | 'error';
  /** True when the behaviour was still running when the scenario ended and the runner stopped it. */
  readonly stoppedAtEnd: boolean;
  /** Its last state (dotted path) and tags. */
  readonly state: string;
  readonly tags: readonly string[];
  /** Scenario time at which it ended, s. */
  readonly endedAtS: number;
  readonly error?: { readonly code: string; readonly message: string };
  readonly inputs: readonly BehaviorInputRecord[];
  /** Every caregiver alert it raised, in order: seen even when it did not finish (no record then). */
  readonly alerts: readonly BehaviorAlertRecord[];
  /** The behaviour's record of its run (`ShippedBehavior.record` of its output, plain JSON), when it finished. */
  readonly record?: unknown;
}

/** A safety event (from the durable log), simplified for reports. */
export interface TimelineEvent {
  readonly timeS: number;
  readonly kind: string;
  readonly monitor: string;
  readonly subject?: string;
  readonly reaction: string;
  readonly code?: string;
  readonly message?: Bilingual;
}

/** A supervisor state change (normal, reduced_speed, protective_stop, emergency_stop, recovery). */
export interface StateChange {
  readonly timeS: number;
  readonly state: string;
}

/** A joint's trace against its prescribed range. */
export interface JointTrace {
  readonly name: string;
  readonly unit: 'rad' | 'm';
  readonly position: readonly number[];
  /** The commanded position (set-point after the SafetyGate), where the joint is position-controlled. */
  readonly command?: readonly number[];
  readonly lower: number;
  readonly upper: number;
}

/** A force channel's trace against its body-region limits. */
export interface ForceTrace {
  readonly channel: string;
  readonly region: string;
  readonly forceN: readonly number[];
  readonly transientLimitN: number;
  readonly quasiStaticLimitN: number;
}

/** Decimated traces (at most a few hundred samples), sampled at `timeS`. */
export interface Traces {
  readonly timeS: readonly number[];
  readonly joints: readonly JointTrace[];
  readonly forces: readonly ForceTrace[];
  /** Largest joint speed over all joints at each sample, rad/s (or m/s). */
  readonly maxSpeed: readonly number[];
}

/** One run of one scenario with one seed. */
export interface ScenarioRunResult {
  readonly scenario: {
    readonly name: string;
    readonly file: string;
    readonly title: Bilingual;
    readonly robot: string;
    readonly scene: string;
    readonly profile?: string;
    readonly durationS: number;
    readonly rateHz: number;
  };
  readonly seed: number;
  /** Values sampled from the scenario's declared ranges for this seed, by path (`faults.ft.magnitude`). */
  readonly sampled: Readonly<Record<string, number>>;
  /** Monitors switched off for a mutation run (empty for a normal run). */
  readonly disabledMonitors: readonly string[];
  readonly verdict: Verdict;
  /** Why the run could not be judged (verdict `error`). */
  readonly error?: { readonly code: string; readonly message: string };
  readonly wallMs: number;
  /** Simulated seconds run. */
  readonly simS: number;
  readonly faults: readonly FaultRecord[];
  readonly operator: readonly OperatorRecord[];
  readonly expectations: readonly ExpectationResult[];
  readonly events: readonly TimelineEvent[];
  readonly states: readonly StateChange[];
  readonly traces: Traces;
  /** The run's durable safety log: how many records and whether its hash chain verifies. */
  readonly log: { readonly records: number; readonly verified: boolean; readonly problem?: string };
  /** The behaviour the scenario ran (`behavior:`), when it ran one. */
  readonly behavior?: BehaviorRunRecord;
}

/** Hazard traceability: one hazard of `scenarios/hazards.yaml` and the runs that verify it. */
export interface HazardCoverage {
  readonly id: string;
  readonly description: Bilingual;
  readonly severity: string;
  readonly monitors: readonly string[];
  readonly scenarios: readonly string[];
  /** Scenarios (by name) with every run passing. */
  readonly passing: readonly string[];
  readonly failing: readonly string[];
  /** Scenarios listed for the hazard but not run in this campaign or not found. */
  readonly missing: readonly string[];
  /** `covered` needs at least one passing scenario and none failing. */
  readonly verdict: 'covered' | 'uncovered' | 'failing';
}

/** The mutation test of one monitor: the campaign re-run with it disabled. */
export interface MutationResult {
  readonly monitor: string;
  /** verified: some outcome expectation failed without it; attribution_only: only expectations naming it failed; unverified: nothing failed. */
  readonly verdict: 'verified' | 'attribution_only' | 'unverified';
  readonly killedBy: readonly { readonly scenario: string; readonly seed: number; readonly expectations: readonly string[] }[];
  /** Scenario runs it took to decide. */
  readonly runs: number;
}

/** A whole `kindred scenario run` or `campaign`. */
export interface CampaignResult {
  readonly kind: 'run' | 'campaign';
  readonly startedAt: string;
  readonly wallMs: number;
  readonly machine: { readonly cpus: number; readonly node: string; readonly platform: string };
  readonly seeds: readonly number[];
  readonly runs: readonly ScenarioRunResult[];
  /** Present when a hazards file was used. */
  readonly hazards?: readonly HazardCoverage[];
  /** Present when the mutation test ran. */
  readonly mutation?: readonly MutationResult[];
  readonly verdict: 'pass' | 'fail';
  readonly stats: {
    readonly runs: number;
    readonly passed: number;
    readonly failed: number;
    readonly errored: number;
    readonly scenariosPerMinute: number;
    /** Simulated seconds per wall second, summed over parallel runs. */
    readonly realTimeFactor: number;
  };
}
