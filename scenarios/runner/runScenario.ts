import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { SIM_SCENES } from '../../launch/index.js';
import { toLoopConfig } from '../../launch/index.js';
import { isKindredError, KindredError } from '../../runtime/errors/index.js';
import { silentLogger, type Logger } from '../../runtime/logging/index.js';
import type { PluginHardwareSpec } from '../../runtime/control/index.js';
import { LoopHost, resolveLoopLimits, type LoopConfig } from '../../runtime/loop/index.js';
import { SafetyLog } from '../../safety/log/index.js';
import { supervisorDefaults, type MonitorName, type SupervisorConfigInput, type SupervisorProfile } from '../../safety/supervisor/index.js';
import { loadHumanProfile } from '../../sim/profiles/index.js';
import { COMPANION_ROBOT_START } from '../../sim/scenes/index.js';
import type { SimHardwareConfig } from '../../sim/plugin.js';
import { simPluginModuleUrl } from '../../sim/SimHost.js';
import { SeededRng } from '../../sim/rng.js';
import { ActivityPlayer } from './activity.js';
import { runCrashScenario } from './crashScenario.js';
import { judgeExpectations, type RunSamples } from './expectations.js';
import { FaultInjector, type ResolvedFault } from './faultInjector.js';
import type { LoadedScenario } from './loadScenario.js';
import type { BehaviorRunRecord, OperatorRecord, ScenarioRunResult, TimelineEvent } from './result.js';
import { prepareScenarioBehavior, ScenarioBehaviorRun, type PreparedScenarioBehavior } from './scenarioBehavior.js';
import type { OperatorAction, Sampled } from './scenarioSchema.js';
import { timelineEvents } from './timeline.js';
import { decimateTraces, TraceRecorder } from './traces.js';

/** How a scenario is run. */
export interface RunScenarioOptions {
  /** Overrides the scenario's own seed (the simulator's and the draws from declared ranges). */
  readonly seed?: number;
  /** Monitors removed for the mutation test. */
  readonly disabledMonitors?: readonly MonitorName[];
  /** Keep the run's durable safety log in this folder (created); default: a temporary folder, removed. */
  readonly logDir?: string;
  /** Samples per trace in the result (default 400). */
  readonly traceSamples?: number;
  readonly logger?: Logger;
}

const ROBOT_PROFILE = { kindred_exo: 'exo', kindred_transfer: 'transfer', kindred_companion: 'companion' } as const satisfies Record<string, SupervisorProfile>;

/** The supervisor a scenario runs with: the robot's shipped defaults, as `kindred start` uses them. */
export function scenarioSupervisor(loaded: LoadedScenario, disabled: readonly MonitorName[]): SupervisorConfigInput {
  const profile = ROBOT_PROFILE[SIM_SCENES[loaded.scenario.scene]];
  const base = profile === 'companion' ? supervisorDefaults(profile, { baseXM: COMPANION_ROBOT_START.x, baseYM: COMPANION_ROBOT_START.y }) : supervisorDefaults(profile);
  return { ...base, reset: { ...base.reset, requireLoggedEvents: true }, disabledMonitors: [...disabled] };
}

/** Draw a declared range with the run's seed (recording the value); a plain number is itself. */
function sampler(seed: number): { draw(v: Sampled, path: string): number; sampled: Record<string, number> } {
  const rng = new SeededRng(seed, 11);
  const sampled: Record<string, number> = {};
  return {
    sampled,
    draw(v, path) {
      if (typeof v === 'number') return v;
      const x = v.min + (v.max - v.min) * rng.uniform();
      sampled[path] = x;
      return x;
    },
  };
}

/**
 * Run one scenario with one seed, headless and in lock-step: the real-time worker with the MuJoCo
 * simulator as its hardware and the robot's shipped supervisor, a durable safety log, the activity's
 * set-points each cycle, faults and operator actions at their times (between cycles, as out-of-cycle
 * commands do), and a sample of state, forces and safety status after every cycle. The verdict comes
 * from the expectations, judged on those samples and on the durable log read back from disk — and a
 * fault whose injection had no effect (no cycle changed) fails the run, so a green run means the fault
 * was really there. A scenario with a `behavior:` runs that shipped behaviour instead of an activity
 * (`ScenarioBehaviorRun`: its bus and clock follow the loop cycle by cycle), and how it ended is judged too.
 */
export async function runScenario(loaded: LoadedScenario, options: RunScenarioOptions = {}): Promise<ScenarioRunResult> {
  const started = performance.now();
  const s = loaded.scenario;
  const seed = options.seed ?? s.seed;
  const { draw, sampled } = sampler(seed);
  const faults: ResolvedFault[] = s.faults.map((f) => ({
    id: f.id,
    type: f.type,
    target: f.target,
    params: f.params,
    atS: draw(f.atS, `faults.${f.id}.atS`),
    ...(f.durationS === undefined ? {} : { durationS: draw(f.durationS, `faults.${f.id}.durationS`) }),
    ...(f.magnitude === undefined ? {} : { magnitude: draw(f.magnitude, `faults.${f.id}.magnitude`) }),
  }));
  const operator = s.operator.map((o, i) => ({ ...o, atS: draw(o.atS, `operator.${i}.atS`) }));
  const disabled = options.disabledMonitors ?? [];
  // The scenario's behaviour, when it names one: its launch replaces the scene's.
  let behavior: PreparedScenarioBehavior | undefined;
  let behaviorError: unknown;
  try {
    behavior = await prepareScenarioBehavior(loaded);
  } catch (e) {
    behaviorError = e;
  }
  const launch = behavior?.launch ?? loaded.launch;
  const profile = profileOf(loaded, launch);
  const meta = {
    name: s.name,
    file: loaded.file,
    title: s.title,
    robot: SIM_SCENES[s.scene],
    scene: s.scene,
    ...(profile === undefined ? {} : { profile }),
    durationS: s.durationS,
    rateHz: launch.loop.rateHz,
  };
  const base = { scenario: meta, seed, sampled, disabledMonitors: [...disabled] };
  if (behaviorError !== undefined) return failedRun(base, behaviorError, started);

  const crash = faults.find((f) => f.type === 'compute.crash');
  if (crash !== undefined) {
    try {
      return { ...base, ...(await runCrashScenario(loaded, crash.atS)) };
    } catch (e) {
      return failedRun(base, e, started);
    }
  }

  const keepLog = options.logDir !== undefined;
  const logDir = options.logDir ?? mkdtempSync(join(tmpdir(), 'kindred-scenario-'));
  if (keepLog) mkdirSync(logDir, { recursive: true });
  let log: SafetyLog | undefined;
  let host: LoopHost | undefined;
  let behaviorRun: ScenarioBehaviorRun | undefined;
  try {
    const hw = launch.hardware;
    if (hw.type !== 'sim') throw new KindredError('INTERNAL', 'scenario launch files are simulated (checked when loading)');
    const rateHz = launch.loop.rateHz;
    const profileFile = loaded.profile ?? hw.profile;
    // The simulator plugin as the worker loads it, without the viewer's frame buffer (a headless run)
    // and without the WebAssembly warm-up (lock-step has no deadlines to miss).
    const simConfig: SimHardwareConfig = {
      scene: s.scene,
      seed,
      rateHz,
      watchdogTimeoutMs: hw.watchdogTimeoutMs,
      ...(hw.sensors === 'ideal' ? { sensors: { ideal: true } } : {}),
      ...(profileFile === undefined ? {} : { profiles: [loadHumanProfile(profileFile)] }),
      warmUp: false,
    };
    const spec: PluginHardwareSpec = { type: 'plugin', name: 'sim', module: simPluginModuleUrl(), config: simConfig };
    const supervisor = scenarioSupervisor(loaded, disabled);
    const config: LoopConfig = { ...toLoopConfig(launch, spec), mode: 'lockstep', supervisor };
    const limits = resolveLoopLimits(config);
    log = SafetyLog.open(join(logDir, 'safety-log'));
    host = await LoopHost.start(config, options.logger ?? silentLogger());
    const safetyLog = log;
    host.useSafetyLog((e) => Promise.resolve(safetyLog.append(e)));

    const periodS = 1 / rateHz;
    const maxCycles = Math.ceil(s.durationS * rateHz) + 1;
    const recorder = new TraceRecorder(host, supervisor, limits, maxCycles);
    const injector = new FaultInjector(host, rateHz);
    const player = new ActivityPlayer(s.activity, (joint) => {
      const i = host!.stateNames.indexOf(`${joint}/position`);
      return i < 0 ? 0 : host!.latest().state[i]!;
    });

    // The schedule: fault starts and ends, operator actions, in time order (stable).
    type Step = { timeS: number; order: number; run: (now: number) => Promise<void> };
    const schedule: Step[] = [];
    let order = 0;
    for (const f of faults) {
      schedule.push({ timeS: f.atS, order: order++, run: (now) => injector.inject(f, now) });
      if (f.durationS !== undefined) schedule.push({ timeS: f.atS + f.durationS, order: order++, run: (now) => injector.clear(f.id, now) });
    }
    const operatorRecords: OperatorRecord[] = [];
    for (const o of operator) schedule.push({ timeS: o.atS, order: order++, run: async (now) => void operatorRecords.push(await operate(host!, o, now, supervisor)) });
    schedule.sort((a, b) => a.timeS - b.timeS || a.order - b.order);
    // A behaviour drives the set-points through its bus (command topics → the loop), on a bus clock
    // moved to the loop's time after every cycle.
    if (behavior !== undefined) behaviorRun = ScenarioBehaviorRun.start({ behavior, loop: host, scene: s.scene, logger: options.logger ?? silentLogger() });

    let next = 0;
    let now = 0;
    let cycles = 0;
    while (now < s.durationS - 1e-9 && cycles < maxCycles + 100_000) {
      while (next < schedule.length && schedule[next]!.timeS <= now + 1e-9) await schedule[next++]!.run(now);
      if (player.active) host.setSetpoints(player.at(now));
      await host.step(1);
      cycles++;
      recorder.sample();
      now = host.latest().timeS + periodS;
      if (behaviorRun !== undefined) {
        behaviorRun.advanceTo(now);
        // Let the behaviour, its actors and the loop's replies run before the next cycle.
        await behaviorRun.settle();
      }
    }
    const behaviorRecord: BehaviorRunRecord | undefined = await behaviorRun?.finish();
    behaviorRun = undefined;
    // Let the worker's last messages arrive, then read what the faults did before stopping.
    await new Promise((r) => setTimeout(r, 30));
    const faultRecords = await injector.finish(host, recorder);
    const samples: RunSamples = recorder.samples();
    await host.stop();
    host = undefined;

    // The durable log, read back from disk: what a safety engineer would audit.
    const records = log.read();
    const verify = log.verify();
    const events: TimelineEvent[] = timelineEvents(records);
    const withDetection = faultRecords.map((f) => {
      const hit = events.find((e) => e.kind === 'fault' && e.timeS >= f.startS - 1e-9);
      return hit === undefined
        ? f
        : {
            ...f,
            detected: {
              monitor: hit.monitor,
              code: hit.code ?? '',
              ...(hit.subject === undefined ? {} : { subject: hit.subject }),
              timeS: hit.timeS,
              latencyMs: (hit.timeS - f.startS) * 1000,
            },
          };
    });
    const anchors = new Map<string, number>(withDetection.map((f) => [f.id, f.startS]));
    for (const o of operatorRecords) if (o.id !== undefined) anchors.set(o.id, o.atS);
    const expectations = judgeExpectations(s.expect, { samples, events, faults: withDetection, anchors, periodS, ...(behaviorRecord === undefined ? {} : { behavior: behaviorRecord }) });
    const inert = withDetection.filter((f) => !f.injected || f.appliedCycles === 0);
    const operatorOk = operatorRecords.every((o) => o.ok);
    const logOk = verify.ok;
    // A behaviour that failed (its machine threw) fails the run, unless the scenario expects exactly that.
    const crashed =
      behaviorRecord?.status === 'error' && !s.expect.some((e) => e.type === 'behavior_outcome' && e.status === 'error')
        ? [
            {
              index: s.expect.length + inert.length,
              type: 'behavior_ran',
              description: { en: `behaviour ${behaviorRecord.id} ran without failing`, zh: `行为 ${behaviorRecord.id} 运行未出错` },
              verdict: 'fail' as const,
              measured: { en: `failed in ${behaviorRecord.state}: ${behaviorRecord.error?.message ?? '?'}`, zh: `在 ${behaviorRecord.state} 出错：${behaviorRecord.error?.message ?? '?'}` },
              atS: behaviorRecord.endedAtS,
            },
          ]
        : [];
    const verdict = expectations.every((e) => e.verdict === 'pass') && inert.length === 0 && crashed.length === 0 && operatorOk && logOk ? 'pass' : 'fail';
    return {
      ...base,
      verdict,
      wallMs: performance.now() - started,
      simS: samples.timeS[samples.count - 1] ?? 0,
      faults: withDetection,
      operator: operatorRecords,
      expectations: [
        ...expectations,
        ...inert.map((f, i) => ({
          index: s.expect.length + i,
          type: 'fault_injected',
          description: { en: `fault ${f.id} (${f.type}) really took effect`, zh: `故障 ${f.id}（${f.type}）确实生效` },
          verdict: 'fail' as const,
          measured: { en: `${f.appliedCycles} cycles changed by it; ${f.evidence.en}`, zh: `受其影响的周期数 ${f.appliedCycles}；${f.evidence.zh}` },
          atS: f.startS,
        })),
        ...crashed,
      ],
      events,
      states: samples.stateChanges,
      traces: decimateTraces(samples, options.traceSamples ?? 400),
      log: { records: verify.events, verified: verify.ok, ...(verify.ok ? {} : { problem: verify.problems.map((p) => p.message).join('; ') }) },
      ...(behaviorRecord === undefined ? {} : { behavior: behaviorRecord }),
    };
  } catch (e) {
    return failedRun(base, e, started);
  } finally {
    await behaviorRun?.finish().catch(() => undefined);
    await host?.stop().catch(() => undefined);
    log?.close();
    if (!keepLog) rmSync(logDir, { recursive: true, force: true });
  }
}

/** The person profile a run uses: the scenario's own, else (with a behaviour) the one its launch names. */
function profileOf(loaded: LoadedScenario, launch: LoadedScenario['launch']): string | undefined {
  if (loaded.profile !== undefined || loaded.scenario.behavior === undefined) return loaded.profile;
  return launch.hardware.type === 'sim' ? launch.hardware.profile : undefined;
}

/** A run that could not be judged: verdict `error`, with the reason. */
function failedRun(base: Pick<ScenarioRunResult, 'scenario' | 'seed' | 'sampled' | 'disabledMonitors'>, e: unknown, started: number): ScenarioRunResult {
  return {
    ...base,
    verdict: 'error',
    error: isKindredError(e) ? { code: e.code, message: e.message } : { code: 'INTERNAL', message: e instanceof Error ? (e.stack ?? e.message) : String(e) },
    wallMs: performance.now() - started,
    simS: 0,
    faults: [],
    operator: [],
    expectations: [],
    events: [],
    states: [],
    traces: { timeS: [], joints: [], forces: [], maxSpeed: [] },
    log: { records: 0, verified: false, problem: 'the run did not complete' },
  };
}

/** One operator action, between cycles, with its outcome against what the scenario expected. */
async function operate(host: LoopHost, o: OperatorAction & { atS: number }, now: number, supervisor: SupervisorConfigInput): Promise<OperatorRecord> {
  const rec = (outcome: OperatorRecord['outcome'], code?: string): OperatorRecord => ({
    ...(o.id === undefined ? {} : { id: o.id }),
    atS: now,
    action: o.action,
    source: o.source,
    ...(o.role === undefined ? {} : { role: o.role }),
    outcome,
    ...(code === undefined ? {} : { code }),
    ...(o.expect === undefined ? {} : { expected: o.expect }),
    ok: o.expect === undefined ? true : o.expect === (outcome === 'done' ? 'accepted' : outcome) && (o.code === undefined || o.code === code),
  });
  const attempt = async (f: () => Promise<unknown>): Promise<OperatorRecord> => {
    try {
      await f();
      return rec('accepted');
    } catch (e) {
      if (isKindredError(e)) return rec('refused', e.code);
      throw e;
    }
  };
  switch (o.action) {
    case 'estop_press':
    case 'estop_release':
      await host.hardwareCommand('sim', { op: 'estopButton', pressed: o.action === 'estop_press' });
      return rec('done');
    case 'estop_request':
      await host.estop(o.source);
      return rec('done');
    case 'stop_request':
      await host.requestStop(o.category ?? 1, supervisor.stopTimeLimitS ?? 0.5, o.source);
      return rec('done');
    case 'reset':
      return attempt(() => host.safetyReset({ source: o.source, ...(o.role === undefined ? {} : { role: o.role }), operator: 'scenario runner' }));
    case 'release_hold':
      return attempt(() => host.releaseHold());
    case 'conflicting_commands': {
      // In one gap between cycles: a move from the tablet, an e-stop by voice, a reset and a release
      // from the tablet. The stop must win: the reset and release refused, the move never made.
      if (Object.keys(o.setpoints).length > 0) host.setSetpoints(o.setpoints);
      const results = await Promise.allSettled([
        host.estop('voice'),
        host.safetyReset({ source: o.source, role: o.role ?? 'therapist', operator: 'scenario runner' }),
        host.releaseHold(),
      ]);
      const refused = results.slice(1).find((r) => r.status === 'rejected');
      if (results[0]!.status === 'rejected') throw (results[0] as PromiseRejectedResult).reason;
      if (refused !== undefined) {
        const reason: unknown = (refused as PromiseRejectedResult).reason;
        return rec('refused', isKindredError(reason) ? reason.code : 'INTERNAL');
      }
      return rec('accepted');
    }
  }
}
