import { KindredError } from '../../runtime/errors/index.js';
import type { LoopHost } from '../../runtime/loop/index.js';
import { FAULT_TYPES, type FaultTypeName } from './faultTypes.js';
import type { FaultRecord } from './result.js';
import type { TraceRecorder } from './traces.js';

/** A scenario fault with its timing and magnitude drawn for this run. */
export interface ResolvedFault {
  readonly id: string;
  readonly type: string;
  readonly target: string;
  readonly params: Readonly<Record<string, number | string>>;
  readonly atS: number;
  readonly durationS?: number;
  readonly magnitude?: number;
}

interface Live {
  readonly fault: ResolvedFault;
  readonly startS: number;
  endS?: number;
  injected: boolean;
  appliedCycles: number;
  evidence: { en: string; zh: string };
  /** Loop counters at injection (timing faults). */
  readonly overruns0: number;
  readonly missed0: number;
  readonly stalls0: number;
  readonly cycles0: number;
  /** Set once the simulator has reported the fault's final count (cleared). */
  simCleared: boolean;
}

interface SimFaultEntry {
  readonly id: string;
  readonly appliedCycles?: number;
}

/**
 * Injects a scenario's faults through the hook each type names (the simulator's fault table, the
 * loop's timing, the simulated person) and gathers the evidence that each really took effect: the
 * simulator's count of cycles a fault changed something, the loop's overrun / missed-cycle / stall
 * counters, the person's acknowledgement.
 */
export class FaultInjector {
  private readonly live = new Map<string, Live>();

  constructor(
    private readonly host: LoopHost,
    private readonly rateHz: number,
  ) {}

  /** Inject `f` now (between cycles; the next cycle, at loop time `now`, is the first to see it). */
  async inject(f: ResolvedFault, now: number): Promise<void> {
    const type = FAULT_TYPES[f.type as FaultTypeName];
    const stats = this.host.stats();
    const live: Live = {
      fault: f,
      startS: now,
      injected: false,
      appliedCycles: 0,
      evidence: { en: 'not injected', zh: '未注入' },
      overruns0: stats.overruns,
      missed0: stats.missedCycles,
      stalls0: stats.mainThreadStalls,
      cycles0: stats.cycles,
      simCleared: false,
    };
    this.live.set(f.id, live);
    const hook = type.inject;
    switch (hook.hook) {
      case 'state':
      case 'command':
      case 'actuator':
      case 'bus': {
        await this.host.hardwareCommand('sim', {
          op: 'fault',
          id: f.id,
          target: hook.hook,
          name: f.target,
          kind: hook.kind,
          ...(f.magnitude === undefined ? {} : { value: f.magnitude }),
        });
        live.injected = true;
        live.evidence = { en: `simulator fault table: ${hook.hook} ${hook.kind} on ${f.target}`, zh: `仿真器故障表：${f.target} 上的 ${hook.hook} ${hook.kind}` };
        return;
      }
      case 'timing':
        await this.host.injectTimingFault(hook.kind, f.magnitude ?? 0, typeof f.params['cycles'] === 'number' ? f.params['cycles'] : undefined);
        live.injected = true;
        return;
      case 'human': {
        const reply = await this.host.hardwareCommand('sim', { op: 'human', ...personOf(f), command: humanCommand(hook.op, f) });
        live.injected = true;
        live.evidence = { en: `the simulated person acknowledged ${hook.op}: ${JSON.stringify(reply)}`, zh: `仿真人员已确认 ${hook.op}：${JSON.stringify(reply)}` };
        return;
      }
      case 'crash':
        throw new KindredError('SCENARIO_FILE_INVALID', `fault ${f.id}: compute.crash runs in a scenario of its own (a real Kindred process is killed); it cannot be mixed into an in-process run`, {
          field: 'faults',
          value: f.type,
          expected: 'compute.crash as the only fault',
        });
    }
  }

  /** End fault `id` now. */
  async clear(id: string, now: number): Promise<void> {
    const live = this.live.get(id);
    if (live === undefined || live.endS !== undefined) return;
    live.endS = now;
    const hook = FAULT_TYPES[live.fault.type as FaultTypeName].inject;
    if (hook.hook === 'state' || hook.hook === 'command' || hook.hook === 'actuator' || hook.hook === 'bus') {
      const reply = (await this.host.hardwareCommand('sim', { op: 'clearFault', id })) as { cleared?: SimFaultEntry } | undefined;
      live.appliedCycles = reply?.cleared?.appliedCycles ?? 0;
      live.simCleared = true;
    } else if (hook.hook === 'human' && hook.op === 'slump') {
      await this.host.hardwareCommand('sim', { op: 'human', ...personOf(live.fault), command: { op: 'recover' } });
    }
  }

  /** Final records: the simulator's counts for faults still active, the loop's counters for timing faults. */
  async finish(host: LoopHost, recorder: TraceRecorder): Promise<FaultRecord[]> {
    const active = (await host.hardwareCommand('sim', { op: 'faults' })) as readonly SimFaultEntry[] | { faults?: readonly SimFaultEntry[] };
    const list = Array.isArray(active) ? active : ((active as { faults?: readonly SimFaultEntry[] }).faults ?? []);
    const stats = host.stats();
    const samples = recorder.samples();
    const cyclesIn = (from: number, to: number): number => {
      let c = 0;
      for (let k = 0; k < samples.count; k++) if (samples.timeS[k]! >= from - 1e-9 && samples.timeS[k]! < to - 1e-9) c++;
      return c;
    };
    const end = samples.count > 0 ? samples.timeS[samples.count - 1]! + 1 / this.rateHz : 0;
    return [...this.live.values()].map((l) => {
      const f = l.fault;
      const type = FAULT_TYPES[f.type as FaultTypeName];
      const hook = type.inject;
      if (hook.hook === 'state' || hook.hook === 'command' || hook.hook === 'actuator' || hook.hook === 'bus') {
        if (!l.simCleared) l.appliedCycles = list.find((e) => e.id === f.id)?.appliedCycles ?? 0;
        l.evidence = { en: `${l.evidence.en}; changed ${l.appliedCycles} cycles`, zh: `${l.evidence.zh}；影响 ${l.appliedCycles} 个周期` };
      } else if (hook.hook === 'timing') {
        const overruns = stats.overruns - l.overruns0;
        const missed = stats.missedCycles - l.missed0;
        const stalls = stats.mainThreadStalls - l.stalls0;
        if (hook.kind === 'main_stall') {
          const window = cyclesIn(l.startS, l.startS + (f.magnitude ?? 0) / 1000);
          l.appliedCycles = window;
          l.evidence = {
            en: `the worker judged ${window} cycles with the main thread silent; stall holds: ${stalls}`,
            zh: `实时线程在主线程静默期间运行 ${window} 个周期；停顿保持次数：${stalls}`,
          };
        } else {
          l.appliedCycles = overruns;
          l.evidence = { en: `loop counters: ${overruns} overruns, ${missed} missed cycles since injection`, zh: `回路计数：注入后超时 ${overruns} 次，丢失 ${missed} 个周期` };
        }
      } else if (hook.hook === 'human') {
        const duration = f.durationS ?? (hook.op === 'spasm' || hook.op === 'voluntary' ? 0.5 : end - l.startS);
        l.appliedCycles = cyclesIn(l.startS, Math.min(end, l.startS + duration));
      }
      return {
        id: f.id,
        type: f.type,
        target: f.target,
        ...(f.magnitude === undefined ? {} : { magnitude: f.magnitude, unit: type.unit }),
        startS: l.startS,
        ...(l.endS === undefined ? {} : { endS: l.endS }),
        injected: l.injected,
        appliedCycles: l.appliedCycles,
        evidence: l.evidence,
      };
    });
  }
}

function personOf(f: ResolvedFault): { target?: string } {
  const p = f.params['person'];
  return typeof p === 'string' ? { target: p } : {};
}

/** The simulated person's command for a people fault. */
function humanCommand(op: string, f: ResolvedFault): { op: string } & Record<string, unknown> {
  switch (op) {
    case 'spasm':
    case 'voluntary':
      return {
        op,
        joint: f.target,
        ...(f.durationS === undefined ? {} : { durationS: f.durationS }),
        ...(f.magnitude === undefined ? {} : { torqueNm: f.magnitude }),
      };
    case 'fall':
      return { op, direction: f.target };
    case 'walkTo': {
      const x = f.params['x'];
      const y = f.params['y'];
      if (typeof x !== 'number' || typeof y !== 'number') {
        throw new KindredError('SCENARIO_FILE_INVALID', `fault ${f.id} (person.walk_into_path) needs params.x and params.y, where the person walks to (m)`, {
          field: 'params',
          value: f.params,
          expected: '{ x: number, y: number }',
        });
      }
      return { op, x, y };
    }
    default:
      return { op };
  }
}
