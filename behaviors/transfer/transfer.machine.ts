import { assign, enqueueActions, raise, setup } from 'xstate';
import { unboundBehaviorActors, type MotionResult, type SpeakInput } from '../actors/index.js';
import type { BilingualText } from '../core/index.js';
import {
  closeStep,
  elapsedS,
  initialTransferContext,
  judgePatient,
  loweringMove,
  maxContact,
  monitorInput,
  placeMove,
  poseMove,
  poseTorso,
  stageMove,
  stageTorsoM,
  transferRecordOf,
  type PoseStep,
  type TransferContext,
} from './transferContext.js';
import {
  BED_HEIGHT_INTENTS,
  BRAKES_INTENTS,
  CONFIRM_INTENTS,
  CONSENT_INTENTS,
  DECLINE_INTENTS,
  STOP_INTENTS,
  intentName,
  isIntent,
  onIntents,
  type TransferEvent,
} from './transferEvents.js';
import { unboundTransferActors } from './transferActors.js';
import { supportsOf, type TransferInput } from './transferInput.js';
import type { TimerStartEvent, TransferStatusEvent } from './transferMonitor.js';
import { PRECONDITIONS, type AnomalyKind, type PreconditionName, type TransferOutcome, type TransferRecord, type TransferStepName } from './transferRecord.js';
import { TRANSFER_ALERT, TRANSFER_TEXT } from './transferText.js';

function say(text: BilingualText): SpeakInput {
  return { text_zh: text.zh, text_en: text.en };
}

function errorText(error: unknown): { code: string; detail: string } {
  const code = typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string' ? (error as { code: string }).code : 'BEHAVIOR_ACTOR_FAILED';
  return { code, detail: error instanceof Error ? error.message : String(error) };
}

const CLOSING_TEXT: Readonly<Record<TransferOutcome, BilingualText>> = {
  completed: TRANSFER_TEXT.done,
  declined: TRANSFER_TEXT.declined,
  preconditions_not_met: TRANSFER_TEXT.notReady,
  stopped_before_lift: TRANSFER_TEXT.declined,
  lowered_after_anomaly: TRANSFER_TEXT.done,
  held_by_safety_stop: TRANSFER_TEXT.held,
};

/** The transfer's timeouts, each timed on the bus clock by the monitor (XState's own delays run on wall time). */
type TimerName = 'identify' | 'answer' | 'confirm' | 'settle' | 'hold';

function timerSeconds(input: TransferInput, timer: TimerName): number {
  switch (timer) {
    case 'identify':
      return input.timeouts.identifyS;
    case 'answer':
      return input.timeouts.answerS;
    case 'confirm':
      return input.timeouts.confirmS;
    case 'settle':
      return input.lift.settleS;
    case 'hold':
      return input.holdS;
  }
}

/** What `/behavior/transfer/status` shows for a context. */
function statusOf(c: TransferContext): TransferStatusEvent['status'] {
  return {
    patient_id: c.input.patientId,
    direction: c.input.direction,
    autonomy: c.input.autonomy,
    step: c.step,
    preconditions: [...PRECONDITIONS],
    precondition_states: PRECONDITIONS.map((p) => c.preconditions[p].state),
    ready: PRECONDITIONS.every((p) => c.preconditions[p].state === 'met'),
    loaded: c.loaded,
    over_support: c.overSupport,
  };
}

/** The outcome of a run that ended without one set: where the patient is tells. */
function defaultOutcome(c: TransferContext): TransferOutcome {
  if (c.loaded) return 'held_by_safety_stop';
  return c.overSupport === supportsOf(c.input.direction).destination ? 'completed' : 'stopped_before_lift';
}

/** The transfer's types, actors, guards and actions; `transferMachine` is built on it. */
const transferSetup = setup({
  types: {
    context: {} as TransferContext,
    events: {} as TransferEvent,
    input: {} as TransferInput,
    output: {} as TransferRecord,
  },
  actors: { ...unboundBehaviorActors, ...unboundTransferActors },
  guards: {
    missing: ({ context }, params: { readonly name: PreconditionName }) => context.preconditions[params.name].state !== 'met',
    met: ({ context }, params: { readonly name: PreconditionName }) => context.preconditions[params.name].state === 'met',
    fromPatient: ({ event }) => isIntent(event) && event.role === 'patient',
    fromCaregiver: ({ event }) => isIntent(event) && event.role === 'caregiver',
    expiredWithAttemptsLeft: ({ context, event }) => event.type === 'timer.expired' && event.seq === context.timerSeq && context.attempts + 1 < context.input.timeouts.attempts,
    isLoaded: ({ context }) => context.loaded,
    isCategory2: ({ event }) => event.type === 'safety.stop' && event.category === 2,
    supervised: ({ context }) => context.input.autonomy === 'supervised',
    resumeIs: ({ context }, params: { readonly step: TransferContext['resumeTo'] }) => context.resumeTo === params.step,
    timerExpired: ({ context, event }) => event.type === 'timer.expired' && event.seq === context.timerSeq,
    monitorLost: ({ event }) => event.type === 'monitor.anomaly' && (event.kind === 'input_lost' || event.kind === 'stale'),
    loadedCategory2: ({ context, event }) => context.loaded && event.type === 'safety.stop' && event.category === 2,
    expiredOk: ({ context, event }) => event.type === 'timer.expired' && event.seq === context.timerSeq && judgePatient(context, context.moveDoneAtS).ok,
    expiredOkWithMoreStages: ({ context, event }) =>
      event.type === 'timer.expired' && event.seq === context.timerSeq && judgePatient(context, context.moveDoneAtS).ok && context.stage + 1 < context.input.lift.stages,
    expiredOkSupervised: ({ context, event }) =>
      event.type === 'timer.expired' && event.seq === context.timerSeq && judgePatient(context, context.moveDoneAtS).ok && context.input.autonomy === 'supervised',
    caregiverUnlatched: ({ context, event }) => isIntent(event) && event.role === 'caregiver' && !context.safetyLatched,
    caregiverUnlatchedLoaded: ({ context, event }) => isIntent(event) && event.role === 'caregiver' && !context.safetyLatched && context.loaded,
    caregiverLoaded: ({ context, event }) => isIntent(event) && event.role === 'caregiver' && context.loaded,
  },
  actions: {
    applyTick: assign(({ context, event }) => {
      if (event.type !== 'monitor.tick') return {};
      const sample = event.sample;
      const startS = context.startS ?? event.nowS;
      const peaks: Record<string, number> = { ...context.peakContactN };
      for (const [region, f] of Object.entries(event.peaksN)) if (!(f <= (peaks[region] ?? Number.NEGATIVE_INFINITY))) peaks[region] = f;
      const identified =
        sample !== undefined && sample.personId === context.input.patientId && context.preconditions.patient_identified.state !== 'met'
          ? { ...context.preconditions, patient_identified: { state: 'met' as const, atS: Math.max(0, event.nowS - startS), by: 'monitor' } }
          : context.preconditions;
      return {
        startS,
        clockS: event.nowS,
        latest: sample ?? context.latest,
        baselinePosture: context.baselinePosture ?? sample?.postureCode,
        peakContactN: peaks,
        preconditions: identified,
      };
    }),
    publishStatus: enqueueActions(({ context, enqueue }) => {
      if (context.monitorAlive) enqueue.sendTo('monitor', { type: 'transfer.status', status: statusOf(context) } satisfies TransferStatusEvent);
    }),
    beginStep: assign(({ context }, params: { readonly step: TransferStepName }) => {
      const at = elapsedS(context);
      return { step: params.step, steps: [...closeStep(context.steps, at, 'interrupted'), { step: params.step, startS: at }] };
    }),
    endStep: assign(({ context, event }, params: { readonly outcome: 'done' | 'failed' }) => {
      const output = 'output' in event ? (event.output as Partial<MotionResult> | undefined) : undefined;
      const motionS = typeof output?.elapsedS === 'number' ? output.elapsedS : undefined;
      const detail = 'error' in event ? errorText(event.error).detail : undefined;
      return { steps: closeStep(context.steps, elapsedS(context), params.outcome, { ...(motionS === undefined ? {} : { motionS }), ...(detail === undefined ? {} : { detail }) }) };
    }),
    answer: assign(({ context, event }, params: { readonly name: PreconditionName; readonly state: 'met' | 'refused' }) => {
      if (!isIntent(event)) return {};
      const atS = elapsedS(context);
      return {
        preconditions: { ...context.preconditions, [params.name]: { state: params.state, atS, by: event.role } },
        confirmations: [...context.confirmations, { what: params.name, role: event.role, intent: intentName(event), text: event.text, source: event.source, atS }],
      };
    }),
    confirm: assign(({ context, event }, params: { readonly what: string }) => {
      if (!isIntent(event)) return {};
      return { confirmations: [...context.confirmations, { what: params.what, role: event.role, intent: intentName(event), text: event.text, source: event.source, atS: elapsedS(context) }] };
    }),
    resetAttempts: assign({ attempts: 0 }),
    countAttempt: assign(({ context }) => ({ attempts: context.attempts + 1 })),
    setOutcome: assign(({ context }, params: { readonly outcome: TransferOutcome }) => ({ outcome: context.outcome ?? params.outcome })),
    finishOutcome: assign(({ context }) => ({ outcome: context.outcome ?? defaultOutcome(context) })),
    anomaly: assign(({ context, event }, params: { readonly kind: AnomalyKind; readonly detail?: string }) => {
      const base = { atS: elapsedS(context), step: context.step, kind: params.kind };
      let entry;
      if (event.type === 'monitor.anomaly') {
        entry = {
          ...base,
          kind: event.kind,
          code: event.code,
          detail: event.detail,
          ...(event.region === undefined ? {} : { region: event.region }),
          ...(event.valueN === undefined ? {} : { valueN: event.valueN }),
          ...(event.limitN === undefined ? {} : { limitN: event.limitN }),
        };
      } else if ('error' in event) {
        entry = { ...base, ...errorText(event.error) };
      } else if (isIntent(event)) {
        entry = { ...base, code: 'BEHAVIOR_TRANSFER_STOP_REQUESTED', detail: `${event.role} said "${event.text || intentName(event)}" (${intentName(event)}, ${event.source})` };
      } else if (event.type === 'operator.stop') {
        entry = { ...base, code: 'BEHAVIOR_TRANSFER_STOP_REQUESTED', detail: 'operator stop' };
      } else {
        entry = { ...base, code: params.kind === 'stage_check_failed' ? 'BEHAVIOR_TRANSFER_STAGE_CHECK_FAILED' : 'BEHAVIOR_TRANSFER_CONFIRMATION_TIMEOUT', detail: params.detail ?? params.kind };
      }
      return { anomalies: [...context.anomalies, entry], why: `${entry.kind}: ${entry.detail}` };
    }),
    stageFailure: assign(({ context }) => {
      const j = judgePatient(context, context.moveDoneAtS);
      if (j.ok) return {};
      const entry = {
        atS: elapsedS(context),
        step: context.step,
        kind: 'stage_check_failed' as const,
        code: j.kind === 'force' ? 'BEHAVIOR_TRANSFER_FORCE_LIMIT' : j.kind === 'posture' ? 'BEHAVIOR_TRANSFER_POSTURE_UNSTABLE' : 'BEHAVIOR_TRANSFER_CONTACT_STALE',
        detail: j.detail,
        ...(j.region === undefined ? {} : { region: j.region }),
        ...(j.valueN === undefined ? {} : { valueN: j.valueN }),
        ...(j.limitN === undefined ? {} : { limitN: j.limitN }),
      };
      return { anomalies: [...context.anomalies, entry], why: `stage check: ${j.detail}` };
    }),
    recordStage: assign(({ context }) => {
      const s = context.latest;
      const top = maxContact(s);
      return {
        stages: [
          ...context.stages,
          {
            stage: context.stage + 1,
            torsoM: stageTorsoM(context.input, context.stage),
            atS: elapsedS(context),
            maxContactN: top.forceN,
            maxRegion: top.region,
            contactTotalN: s?.contactTotalN ?? Number.NaN,
            supportTotalN: s?.supportTotalN ?? Number.NaN,
            postureCode: s?.postureCode ?? -1,
            trunkRollRad: s?.trunkRollRad ?? Number.NaN,
            ok: judgePatient(context, context.moveDoneAtS).ok,
          },
        ],
      };
    }),
    safetyEvent: assign(({ context, event }) => {
      if (event.type !== 'safety.stop' && event.type !== 'safety.estop' && event.type !== 'safety.cleared') return {};
      const atS = elapsedS(context);
      if (event.type === 'safety.cleared') return { safetyLatched: false, safetyEvents: [...context.safetyEvents, { atS, type: event.type }] };
      const entry = event.type === 'safety.stop' ? { atS, type: event.type, category: event.category, code: event.code } : { atS, type: event.type, source: event.source };
      const code = event.type === 'safety.stop' ? event.code : `SAFETY_ESTOP (${event.source})`;
      return {
        safetyLatched: true,
        safetyEvents: [...context.safetyEvents, entry],
        why: `safety stop ${code}`,
        anomalies: [...context.anomalies, { atS, step: context.step, kind: 'safety_stop' as const, code: event.type === 'safety.stop' ? event.code : 'SAFETY_ESTOP_REQUEST', detail: event.type === 'safety.stop' ? `category ${event.category}` : `e-stop from ${event.source}` }],
      };
    }),
    startTimer: enqueueActions(({ context, enqueue }, params: { readonly timer: TimerName }) => {
      const seq = context.timerSeq + 1;
      enqueue.assign({ timerSeq: seq });
      if (context.monitorAlive) enqueue.sendTo('monitor', { type: 'timer.start', seq, afterS: timerSeconds(context.input, params.timer) } satisfies TimerStartEvent);
    }),
    markMonitorLost: assign({ monitorAlive: false }),
    intentsLost: assign({ intentsAlive: false }),
    raiseInputLost: raise(({ event }, params: { readonly what: string }) => ({
      type: 'monitor.anomaly' as const,
      kind: 'input_lost' as const,
      code: 'error' in event ? errorText(event.error).code : 'BEHAVIOR_ACTOR_FAILED',
      detail: `${params.what} stopped: ${'error' in event ? errorText(event.error).detail : 'unknown'}`,
    })),
    setLoaded: assign((_, params: { readonly loaded: boolean }) => ({ loaded: params.loaded })),
    atDestination: assign(({ context }) => ({ overSupport: supportsOf(context.input.direction).destination })),
    trackPoseTorso: assign(({ context }, params: { readonly step: PoseStep }) => {
      const t = poseTorso(context.input, params.step);
      return t === undefined ? {} : { commandedTorsoM: t };
    }),
    commandStage: assign(({ context }) => ({ commandedTorsoM: stageTorsoM(context.input, context.stage) })),
    commandSupport: assign(({ context }) => ({ commandedTorsoM: context.input.supports[context.overSupport].torsoM })),
    moveDone: assign(({ context }) => ({ moveDoneAtS: context.clockS })),
    nextStage: assign(({ context }) => ({ stage: context.stage + 1 })),
    pausedAt: assign((_, params: { readonly step: TransferContext['resumeTo'] }) => ({ resumeTo: params.step })),
  },
});

/**
 * The patient transfer (bed → wheelchair and back) as a statechart. Preconditions are checked and
 * asked for (patient identified by their contact data, consent, a caregiver confirming, bed height,
 * wheelchair brakes); then approach, position arms, insert, lift in stages (each stage a torso move,
 * then the patient's per-region contact forces and posture judged), hold and check, carry, lower,
 * release, retreat. At `supervised` autonomy the caregiver confirms lift, carry and lower; at
 * `assisted` only the lift. Any anomaly while the patient is on the arms (a force or posture limit,
 * lost monitoring, a failed motion, "stop"/"停", the operator's stop, a category 2 safety stop) leads
 * to `lowering` (tagged `stopping`): slowly down onto the support under the patient, never a drop; a
 * category 0/1 stop or an e-stop holds in `safeHeld` (brakes) and alerts the caregiver. Pause is
 * offered before the lift and while holding. Timeouts run on the bus clock through the monitor
 * (`timer.start` → `timer.expired`), not XState's wall-clock delays, so a lock-step simulation keeps
 * the robot's time. The output is the transfer record.
 */
export const transferMachine = transferSetup.createMachine({
  id: 'transfer',
  context: ({ input }) => initialTransferContext(input),
  invoke: [
    { id: 'intents', src: 'intentEvents', onError: { actions: ['intentsLost', { type: 'raiseInputLost', params: { what: 'intent input' } }] } },
    {
      id: 'monitor',
      src: 'transferMonitor',
      input: ({ context }) => monitorInput(context.input),
      onError: { actions: ['markMonitorLost', { type: 'raiseInputLost', params: { what: 'patient monitor' } }] },
    },
  ],
  on: {
    'monitor.tick': { actions: ['applyTick', 'publishStatus'] },
    'monitor.anomaly': { actions: { type: 'anomaly', params: { kind: 'force' } } },
    'safety.stop': [
      { guard: 'loadedCategory2', target: '.lowering', actions: ['safetyEvent', { type: 'setOutcome', params: { outcome: 'lowered_after_anomaly' } }] },
      { guard: 'isLoaded', target: '.safeHeld', actions: ['safetyEvent', { type: 'setOutcome', params: { outcome: 'held_by_safety_stop' } }] },
      { target: '.halted', actions: 'safetyEvent' },
    ],
    'safety.estop': [
      { guard: 'isLoaded', target: '.safeHeld', actions: ['safetyEvent', { type: 'setOutcome', params: { outcome: 'held_by_safety_stop' } }] },
      { target: '.halted', actions: 'safetyEvent' },
    ],
    'safety.cleared': { actions: 'safetyEvent' },
  },
  initial: 'preconditions',
  states: {
    preconditions: {
      tags: ['safe'],
      entry: { type: 'beginStep', params: { step: 'preconditions' } },
      on: {
        ...onIntents(CONSENT_INTENTS, { guard: 'fromPatient', actions: { type: 'answer', params: { name: 'consent', state: 'met' } } }),
        ...onIntents(DECLINE_INTENTS, [
          {
            guard: 'fromPatient',
            target: '#transfer.closing',
            actions: [{ type: 'answer', params: { name: 'consent', state: 'refused' } }, { type: 'setOutcome', params: { outcome: 'declined' } }],
          },
        ]),
        ...onIntents(CONFIRM_INTENTS, { guard: 'fromCaregiver', actions: { type: 'answer', params: { name: 'caregiver_confirmed', state: 'met' } } }),
        ...onIntents(BED_HEIGHT_INTENTS, { guard: 'fromCaregiver', actions: { type: 'answer', params: { name: 'bed_height', state: 'met' } } }),
        ...onIntents(BRAKES_INTENTS, { guard: 'fromCaregiver', actions: { type: 'answer', params: { name: 'brakes', state: 'met' } } }),
        ...onIntents(['stop', '停'] as const, { target: '#transfer.closing', actions: { type: 'anomaly', params: { kind: 'person_stop' } } }),
        'operator.stop': { target: '#transfer.closing', actions: { type: 'anomaly', params: { kind: 'operator_stop' } } },
        // Without the patient's data (or its clock) nothing can be checked or timed: give up.
        'monitor.anomaly': [
          { guard: 'monitorLost', target: '#transfer.closing', actions: [{ type: 'anomaly', params: { kind: 'input_lost' } }, { type: 'setOutcome', params: { outcome: 'preconditions_not_met' } }] },
          { actions: { type: 'anomaly', params: { kind: 'force' } } },
        ],
      },
      initial: 'next',
      states: {
        next: {
          always: [
            { guard: { type: 'missing', params: { name: 'patient_identified' } }, target: 'identify' },
            { guard: { type: 'missing', params: { name: 'consent' } }, target: 'consent' },
            { guard: { type: 'missing', params: { name: 'caregiver_confirmed' } }, target: 'caregiver' },
            { guard: { type: 'missing', params: { name: 'bed_height' } }, target: 'bedHeight' },
            { guard: { type: 'missing', params: { name: 'brakes' } }, target: 'brakes' },
            { target: '#transfer.approach', actions: { type: 'endStep', params: { outcome: 'done' } } },
          ],
        },
        identify: {
          entry: { type: 'startTimer', params: { timer: 'identify' } },
          always: { guard: { type: 'met', params: { name: 'patient_identified' } }, target: 'next' },
          on: { 'timer.expired': { guard: 'timerExpired', target: '#transfer.closing', actions: { type: 'setOutcome', params: { outcome: 'preconditions_not_met' } } } },
        },
        consent: ask('consent', ({ context }) => say(TRANSFER_TEXT.consent(context.input.direction))),
        caregiver: ask('caregiver_confirmed', () => say(TRANSFER_TEXT.caregiver)),
        bedHeight: ask('bed_height', () => say(TRANSFER_TEXT.bedHeight)),
        brakes: ask('brakes', () => say(TRANSFER_TEXT.brakes)),
      },
    },
    approach: preLiftMove('approach', 'approach', 'positionArms'),
    positionArms: preLiftMove('positionArms', 'position_arms', 'insert'),
    insert: preLiftMove('insert', 'insert', 'awaitLiftApproval'),
    paused: {
      tags: ['safe', 'resumable'],
      entry: { type: 'beginStep', params: { step: 'paused' } },
      on: {
        'operator.resume': [
          { guard: { type: 'resumeIs', params: { step: 'approach' } }, target: 'approach' },
          { guard: { type: 'resumeIs', params: { step: 'positionArms' } }, target: 'positionArms' },
          { target: 'insert' },
        ],
        'operator.stop': { target: 'closing', actions: { type: 'anomaly', params: { kind: 'operator_stop' } } },
        ...onIntents(STOP_INTENTS, { target: 'interrupted', actions: { type: 'anomaly', params: { kind: 'person_stop' } } }),
        'monitor.anomaly': { target: 'interrupted', actions: { type: 'anomaly', params: { kind: 'force' } } },
      },
    },
    awaitLiftApproval: {
      tags: ['safe'],
      entry: [{ type: 'beginStep', params: { step: 'await_lift_approval' } }, { type: 'startTimer', params: { timer: 'confirm' } }],
      invoke: { id: 'askLift', src: 'speak', input: () => say(TRANSFER_TEXT.approveLift), onError: { actions: [] } },
      on: {
        ...onIntents(CONFIRM_INTENTS, { guard: 'fromCaregiver', target: 'lift', actions: [{ type: 'confirm', params: { what: 'lift' } }, { type: 'endStep', params: { outcome: 'done' } }] }),
        ...onIntents(STOP_INTENTS, { target: 'interrupted', actions: { type: 'anomaly', params: { kind: 'person_stop' } } }),
        'operator.stop': { target: 'interrupted', actions: { type: 'anomaly', params: { kind: 'operator_stop' } } },
        'monitor.anomaly': { target: 'interrupted', actions: { type: 'anomaly', params: { kind: 'force' } } },
        'timer.expired': { guard: 'timerExpired', target: 'interrupted', actions: { type: 'anomaly', params: { kind: 'confirmation_timeout', detail: 'no caregiver confirmation before the lift' } } },
      },
    },
    lift: {
      entry: [{ type: 'beginStep', params: { step: 'lift' } }, { type: 'setLoaded', params: { loaded: true } }],
      on: {
        ...onIntents(STOP_INTENTS, { target: 'lowering', actions: [{ type: 'anomaly', params: { kind: 'person_stop' } }, { type: 'setOutcome', params: { outcome: 'lowered_after_anomaly' } }] }),
        'operator.stop': { target: 'lowering', actions: [{ type: 'anomaly', params: { kind: 'operator_stop' } }, { type: 'setOutcome', params: { outcome: 'lowered_after_anomaly' } }] },
        'monitor.anomaly': { target: 'lowering', actions: [{ type: 'anomaly', params: { kind: 'force' } }, { type: 'setOutcome', params: { outcome: 'lowered_after_anomaly' } }] },
      },
      initial: 'move',
      states: {
        move: {
          entry: 'commandStage',
          invoke: {
            id: 'liftStage',
            src: 'moveJoints',
            input: ({ context }) => stageMove(context.input, context.stage),
            onDone: { target: 'check', actions: 'moveDone' },
            onError: { target: '#transfer.lowering', actions: [{ type: 'anomaly', params: { kind: 'motion_failed' } }, { type: 'setOutcome', params: { outcome: 'lowered_after_anomaly' } }] },
          },
        },
        check: {
          entry: { type: 'startTimer', params: { timer: 'settle' } },
          on: {
            'timer.expired': [
              { guard: 'expiredOkWithMoreStages', target: 'move', actions: ['recordStage', 'nextStage'] },
              { guard: 'expiredOk', target: '#transfer.holding', actions: ['recordStage', { type: 'endStep', params: { outcome: 'done' } }] },
              { guard: 'timerExpired', target: '#transfer.lowering', actions: ['recordStage', 'stageFailure', { type: 'setOutcome', params: { outcome: 'lowered_after_anomaly' } }] },
            ],
          },
        },
      },
    },
    holding: {
      tags: ['safe', 'pausable'],
      entry: [{ type: 'beginStep', params: { step: 'hold' } }, { type: 'startTimer', params: { timer: 'hold' } }],
      on: {
        ...loadedStops(),
        'operator.pause': 'holdPaused',
        'timer.expired': [
          { guard: 'expiredOkSupervised', target: 'awaitCarryApproval', actions: { type: 'endStep', params: { outcome: 'done' } } },
          { guard: 'expiredOk', target: 'carry', actions: { type: 'endStep', params: { outcome: 'done' } } },
          { guard: 'timerExpired', target: 'lowering', actions: ['stageFailure', { type: 'setOutcome', params: { outcome: 'lowered_after_anomaly' } }] },
        ],
      },
    },
    holdPaused: {
      tags: ['safe', 'resumable'],
      entry: { type: 'beginStep', params: { step: 'paused' } },
      on: {
        ...loadedStops(),
        'operator.resume': 'holding',
      },
    },
    awaitCarryApproval: awaitApproval('await_carry_approval', TRANSFER_TEXT.approveCarry, 'carry', 'carry'),
    carry: {
      entry: { type: 'beginStep', params: { step: 'carry' } },
      on: loadedStops(),
      invoke: {
        id: 'carry',
        src: 'moveJoints',
        input: ({ context }) => poseMove(context.input, 'carry'),
        onDone: [
          { guard: 'supervised', target: 'awaitLowerApproval', actions: [{ type: 'endStep', params: { outcome: 'done' } }, 'atDestination'] },
          { target: 'lower', actions: [{ type: 'endStep', params: { outcome: 'done' } }, 'atDestination'] },
        ],
        onError: { target: 'lowering', actions: [{ type: 'anomaly', params: { kind: 'motion_failed' } }, { type: 'setOutcome', params: { outcome: 'lowered_after_anomaly' } }] },
      },
    },
    awaitLowerApproval: awaitApproval('await_lower_approval', TRANSFER_TEXT.approveLower, 'lower', 'lower'),
    lower: {
      entry: { type: 'beginStep', params: { step: 'lower' } },
      on: loadedStops(),
      invoke: {
        id: 'place',
        src: 'moveJoints',
        input: ({ context }) => placeMove(context),
        onDone: { target: 'release', actions: [{ type: 'endStep', params: { outcome: 'done' } }, 'commandSupport', { type: 'setLoaded', params: { loaded: false } }] },
        onError: { target: 'lowering', actions: [{ type: 'anomaly', params: { kind: 'motion_failed' } }, { type: 'setOutcome', params: { outcome: 'lowered_after_anomaly' } }] },
      },
    },
    release: postPlaceMove('release', 'release', 'retreat'),
    retreat: postPlaceMove('retreat', 'retreat', 'closing'),
    lowering: {
      tags: ['stopping'],
      entry: { type: 'beginStep', params: { step: 'lowering' } },
      invoke: [
        {
          id: 'lowerSafely',
          src: 'moveJoints',
          input: ({ context }) => loweringMove(context),
          onDone: { target: 'lowered', actions: [{ type: 'endStep', params: { outcome: 'done' } }, 'commandSupport', { type: 'setLoaded', params: { loaded: false } }] },
          onError: { target: 'safeHeld', actions: [{ type: 'endStep', params: { outcome: 'failed' } }, { type: 'anomaly', params: { kind: 'motion_failed' } }] },
        },
        { id: 'sayLowering', src: 'speak', input: () => say(TRANSFER_TEXT.lowering), onError: { actions: [] } },
      ],
      on: {
        'safety.stop': [{ guard: 'isCategory2', actions: 'safetyEvent' }, { target: 'safeHeld', actions: ['safetyEvent', { type: 'setOutcome', params: { outcome: 'held_by_safety_stop' } }] }],
        'safety.estop': { target: 'safeHeld', actions: ['safetyEvent', { type: 'setOutcome', params: { outcome: 'held_by_safety_stop' } }] },
      },
    },
    lowered: {
      tags: ['safe'],
      entry: { type: 'beginStep', params: { step: 'lowered' } },
      invoke: [
        { id: 'sayLowered', src: 'speak', input: () => say(TRANSFER_TEXT.lowered), onError: { actions: [] } },
        {
          id: 'alertLowered',
          src: 'alertCaregiver',
          input: ({ context }) => {
            const t = TRANSFER_ALERT.lowered(context.why);
            return { severity: 'warning' as const, kind: 'transfer_stopped', message_zh: t.zh, message_en: t.en, personId: context.input.patientId };
          },
          onError: { actions: [] },
        },
      ],
      on: {
        ...onIntents(CONFIRM_INTENTS, { guard: 'caregiverUnlatched', target: 'release', actions: { type: 'confirm', params: { what: 'release' } } }),
        'safety.cleared': { target: 'recovering', actions: 'safetyEvent' },
        'operator.stop': 'closing',
      },
    },
    safeHeld: {
      tags: ['safe'],
      entry: { type: 'beginStep', params: { step: 'safe_held' } },
      invoke: [
        {
          id: 'alertHeld',
          src: 'alertCaregiver',
          input: ({ context }) => {
            const t = TRANSFER_ALERT.held(context.why);
            return { severity: 'urgent' as const, kind: 'transfer_safety_stop', message_zh: t.zh, message_en: t.en, personId: context.input.patientId };
          },
          onError: { actions: [] },
        },
        { id: 'sayHeld', src: 'speak', input: () => say(TRANSFER_TEXT.held), onError: { actions: [] } },
      ],
      on: {
        'safety.stop': { actions: 'safetyEvent' },
        'safety.estop': { actions: 'safetyEvent' },
        'safety.cleared': { target: 'recovering', actions: 'safetyEvent' },
        // Held without a safety stop in force (a failed lowering): the caregiver may try again.
        ...onIntents(CONFIRM_INTENTS, [
          { guard: 'caregiverUnlatchedLoaded', target: 'lowering', actions: { type: 'confirm', params: { what: 'lowering' } } },
          { guard: 'caregiverUnlatched', target: 'release', actions: { type: 'confirm', params: { what: 'release' } } },
        ]),
      },
    },
    halted: {
      tags: ['safe'],
      entry: { type: 'beginStep', params: { step: 'halted' } },
      invoke: { id: 'sayHalted', src: 'speak', input: () => say(TRANSFER_TEXT.held), onError: { actions: [] } },
      on: {
        'safety.stop': { actions: 'safetyEvent' },
        'safety.estop': { actions: 'safetyEvent' },
        'safety.cleared': { target: 'recovering', actions: 'safetyEvent' },
        ...onIntents(CONFIRM_INTENTS, { guard: 'caregiverUnlatched', target: 'release', actions: { type: 'confirm', params: { what: 'release' } } }),
        'operator.stop': 'closing',
      },
    },
    recovering: {
      tags: ['safe'],
      entry: { type: 'beginStep', params: { step: 'recovering' } },
      invoke: {
        id: 'releaseHold',
        src: 'releaseHold',
        onDone: { target: 'awaitRecoveryDecision', actions: { type: 'endStep', params: { outcome: 'done' } } },
        onError: [
          { guard: 'isLoaded', target: 'safeHeld', actions: { type: 'endStep', params: { outcome: 'failed' } } },
          { target: 'halted', actions: { type: 'endStep', params: { outcome: 'failed' } } },
        ],
      },
    },
    awaitRecoveryDecision: {
      tags: ['safe'],
      entry: { type: 'beginStep', params: { step: 'await_recovery_decision' } },
      invoke: { id: 'askRecovery', src: 'speak', input: () => say(TRANSFER_TEXT.interrupted), onError: { actions: [] } },
      on: {
        ...onIntents(CONFIRM_INTENTS, [
          { guard: 'caregiverLoaded', target: 'lowering', actions: { type: 'confirm', params: { what: 'lowering' } } },
          { guard: 'fromCaregiver', target: 'release', actions: { type: 'confirm', params: { what: 'release' } } },
        ]),
        'operator.stop': [{ guard: 'isLoaded', target: 'lowering' }, { target: 'closing' }],
      },
    },
    interrupted: {
      tags: ['safe'],
      entry: [{ type: 'beginStep', params: { step: 'interrupted' } }],
      invoke: { id: 'sayInterrupted', src: 'speak', input: () => say(TRANSFER_TEXT.interrupted), onError: { actions: [] } },
      on: {
        ...onIntents(CONFIRM_INTENTS, { guard: 'caregiverUnlatched', target: 'release', actions: { type: 'confirm', params: { what: 'release' } } }),
        'operator.stop': 'closing',
      },
    },
    closing: {
      tags: ['safe'],
      entry: [{ type: 'beginStep', params: { step: 'closing' } }, 'finishOutcome'],
      invoke: {
        id: 'sayClosing',
        src: 'speak',
        input: ({ context }) => say(CLOSING_TEXT[context.outcome ?? defaultOutcome(context)]),
        onDone: { target: 'ended', actions: { type: 'endStep', params: { outcome: 'done' } } },
        onError: { target: 'ended', actions: { type: 'endStep', params: { outcome: 'done' } } },
      },
      on: { 'operator.stop': { target: 'ended', actions: { type: 'endStep', params: { outcome: 'done' } } } },
    },
    ended: { type: 'final', tags: ['safe'] },
  },
  output: ({ context }) => transferRecordOf(context),
});

/** A precondition the robot asks for: say the question, wait for the answer, ask again, give up. */
function ask(name: PreconditionName, prompt: (args: { context: TransferContext }) => SpeakInput) {
  return transferSetup.createStateConfig({
    entry: 'resetAttempts',
    always: { guard: { type: 'met', params: { name } }, target: 'next' },
    initial: 'asking',
    states: {
      asking: { invoke: { id: 'ask', src: 'speak', input: prompt, onDone: 'waiting', onError: 'waiting' } },
      waiting: {
        entry: { type: 'startTimer', params: { timer: 'answer' } },
        on: {
          'timer.expired': [
            { guard: 'expiredWithAttemptsLeft', target: 'asking', actions: 'countAttempt' },
            { guard: 'timerExpired', target: '#transfer.closing', actions: { type: 'setOutcome', params: { outcome: 'preconditions_not_met' } } },
          ],
        },
      },
    },
  });
}

/** A motion before the lift: pausable, stopped by a person, the operator or an anomaly. */
function preLiftMove(pose: 'approach' | 'positionArms' | 'insert', step: TransferStepName, next: 'positionArms' | 'insert' | 'awaitLiftApproval') {
  return transferSetup.createStateConfig({
    tags: ['pausable'],
    entry: { type: 'beginStep', params: { step } },
    invoke: {
      id: 'move',
      src: 'moveJoints',
      input: ({ context }: { context: TransferContext }) => poseMove(context.input, pose),
      onDone: { target: next, actions: [{ type: 'endStep', params: { outcome: 'done' } }, { type: 'trackPoseTorso', params: { step: pose } }] },
      onError: { target: 'interrupted', actions: [{ type: 'endStep', params: { outcome: 'failed' } }, { type: 'anomaly', params: { kind: 'motion_failed' } }] },
    },
    on: {
      'operator.pause': { target: 'paused', actions: { type: 'pausedAt', params: { step: pose } } },
      'operator.stop': { target: 'closing', actions: { type: 'anomaly', params: { kind: 'operator_stop' } } },
      ...onIntents(STOP_INTENTS, { target: 'interrupted', actions: { type: 'anomaly', params: { kind: 'person_stop' } } }),
      'monitor.anomaly': { target: 'interrupted', actions: { type: 'anomaly', params: { kind: 'force' } } },
    },
  });
}

/** A motion after the patient is set down: stopped (not lowered: nothing to lower) by a person, the operator or an anomaly. */
function postPlaceMove(pose: 'release' | 'retreat', step: TransferStepName, next: 'retreat' | 'closing') {
  return transferSetup.createStateConfig({
    entry: { type: 'beginStep', params: { step } },
    invoke: {
      id: 'move',
      src: 'moveJoints',
      input: ({ context }: { context: TransferContext }) => poseMove(context.input, pose),
      onDone: { target: next, actions: [{ type: 'endStep', params: { outcome: 'done' } }, { type: 'trackPoseTorso', params: { step: pose } }] },
      onError: { target: 'interrupted', actions: [{ type: 'endStep', params: { outcome: 'failed' } }, { type: 'anomaly', params: { kind: 'motion_failed' } }] },
    },
    on: {
      'operator.stop': { target: 'interrupted', actions: { type: 'anomaly', params: { kind: 'operator_stop' } } },
      ...onIntents(STOP_INTENTS, { target: 'interrupted', actions: { type: 'anomaly', params: { kind: 'person_stop' } } }),
      'monitor.anomaly': { target: 'interrupted', actions: { type: 'anomaly', params: { kind: 'force' } } },
    },
  });
}

/** What stops a state with the patient on the arms: lowering onto the nearest support. */
function loadedStops() {
  const lower = (kind: AnomalyKind) => ({ target: 'lowering', actions: [{ type: 'anomaly', params: { kind } }, { type: 'setOutcome', params: { outcome: 'lowered_after_anomaly' } }] }) as const;
  return {
    ...onIntents(STOP_INTENTS, lower('person_stop')),
    'operator.stop': lower('operator_stop'),
    'monitor.anomaly': lower('force'),
  } as const;
}

/** The caregiver's approval of a step that moves the patient (supervised autonomy); no answer lowers the patient. */
function awaitApproval(step: TransferStepName, prompt: BilingualText, what: string, next: 'carry' | 'lower') {
  return transferSetup.createStateConfig({
    tags: ['safe'],
    entry: [{ type: 'beginStep', params: { step } }, { type: 'startTimer', params: { timer: 'confirm' } }],
    invoke: { id: 'askApproval', src: 'speak', input: () => say(prompt), onError: { actions: [] } },
    on: {
      ...loadedStops(),
      ...onIntents(CONFIRM_INTENTS, { guard: 'fromCaregiver', target: next, actions: [{ type: 'confirm', params: { what } }, { type: 'endStep', params: { outcome: 'done' } }] }),
      'timer.expired': {
        guard: 'timerExpired',
        target: 'lowering',
        actions: [{ type: 'anomaly', params: { kind: 'confirmation_timeout', detail: `no caregiver confirmation of the ${what}` } }, { type: 'setOutcome', params: { outcome: 'lowered_after_anomaly' } }],
      },
    },
  });
}
