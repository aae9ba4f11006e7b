import type { BehaviorRunRecord, ExpectationResult, FaultRecord, TimelineEvent } from './result.js';
import { SAFETY_STATE_NAMES, type Expectation } from './scenarioSchema.js';
import type { RunSamples } from './traces.js';

export type { RunSamples } from './traces.js';

/** What the expectations are judged on. */
export interface JudgeInput {
  readonly samples: RunSamples;
  /** The durable safety log's events, read back from disk. */
  readonly events: readonly TimelineEvent[];
  readonly faults: readonly FaultRecord[];
  /** When each fault began and each operator action with an id happened, s: what `after` names. */
  readonly anchors: ReadonlyMap<string, number>;
  readonly periodS: number;
  /** How the scenario's behaviour ran, when it ran one. */
  readonly behavior?: BehaviorRunRecord;
}

const ms = (s: number): string => `${(s * 1000).toFixed(1)} ms`;
const num = (v: number, digits = 3): string => (Number.isFinite(v) ? v.toFixed(digits) : String(v));
const STOPPED = new Set([SAFETY_STATE_NAMES.indexOf('protective_stop'), SAFETY_STATE_NAMES.indexOf('emergency_stop')]);

type Verdict = Omit<ExpectationResult, 'index' | 'type'>;

function pass(ok: boolean, description: Verdict['description'], measured: Verdict['measured'], atS?: number, attributes?: string): Verdict {
  return { description, verdict: ok ? 'pass' : 'fail', measured, ...(atS === undefined ? {} : { atS }), ...(attributes === undefined ? {} : { attributes }) };
}

/** First sample index at or after time t (count when none). */
function firstAt(s: RunSamples, t: number): number {
  for (let k = 0; k < s.count; k++) if (s.timeS[k]! >= t - 1e-9) return k;
  return s.count;
}

/**
 * Judge every expectation of a scenario. Timing is measured from the fault's start (the loop time of
 * the first cycle that could see it) to the cycle that shows the reaction; the detection expectations
 * read the durable safety log, so "detected" also means "logged".
 */
export function judgeExpectations(expect: readonly Expectation[], input: JudgeInput): ExpectationResult[] {
  const { samples: s, events, anchors } = input;
  const faultById = new Map<string, { startS: number }>([...anchors].map(([id, startS]) => [id, { startS }]));
  return expect.map((e, index) => ({ index, type: e.type, ...judge(e) }));

  function judge(e: Expectation): Verdict {
    switch (e.type) {
      case 'reaches_state': {
        const f = faultById.get(e.after)!;
        const wanted = e.state;
        const d = { en: `safety state reaches ${wanted} within ${e.withinMs} ms of ${e.after}`, zh: `故障 ${e.after} 后 ${e.withinMs} 毫秒内安全状态进入 ${wanted}` };
        for (let k = firstAt(s, f.startS); k < s.count; k++) {
          const st = s.state[k]!;
          if (wanted === 'stopped' ? STOPPED.has(st) : SAFETY_STATE_NAMES[st] === wanted) {
            const lat = s.timeS[k]! - f.startS;
            return pass(lat * 1000 <= e.withinMs + 1e-6, d, { en: `reached ${SAFETY_STATE_NAMES[st]} ${ms(lat)} after ${e.after}`, zh: `故障后 ${ms(lat)} 进入 ${SAFETY_STATE_NAMES[st]}` }, s.timeS[k]);
          }
        }
        return pass(false, d, { en: `never reached ${wanted} after ${e.after}`, zh: `故障后从未进入 ${wanted}` });
      }
      case 'detected': {
        const f = faultById.get(e.fault)!;
        const within = e.withinMs;
        const d = {
          en: `${e.monitor}${e.code === undefined ? '' : ` (${e.code})`} detects ${e.fault}${within === undefined ? '' : ` within ${within} ms`}, and the event is in the durable log`,
          zh: `${e.monitor}${e.code === undefined ? '' : `（${e.code}）`}检测到 ${e.fault}${within === undefined ? '' : `，${within} 毫秒内`}，且事件已写入持久日志`,
        };
        // A software request between cycles is stamped with the loop time of the cycle before it.
        const from = f.startS - input.periodS - 1e-9;
        const hit = events.find((ev) => ev.kind === 'fault' && ev.monitor === e.monitor && (e.code === undefined || ev.code === e.code) && ev.timeS >= from);
        if (hit === undefined) {
          const seen = events.filter((ev) => ev.kind === 'fault' && ev.timeS >= from).map((ev) => `${ev.monitor}/${ev.code ?? '?'}`);
          return pass(false, d, { en: `no such event in the log; faults logged after it: ${seen.join(', ') || 'none'}`, zh: `日志中无此事件；其后记录的故障：${seen.join('、') || '无'}` }, undefined, e.monitor);
        }
        const lat = Math.max(0, hit.timeS - f.startS);
        return pass(within === undefined || lat * 1000 <= within + 1e-6, d, { en: `${hit.code ?? hit.monitor} on ${hit.subject ?? '-'} ${ms(lat)} after ${e.fault}`, zh: `${hit.code ?? hit.monitor}（${hit.subject ?? '-'}）于故障后 ${ms(lat)}` }, hit.timeS, e.monitor);
      }
      case 'stop_category': {
        const f = faultById.get(e.after)!;
        const d = { en: `a category ${e.category}${e.orWorse ? ' (or more severe)' : ''} stop within ${e.withinMs} ms of ${e.after}`, zh: `故障 ${e.after} 后 ${e.withinMs} 毫秒内执行 ${e.category} 类${e.orWorse ? '（或更严重）' : ''}停止` };
        for (let k = firstAt(s, f.startS); k < s.count; k++) {
          const c = s.stopCategory[k]!;
          if (c === e.category || (e.orWorse && c >= 0 && c < e.category)) {
            const lat = s.timeS[k]! - f.startS;
            return pass(lat * 1000 <= e.withinMs + 1e-6, d, { en: `category ${c} ${ms(lat)} after ${e.after}`, zh: `故障后 ${ms(lat)} 执行 ${c} 类停止` }, s.timeS[k]);
          }
        }
        const seen = [...new Set(Array.from(s.stopCategory.subarray(firstAt(s, f.startS))))].filter((c) => c >= 0);
        return pass(false, d, { en: `no such stop; categories seen: ${seen.join(', ') || 'none'}`, zh: `无此停止；出现的类别：${seen.join('、') || '无'}` });
      }
      case 'torque_off': {
        const f = faultById.get(e.after)!;
        const d = { en: `torque removed within ${e.withinMs} ms of ${e.after}`, zh: `故障 ${e.after} 后 ${e.withinMs} 毫秒内断开力矩` };
        for (let k = firstAt(s, f.startS); k < s.count; k++) {
          if (s.torqueOff[k] === 1) {
            const lat = s.timeS[k]! - f.startS;
            return pass(lat * 1000 <= e.withinMs + 1e-6, d, { en: `torque off ${ms(lat)} after ${e.after}`, zh: `故障后 ${ms(lat)} 断开力矩` }, s.timeS[k]);
          }
        }
        return pass(false, d, { en: 'torque never removed', zh: '力矩从未断开' });
      }
      case 'force_below': {
        const which = e.limit ?? 'transient';
        const chans = s.forces.filter((f) => e.channels === undefined || e.channels.includes(f.channel));
        const d = {
          en: `no force on ${e.channels?.join(', ') ?? 'any channel'} above ${e.limitN === undefined ? `its body region's ${which.replace('_', '-')} limit` : `${e.limitN} N`}, at any time`,
          zh: `${e.channels?.join('、') ?? '任一通道'}的力在任何时刻都不超过${e.limitN === undefined ? (which === 'transient' ? '身体部位瞬态限值' : '身体部位准静态限值') : ` ${e.limitN} N`}`,
        };
        if (chans.length === 0) return pass(false, d, { en: 'no such force channel was recorded', zh: '未记录到该力通道' });
        let worst = { ratio: -1, channel: '', force: 0, limit: 0, t: 0 };
        for (const c of chans) {
          const limit = e.limitN ?? (which === 'transient' ? c.transientLimitN : c.quasiStaticLimitN);
          for (let k = 0; k < s.count; k++) {
            const v = c.forceN[k]!;
            const ratio = Number.isNaN(v) ? Number.POSITIVE_INFINITY : v / limit;
            if (ratio > worst.ratio) worst = { ratio, channel: c.channel, force: v, limit, t: s.timeS[k]! };
          }
        }
        return pass(worst.ratio <= 1, d, { en: `peak ${num(worst.force, 1)} N on ${worst.channel} (limit ${num(worst.limit, 0)} N) at ${num(worst.t)} s`, zh: `${worst.channel} 峰值 ${num(worst.force, 1)} N（限值 ${num(worst.limit, 0)} N），时间 ${num(worst.t)} s` }, worst.t);
      }
      case 'joints_within_range': {
        const js = s.joints.filter((j) => e.joints === undefined || e.joints.includes(j.name));
        const d = { en: `no joint${e.joints === undefined ? '' : ` of ${e.joints.join(', ')}`} leaves its prescribed range${e.marginRad > 0 ? ` ± ${e.marginRad}` : ''}`, zh: `${e.joints?.join('、') ?? '所有关节'}均不超出规定活动范围${e.marginRad > 0 ? ` ± ${e.marginRad}` : ''}` };
        if (js.length === 0) return pass(false, d, { en: 'no such joint with a range was recorded', zh: '未记录到有范围的该关节' });
        let worst = { over: Number.NEGATIVE_INFINITY, joint: '', value: 0, t: 0 };
        for (const j of js) {
          for (let k = 0; k < s.count; k++) {
            const v = j.position[k]!;
            const over = Number.isNaN(v) ? Number.POSITIVE_INFINITY : Math.max(j.lower - v, v - j.upper);
            if (over > worst.over) worst = { over, joint: j.name, value: v, t: s.timeS[k]! };
          }
        }
        return pass(worst.over <= e.marginRad, d, { en: `closest to a limit: ${worst.joint} at ${num(worst.value)} (${worst.over > 0 ? `${num(worst.over)} outside` : `${num(-worst.over)} inside`}) at ${num(worst.t)} s`, zh: `最接近限位：${worst.joint} = ${num(worst.value)}（${worst.over > 0 ? `超出 ${num(worst.over)}` : `余量 ${num(-worst.over)}`}），时间 ${num(worst.t)} s` }, worst.t);
      }
      case 'stationary': {
        const f = faultById.get(e.after)!;
        const from = f.startS + e.withinMs / 1000;
        const to = e.forMs === undefined ? Number.POSITIVE_INFINITY : from + e.forMs / 1000;
        const d = { en: `every joint slower than ${e.speedBelow} from ${e.withinMs} ms after ${e.after}${e.forMs === undefined ? ' to the end' : ` for ${e.forMs} ms`}`, zh: `故障 ${e.after} 后 ${e.withinMs} 毫秒起${e.forMs === undefined ? '至结束' : ` ${e.forMs} 毫秒内`}所有关节速度低于 ${e.speedBelow}` };
        let peak = 0;
        let at = from;
        let n = 0;
        for (let k = firstAt(s, from); k < s.count && s.timeS[k]! < to; k++) {
          n++;
          const v = s.maxSpeed[k]!;
          if (!(v <= peak)) {
            peak = v;
            at = s.timeS[k]!;
          }
        }
        if (n === 0) return pass(false, d, { en: 'the run ended before the window began', zh: '运行在判定窗口开始前已结束' });
        return pass(peak < e.speedBelow, d, { en: `peak joint speed ${num(peak)} at ${num(at)} s over ${n} cycles`, zh: `${n} 个周期内最大关节速度 ${num(peak)}，时间 ${num(at)} s` }, at);
      }
      case 'displacement_below': {
        const f = faultById.get(e.after)!;
        const k0 = firstAt(s, f.startS);
        const d = { en: `${e.joints.join(', ')} move less than ${e.maxRad} from where they were at ${e.after}`, zh: `${e.joints.join('、')} 相对故障 ${e.after} 时的位置移动小于 ${e.maxRad}` };
        let worst = { dist: 0, joint: '', t: f.startS };
        for (const j of e.joints) {
          const p = s.positionOf(j);
          if (p === undefined || k0 >= s.count) return pass(false, d, { en: `joint ${j} was not recorded after the fault`, zh: `故障后未记录到关节 ${j}` });
          const ref = k0 > 0 ? p[k0 - 1]! : p[k0]!;
          for (let k = k0; k < s.count; k++) {
            const dist = Math.abs(p[k]! - ref);
            if (!(dist <= worst.dist)) worst = { dist, joint: j, t: s.timeS[k]! };
          }
        }
        return pass(worst.dist < e.maxRad, d, { en: `largest displacement ${num(worst.dist)} (${worst.joint || '-'}) at ${num(worst.t)} s`, zh: `最大位移 ${num(worst.dist)}（${worst.joint || '-'}），时间 ${num(worst.t)} s` }, worst.t);
      }
      case 'no_faults': {
        const raised = events.filter((ev) => ev.kind === 'fault' && !e.except.includes(ev.monitor));
        const d = { en: `no safety fault${e.except.length > 0 ? ` (besides ${e.except.join(', ')})` : ''}`, zh: `无安全故障${e.except.length > 0 ? `（${e.except.join('、')} 除外）` : ''}` };
        return pass(
          raised.length === 0,
          d,
          { en: raised.length === 0 ? 'none in the log' : `${raised.length}: ${raised.slice(0, 5).map((r) => `${r.code ?? r.monitor} at ${num(r.timeS)} s`).join(', ')}`, zh: raised.length === 0 ? '日志中无故障' : `${raised.length} 条：${raised.slice(0, 5).map((r) => `${r.code ?? r.monitor}（${num(r.timeS)} s）`).join('、')}` },
          raised[0]?.timeS,
        );
      }
      case 'final_state': {
        const st = s.count > 0 ? s.state[s.count - 1]! : -1;
        const name = SAFETY_STATE_NAMES[st] ?? 'unknown';
        const ok = e.state === 'stopped' ? STOPPED.has(st) : name === e.state;
        return pass(ok, { en: `the run ends in ${e.state}`, zh: `运行结束时处于 ${e.state}` }, { en: `ended in ${name}`, zh: `结束时处于 ${name}` });
      }
      case 'loop_holding': {
        const f = faultById.get(e.after)!;
        const d = { en: `the loop holds every controller within ${e.withinMs} ms of ${e.after}`, zh: `故障 ${e.after} 后 ${e.withinMs} 毫秒内控制回路保持所有控制器` };
        for (let k = firstAt(s, f.startS); k < s.count; k++) {
          if (s.holding[k] === 1) {
            const lat = s.timeS[k]! - f.startS;
            return pass(lat * 1000 <= e.withinMs + 1e-6, d, { en: `holding ${ms(lat)} after ${e.after}`, zh: `故障后 ${ms(lat)} 进入保持` }, s.timeS[k]);
          }
        }
        return pass(false, d, { en: 'never held', zh: '从未进入保持' });
      }
      case 'behavior_outcome':
        return judgeBehaviorOutcome(e, input.behavior);
    }
  }
}

/** Whether `state` is `wanted` or inside it (`safetyStop` matches `safetyStop.holding`). */
function inState(state: string, wanted: string): boolean {
  return state === wanted || state.startsWith(`${wanted}.`);
}

/** `behavior_outcome`: the behaviour's run status, last state, tags and end time against what the scenario asks. */
function judgeBehaviorOutcome(e: Extract<Expectation, { type: 'behavior_outcome' }>, b: BehaviorRunRecord | undefined): Verdict {
  const wants: { en: string[]; zh: string[] } = { en: [], zh: [] };
  if (e.status !== undefined) {
    wants.en.push(`status ${e.status}`);
    wants.zh.push(`状态 ${e.status}`);
  }
  if (e.state !== undefined) {
    wants.en.push(`in state ${e.state}`);
    wants.zh.push(`处于 ${e.state}`);
  }
  if (e.tagsInclude.length > 0) {
    wants.en.push(`tagged ${e.tagsInclude.join(', ')}`);
    wants.zh.push(`带标签 ${e.tagsInclude.join('、')}`);
  }
  if (e.withinS !== undefined) {
    wants.en.push(`within ${e.withinS} s`);
    wants.zh.push(`${e.withinS} 秒内结束`);
  }
  const d = { en: `the behaviour ends${wants.en.length === 0 ? '' : ` ${wants.en.join(', ')}`}`, zh: `行为结束${wants.zh.length === 0 ? '' : `：${wants.zh.join('，')}`}` };
  if (b === undefined) return pass(false, d, { en: 'the scenario ran no behaviour', zh: '场景未运行行为' });
  const missing = e.tagsInclude.filter((t) => !b.tags.includes(t));
  const ok =
    (e.status === undefined || b.status === e.status) &&
    (e.state === undefined || inState(b.state, e.state)) &&
    missing.length === 0 &&
    (e.withinS === undefined || b.endedAtS <= e.withinS + 1e-9);
  const atEnd = b.stoppedAtEnd ? { en: ' (still running at the end, stopped by the runner)', zh: '（场景结束时仍在运行，由运行器停止）' } : { en: '', zh: '' };
  const err = b.error === undefined ? '' : `; ${b.error.code}`;
  const lacking = { en: missing.length === 0 ? '' : `; missing tags ${missing.join(', ')}`, zh: missing.length === 0 ? '' : `；缺少标签 ${missing.join('、')}` };
  return pass(
    ok,
    d,
    {
      en: `${b.id} ${b.status}${atEnd.en} in ${b.state} [${b.tags.join(', ')}] at ${num(b.endedAtS)} s${err}${lacking.en}`,
      zh: `${b.id} ${b.status}${atEnd.zh}，状态 ${b.state} [${b.tags.join('、')}]，时间 ${num(b.endedAtS)} s${err}${lacking.zh}`,
    },
    b.endedAtS,
  );
}
