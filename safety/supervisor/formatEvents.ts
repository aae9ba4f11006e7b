import { describeCode } from '../../runtime/errors/index.js';
import type { ErrorCode } from '../../runtime/errors/index.js';
import type { BilingualText, SafetyEvent } from '../log/SafetyEvent.js';
import { reactionName, type FaultSlots } from '../monitors/FaultSlots.js';
import { fmt } from './formatNumber.js';
import type { QueuedEvent } from './SafetyEventQueue.js';
import { SUPERVISOR_STATE_LABELS, supervisorStateName } from './supervisor.machine.js';

/** A safety event with the supervisor's sequence number (the main thread acknowledges logged events by it). */
export interface SequencedSafetyEvent {
  readonly seq: number;
  readonly event: SafetyEvent;
}

const REACTION_TEXT: Readonly<Record<string, BilingualText>> = {
  none: { en: 'recorded', zh: '仅记录' },
  warn: { en: 'warning', zh: '警告' },
  reduced_speed: { en: 'reduced speed', zh: '降速' },
  stop2: { en: 'category 2 stop', zh: '2 类停止' },
  stop1: { en: 'category 1 stop', zh: '1 类停止' },
  stop0: { en: 'category 0 stop', zh: '0 类停止' },
};

/** The unit a quantity key ends with (`forceN` → N), for messages. */
function unitOf(quantity: string): string {
  const m = /(RadPerS|MPerS|Rad|N|M|S)$/.exec(quantity);
  const u = m?.[1];
  return u === 'RadPerS' ? ' rad/s' : u === 'MPerS' ? ' m/s' : u === 'Rad' ? ' rad' : u === 'N' ? ' N' : u === 'M' ? ' m' : u === 'S' ? ' s' : '';
}

/**
 * Turn drained queue entries into `SafetyEvent`s as `safety/log` expects them (time in ns, monitor,
 * subject, values and limit keyed by quantity with unit, reaction, operator and source for resets,
 * a bilingual message). Runs after the cycle, only when something happened.
 */
export function formatEvents(queued: readonly QueuedEvent[], slots: FaultSlots): SequencedSafetyEvent[] {
  return queued.map((e) => ({ seq: e.seq, event: formatEvent(e, slots) }));
}

function formatEvent(e: QueuedEvent, slots: FaultSlots): SafetyEvent {
  const timeNs = BigInt(Math.round(e.timeS * 1e9));
  const reaction = reactionName(e.reaction);
  if (e.kind === 'state') {
    const to = supervisorStateName(e.value);
    const from = supervisorStateName(e.limit);
    const r = REACTION_TEXT[reaction]!;
    return {
      timeNs,
      kind: 'state',
      monitor: 'supervisor',
      subject: to,
      values: { state: e.value },
      limit: { previousState: e.limit },
      reaction,
      message: {
        en: `safety state ${SUPERVISOR_STATE_LABELS[from].en} → ${SUPERVISOR_STATE_LABELS[to].en} (${r.en})`,
        zh: `安全状态 ${SUPERVISOR_STATE_LABELS[from].zh} → ${SUPERVISOR_STATE_LABELS[to].zh}（${r.zh}）`,
      },
    };
  }
  if (e.kind === 'reset' || e.kind === 'reset_refused') {
    const d = e.detail;
    const source = d?.source ?? 'unknown';
    const operator = d?.operator ?? source;
    const accepted = e.kind === 'reset';
    return {
      timeNs,
      kind: e.kind,
      monitor: 'reset',
      ...(d?.role === undefined ? {} : { subject: d.role }),
      reaction: 'none',
      operator,
      source,
      message:
        d?.message ??
        (accepted
          ? { en: `safety reset accepted from ${source} by ${operator}`, zh: `已接受来自 ${source}（${operator}）的安全复位` }
          : { en: `safety reset refused (${d?.code ?? 'unknown'})`, zh: `安全复位被拒绝（${d?.code ?? 'unknown'}）` }),
    };
  }
  const spec = slots.spec(e.slot);
  const subject = slots.subjectOf(e.slot);
  const unit = unitOf(spec.quantity);
  const text = describeCode(spec.code as ErrorCode);
  const r = REACTION_TEXT[reaction]!;
  const raised = e.kind === 'fault';
  return {
    timeNs,
    kind: e.kind,
    monitor: spec.monitor,
    subject,
    values: { [spec.quantity]: e.value },
    limit: { [spec.quantity]: e.limit },
    reaction,
    message: raised
      ? {
          en: `${spec.code} ${subject}: ${fmt(e.value)}${unit} (limit ${fmt(e.limit)}${unit}) → ${r.en}. ${text.en}`,
          zh: `${spec.code} ${subject}：${fmt(e.value)}${unit}（限值 ${fmt(e.limit)}${unit}）→ ${r.zh}。${text.zh}`,
        }
      : {
          en: `${spec.code} ${subject}: cause gone (${fmt(e.value)}${unit}, limit ${fmt(e.limit)}${unit})${spec.reaction.startsWith('stop') ? '; stays latched until reset' : ''}`,
          zh: `${spec.code} ${subject}：原因已消除（${fmt(e.value)}${unit}，限值 ${fmt(e.limit)}${unit}）${spec.reaction.startsWith('stop') ? '；复位前保持锁存' : ''}`,
        },
  };
}
