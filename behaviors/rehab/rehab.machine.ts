import { assign, not, setup, stateIn } from 'xstate';
import { unboundBehaviorActors, type IntentEvent, type MotionResult, type PatientSignalEvent } from '../actors/index.js';
import type { KindredBehaviorEvent, SafetyEvent } from '../core/index.js';
import { exerciseJoints, progressedTarget, repetitionPoints, startPositions, warmUpMotion } from './plan/exerciseMotion.js';
import { unboundRehabActors, type JointsTick } from './rehabActors.js';
import { controllerNames, modeControllers, streamController, switchBetween } from './rehabControllers.js';
import { progressedAssistance } from './assistanceLevels.js';
import {
  appliedAssistanceNow,
  assistanceAfter,
  assistanceNeeded,
  assistanceToRestore,
  currentExercise,
  currentTarget,
  describeProgress,
  initialContext,
  positioningDurationS,
  repetitionWindowS,
  sessionRecordOf,
  type RehabContext,
  type RehabInput,
  type SessionPhase,
} from './rehabContext.js';
import { emptyWindow, errorCodeOf, failedRepetition, foldTick, repetitionFromMotion, repetitionFromWindow, type RepetitionPlace } from './repetitionRecords.js';
import { STOP_REASON_TEXT, type PoseRecord, type RepetitionRecord, type SessionRecord, type StopReason } from './sessionRecord.js';

/** Intents the session reacts to (the speech module's names, and the Chinese words typed as names). */
export type RehabIntentName = 'ready' | '好' | 'yes' | 'start' | 'stop' | '停' | 'pause' | '暂停' | 'resume' | '继续';

/** Every event the session handles. */
export type RehabEvent = KindredBehaviorEvent | IntentEvent<RehabIntentName> | PatientSignalEvent | JointsTick;

/** Slack on "within the prescription" for the device check: measured angles this far outside still pass, rad. */
export const DEVICE_CHECK_SLACK_RAD = 0.02;

function place(c: RehabContext): RepetitionPlace {
  return { exercise: currentExercise(c), set: c.set, repetition: c.rep, toRad: currentTarget(c), prescription: c.plan.prescription, appliedAssistancePercent: appliedAssistanceNow(c) };
}

function addRepetition(c: RehabContext, rep: RepetitionRecord): Partial<RehabContext> {
  const exercises = c.exercises.map((e, i) => (i === c.exercise ? { ...e, repetitions: [...e.repetitions, rep] } : e));
  const ok = rep.outcome === 'completed';
  return { exercises, failures: ok ? 0 : c.failures + 1, setAllReached: c.setAllReached && rep.reachedTarget };
}

function poseRecord(pose: Readonly<Record<string, number>>, m: MotionResult | undefined): PoseRecord {
  const measured: Record<string, number> = {};
  for (const j of Object.keys(pose)) {
    const v = m?.positions[j];
    if (v !== undefined) measured[j] = v;
  }
  return { pose: { ...pose }, measured, maxTrackingErrorRad: m?.maxTrackingError ?? Number.NaN, durationS: m?.elapsedS ?? 0 };
}

function deviceProblem(c: RehabContext, t: JointsTick): string | undefined {
  if (!t.fresh) return '/joint_states is stale or lacks a prescribed joint';
  for (const [joint, p] of Object.entries(c.plan.prescription)) {
    const q = t.positions[joint];
    if (q === undefined) return `${joint} is not reported`;
    if (q < p.rangeRad.min - DEVICE_CHECK_SLACK_RAD || q > p.rangeRad.max + DEVICE_CHECK_SLACK_RAD) {
      return `${joint} is at ${q.toFixed(3)} rad, outside the prescribed [${p.rangeRad.min}, ${p.rangeRad.max}] rad`;
    }
  }
  return undefined;
}

function coolDownPose(c: RehabContext): Readonly<Record<string, number>> {
  return c.plan.coolDown.pose ?? c.plan.calibration.pose;
}

function summaryText(c: RehabContext): { text_zh: string; text_en: string } {
  const reason = STOP_REASON_TEXT[c.stopReason ?? 'completed'];
  const done = c.exercises.reduce((n, e) => n + e.repetitions.filter((r) => r.outcome === 'completed').length, 0);
  return { text_zh: `${reason.zh}。共完成 ${done} 次动作。`, text_en: `${reason.en[0]!.toUpperCase()}${reason.en.slice(1)}. ${done} repetitions done.` };
}

/**
 * The rehab training session (issue 8) as an XState statechart, for `BehaviorRunner`:
 *
 * preChecks (device fitted: fresh joint states within the prescription; limits loaded; the patient's
 * "ready"/"好" or the therapist's "start") → calibration (move to the plan's neutral pose, measure) →
 * warm-up → exercises × sets × repetitions (each repetition streamed with `followTrajectory` on the
 * mode's controller, or — where the patient moves alone — a timed window; range, assistance (joint
 * effort) and tracking recorded per repetition) with timed rests and progression → cool-down → a
 * session record, spoken, published on `/rehab/session_record` and returned as the output.
 *
 * Pause and resume (therapist or intent `pause`/`resume`) from every moving state and rest (an
 * interrupted repetition is redone from its start pose, controllers switched as needed); stop on
 * the therapist's command, the patient's "stop"/"停", a pain or fatigue signal, repeated motion
 * failures, or any safety event — each to a safe state and then the record. After a safety stop the
 * session holds: once the supervisor is reset (`safety.cleared`) the therapist may resume within
 * `stopRules.safetyResumeWindowS` (the loop's hold is released first); otherwise it ends.
 */
export const rehabMachine = setup({
  types: {
    input: {} as RehabInput,
    context: {} as RehabContext,
    events: {} as RehabEvent,
    output: {} as SessionRecord,
  },
  actors: { ...unboundBehaviorActors, ...unboundRehabActors },
  guards: {
    deviceReady: ({ context, event }) => event.type === 'rehab.joints' && Object.keys(context.plan.prescription).length > 0 && deviceProblem(context, event) === undefined,
    noWarmUp: ({ context }) => warmUpMotion(context.plan) === undefined,
    positionActive: ({ context }) => switchBetween(context.active, [context.controllers.position]) === undefined,
    modeActive: ({ context }) => switchBetween(context.active, modeControllers(context.controllers, currentExercise(context))) === undefined,
    streamed: ({ context }) => streamController(context.controllers, currentExercise(context)) !== undefined,
    /** The current exercise is active-assisted and the loop does not have its level (from the plan, after progression) in force yet. */
    assistancePending: ({ context }) => assistanceNeeded(context) !== undefined,
    /** The session set (or was setting) a controller's level: restore it before the record. */
    assistanceSet: ({ context }) => Object.keys(context.pendingAssistance).length > 0,
    tooManyFailures: ({ context }) => context.failures >= context.plan.stopRules.maxConsecutiveFailures,
    moreReps: ({ context }) => context.rep + 1 < currentExercise(context).repetitions,
    moreSets: ({ context }) => context.set + 1 < currentExercise(context).sets,
    moreExercises: ({ context }) => context.exercise + 1 < context.plan.exercises.length,
    notReporting: not(stateIn('#rehab.reporting')),
    /** Interrupted during an exercise (not its rest): resume by moving back to the start pose and redoing the repetition. */
    midExercise: ({ context }) => context.phase === 'exercise',
  },
  delays: {
    deviceTimeout: ({ context }) => Math.round(1000 * context.plan.stopRules.deviceTimeoutS),
    readyTimeout: ({ context }) => Math.round(1000 * context.plan.stopRules.readyTimeoutS),
    safetyWindow: ({ context }) => Math.round(1000 * context.plan.stopRules.safetyResumeWindowS),
  },
  actions: {
    setPhase: assign((_, params: { phase: SessionPhase }) => ({ phase: params.phase })),
    foldTick: assign(({ context, event }): Partial<RehabContext> => {
      if (event.type !== 'rehab.joints') return {};
      return { nowS: event.timeS, startedAtS: context.startedAtS ?? event.timeS, window: foldTick(context.window, event) };
    }),
    noteDeviceProblem: assign({ deviceProblem: ({ context, event }) => (event.type === 'rehab.joints' ? (deviceProblem(context, event) ?? '') : context.deviceProblem) }),
    recordDevice: assign({ device: ({ event }) => (event.type === 'rehab.joints' ? { positions: { ...event.positions } } : null), deviceProblem: '' }),
    resetWindow: assign({ window: ({ context }) => emptyWindow(context.nowS) }),
    stop: assign(({ context }, params: { reason: StopReason; detail?: string }) =>
      context.stopReason !== null ? {} : { stopReason: params.reason, stopDetail: params.detail ?? '' },
    ),
    stopByIntent: assign(({ context, event }): Partial<RehabContext> => {
      if (context.stopReason !== null || !event.type.startsWith('intent.')) return {};
      const e = event as IntentEvent;
      return { stopReason: e.role === 'therapist' ? 'therapist_stop' : 'patient_stop', stopDetail: `${e.role} said ${JSON.stringify(e.text || e.type.slice('intent.'.length))}` } as const;
    }),
    stopBySignal: assign(({ context, event }): Partial<RehabContext> => {
      if (event.type !== 'patient.pain' && event.type !== 'patient.fatigue') return {};
      const signals = [...context.signals, { type: event.type, level: event.level, source: event.source, atS: context.nowS }];
      if (context.stopReason !== null) return { signals };
      const reason: StopReason = event.type === 'patient.pain' ? 'pain' : 'fatigue';
      return { signals, stopReason: reason, stopDetail: `${event.type} ${event.level.toFixed(2)} (${event.source}) ≥ threshold` };
    }),
    recordSignal: assign({
      signals: ({ context, event }) =>
        event.type === 'patient.pain' || event.type === 'patient.fatigue' ? [...context.signals, { type: event.type, level: event.level, source: event.source, atS: context.nowS }] : context.signals,
    }),
    recordSafety: assign({
      safetyEvents: ({ context, event }) => {
        if (!event.type.startsWith('safety.')) return context.safetyEvents;
        const e = event as SafetyEvent;
        const during = describeProgress(context);
        const at = context.nowS;
        if (e.type === 'safety.stop') return [...context.safetyEvents, { type: e.type, atS: at, during, category: e.category, code: e.code }];
        if (e.type === 'safety.estop') return [...context.safetyEvents, { type: e.type, atS: at, during, source: e.source }];
        return [...context.safetyEvents, { type: e.type, atS: at, during }];
      },
    }),
    stopBySafety: assign(({ context, event }): Partial<RehabContext> => {
      if (context.stopReason !== null) return {};
      if (event.type === 'safety.estop') return { stopReason: 'estop' as const, stopDetail: `emergency stop from ${event.source}` };
      if (event.type === 'safety.stop') return { stopReason: 'safety_stop' as const, stopDetail: `${event.code} (stop category ${event.category})` };
      return {};
    }),
    clearStop: assign({ stopReason: null, stopDetail: '' }),
    recordPause: assign({
      pauses: ({ context, event }) => [
        ...context.pauses,
        { by: event.type.startsWith('intent.') ? (event as IntentEvent).role : 'therapist', atS: context.nowS, resumedAtS: null, during: describeProgress(context) },
      ],
    }),
    recordResume: assign({
      pauses: ({ context }) => context.pauses.map((p, i) => (i === context.pauses.length - 1 && p.resumedAtS === null ? { ...p, resumedAtS: context.nowS } : p)),
    }),
    planPositionSwitch: assign(({ context }): Partial<RehabContext> => {
      const needed = [context.controllers.position];
      return { pendingSwitch: switchBetween(context.active, needed) ?? null, active: needed };
    }),
    planHoldLegs: assign(({ context }): Partial<RehabContext> => ({
      pendingSwitch: { activate: [context.controllers.position], deactivate: controllerNames(context.controllers).filter((n) => n !== context.controllers.position) },
      active: [context.controllers.position],
    })),
    planModeSwitch: assign(({ context }): Partial<RehabContext> => {
      const needed = modeControllers(context.controllers, currentExercise(context));
      return { pendingSwitch: switchBetween(context.active, needed) ?? null, active: needed };
    }),
    recordWindowRep: assign(({ context }): Partial<RehabContext> => addRepetition(context, repetitionFromWindow(place(context), context.window))),
    nextRep: assign({ rep: ({ context }) => context.rep + 1 }),
    endSet: assign(({ context }): Partial<RehabContext> => {
      const e = currentExercise(context);
      const from = currentTarget(context);
      const to = context.setAllReached ? progressedTarget(e, from, context.plan.prescription) : from;
      const fromLevel = context.assistance[context.exercise] ?? null;
      const toLevel = context.setAllReached && fromLevel !== null ? progressedAssistance(e, fromLevel) : fromLevel;
      if (to === from && toLevel === fromLevel) return { setAllReached: true };
      const targets = context.targets.map((t, i) => (i === context.exercise ? to : t));
      const assistance = context.assistance.map((a, i) => (i === context.exercise ? toLevel : a));
      const step = { afterSet: context.set + 1, fromToRad: from, toToRad: to, ...(fromLevel !== null && toLevel !== null ? { fromAssistancePercent: fromLevel, toAssistancePercent: toLevel } : {}) };
      const exercises = context.exercises.map((x, i) => (i === context.exercise ? { ...x, progression: [...x.progression, step] } : x));
      return { targets, assistance, exercises, setAllReached: true };
    }),
    planAssistance: assign({ pendingAssistance: ({ context }) => assistanceNeeded(context) ?? {} }),
    planRestore: assign({ pendingAssistance: ({ context }) => assistanceToRestore(context) }),
    nextSet: assign({ set: ({ context }) => context.set + 1, rep: 0 }),
    nextExercise: assign({ exercise: ({ context }) => context.exercise + 1, set: 0, rep: 0, setAllReached: true }),
    finish: assign({ endedAtS: ({ context }) => context.nowS }),
  },
}).createMachine({
  id: 'rehab',
  context: ({ input }) => initialContext(input),
  invoke: [
    {
      id: 'joints',
      src: 'watchJoints',
      input: ({ context }) => ({ joints: Object.keys(context.plan.prescription), rateHz: context.tickRateHz }),
      onError: [{ guard: 'notReporting', target: '.reporting', actions: { type: 'stop', params: { reason: 'monitor_failed', detail: 'the joint-state monitor failed' } } }, {}],
    },
    {
      id: 'intents',
      src: 'intentEvents',
      onError: [{ guard: 'notReporting', target: '.reporting', actions: { type: 'stop', params: { reason: 'monitor_failed', detail: 'the intent listener failed' } } }, {}],
    },
    {
      id: 'signals',
      src: 'patientSignals',
      input: ({ context }) => ({ painThreshold: context.plan.stopRules.painThreshold, fatigueThreshold: context.plan.stopRules.fatigueThreshold }),
      onError: [{ guard: 'notReporting', target: '.reporting', actions: { type: 'stop', params: { reason: 'monitor_failed', detail: 'the patient-signal listener failed' } } }, {}],
    },
  ],
  on: {
    'rehab.joints': { actions: 'foldTick' },
    'safety.stop': { target: '.session.safetyStopped', actions: ['recordSafety', 'stopBySafety'] },
    'safety.estop': { target: '.session.safetyStopped', actions: ['recordSafety', 'stopBySafety'] },
    'safety.cleared': { actions: 'recordSafety' },
    'patient.pain': { actions: 'recordSignal' },
    'patient.fatigue': { actions: 'recordSignal' },
  },
  initial: 'session',
  states: {
    session: {
      initial: 'running',
      on: {
        'operator.stop': { target: '#rehab.reporting', actions: { type: 'stop', params: { reason: 'therapist_stop', detail: 'operator stop' } } },
        'intent.stop': { target: '#rehab.reporting', actions: 'stopByIntent' },
        'intent.停': { target: '#rehab.reporting', actions: 'stopByIntent' },
        'patient.pain': { target: '#rehab.reporting', actions: 'stopBySignal' },
        'patient.fatigue': { target: '#rehab.reporting', actions: 'stopBySignal' },
      },
      states: {
        running: {
          initial: 'preChecks',
          states: {
            preChecks: {
              tags: ['safe'],
              entry: { type: 'setPhase', params: { phase: 'preChecks' } },
              initial: 'device',
              states: {
                device: {
                  on: {
                    'rehab.joints': [
                      { guard: 'deviceReady', target: 'patient', actions: ['foldTick', 'recordDevice'] },
                      { actions: ['foldTick', 'noteDeviceProblem'] },
                    ],
                  },
                  after: {
                    deviceTimeout: {
                      target: '#rehab.reporting',
                      actions: assign(({ context }): Partial<RehabContext> => (context.stopReason !== null ? {} : { stopReason: 'device_not_ready' as const, stopDetail: context.deviceProblem })),
                    },
                  },
                },
                patient: {
                  invoke: {
                    id: 'prompt',
                    src: 'speak',
                    input: { text_zh: '准备好后请说“好”，训练就开始。', text_en: 'Say "ready" when you are ready to start.' },
                    onDone: {},
                    onError: {},
                  },
                  on: {
                    'intent.ready': '#rehab.session.running.calibration',
                    'intent.好': '#rehab.session.running.calibration',
                    'intent.yes': '#rehab.session.running.calibration',
                    'intent.start': '#rehab.session.running.calibration',
                  },
                  after: {
                    readyTimeout: { target: '#rehab.reporting', actions: { type: 'stop', params: { reason: 'patient_not_ready', detail: 'no "ready" before the timeout' } } },
                  },
                },
              },
            },
            calibration: {
              tags: ['pausable'],
              entry: [{ type: 'setPhase', params: { phase: 'calibration' } }, 'resetWindow'],
              invoke: {
                id: 'calibrate',
                src: 'moveJoints',
                input: ({ context }) => ({
                  controller: context.controllers.position,
                  joints: Object.keys(context.plan.calibration.pose),
                  targets: Object.values(context.plan.calibration.pose),
                  durationS: context.plan.calibration.durationS,
                  ...context.motion.passive,
                }),
                onDone: { target: 'warmUp', actions: assign({ calibration: ({ context, event }) => poseRecord(context.plan.calibration.pose, event.output) }) },
                onError: {
                  target: '#rehab.reporting',
                  actions: assign(({ context, event }): Partial<RehabContext> => (context.stopReason !== null ? {} : { stopReason: 'calibration_failed' as const, stopDetail: errorCodeOf(event.error) })),
                },
              },
              on: {
                'operator.pause': { target: '#rehab.session.paused', actions: 'recordPause' },
                'intent.pause': { target: '#rehab.session.paused', actions: 'recordPause' },
                'intent.暂停': { target: '#rehab.session.paused', actions: 'recordPause' },
              },
            },
            warmUp: {
              tags: ['pausable'],
              always: { guard: 'noWarmUp', target: 'exercise' },
              entry: [{ type: 'setPhase', params: { phase: 'warmUp' } }, 'resetWindow'],
              invoke: {
                id: 'warmUp',
                src: 'followTrajectory',
                input: ({ context }) => {
                  const w = warmUpMotion(context.plan);
                  return { controller: context.controllers.position, joints: w?.joints ?? [], points: w?.points ?? [], ...context.motion.passive };
                },
                onDone: { target: 'exercise', actions: assign({ warmUp: ({ event }) => ({ completed: true, durationS: event.output.elapsedS }) }) },
                onError: {
                  target: '#rehab.reporting',
                  actions: assign(({ context, event }): Partial<RehabContext> => ({
                    warmUp: { completed: false, durationS: context.window.endS - context.window.startS },
                    ...(context.stopReason !== null ? {} : { stopReason: 'tracking_failure' as const, stopDetail: `warm-up: ${errorCodeOf(event.error)}` }),
                  })),
                },
              },
              on: {
                'operator.pause': { target: '#rehab.session.paused', actions: 'recordPause' },
                'intent.pause': { target: '#rehab.session.paused', actions: 'recordPause' },
                'intent.暂停': { target: '#rehab.session.paused', actions: 'recordPause' },
              },
            },
            exercise: {
              initial: 'toPosition',
              states: {
                toPosition: {
                  entry: { type: 'setPhase', params: { phase: 'exercise' } },
                  always: [{ guard: 'positionActive', target: 'positioning' }, { target: 'switchingToPosition', actions: 'planPositionSwitch' }],
                },
                switchingToPosition: {
                  tags: ['safe'],
                  invoke: {
                    id: 'switchToPosition',
                    src: 'switchController',
                    input: ({ context }) => context.pendingSwitch ?? { activate: [], deactivate: [] },
                    onDone: 'positioning',
                    onError: { target: '#rehab.reporting', actions: assign(({ context, event }): Partial<RehabContext> => (context.stopReason !== null ? {} : { stopReason: 'controller_failed' as const, stopDetail: errorCodeOf(event.error) })) },
                  },
                },
                positioning: {
                  tags: ['pausable'],
                  entry: { type: 'setPhase', params: { phase: 'exercise' } },
                  invoke: {
                    id: 'position',
                    src: 'moveJoints',
                    input: ({ context }) => {
                      const e = currentExercise(context);
                      return { controller: context.controllers.position, joints: exerciseJoints(e), targets: startPositions(e), durationS: positioningDurationS(context, e), ...context.motion.passive };
                    },
                    onDone: { target: 'toMode', actions: assign({ failures: 0 }) },
                    onError: [
                      {
                        guard: ({ context }) => context.failures + 1 >= context.plan.stopRules.maxConsecutiveFailures,
                        target: '#rehab.reporting',
                        actions: assign(({ context, event }): Partial<RehabContext> => ({
                          failures: context.failures + 1,
                          ...(context.stopReason !== null ? {} : { stopReason: 'tracking_failure' as const, stopDetail: `positioning ${currentExercise(context).id}: ${errorCodeOf(event.error)}` }),
                        })),
                      },
                      { target: 'positioning', reenter: true, actions: assign({ failures: ({ context }) => context.failures + 1 }) },
                    ],
                  },
                  on: {
                    'operator.pause': { target: '#rehab.session.paused', actions: 'recordPause' },
                    'intent.pause': { target: '#rehab.session.paused', actions: 'recordPause' },
                    'intent.暂停': { target: '#rehab.session.paused', actions: 'recordPause' },
                  },
                },
                toMode: {
                  always: [
                    // The level before the law is switched in, so it never runs a repetition at another level.
                    { guard: 'assistancePending', target: 'settingAssistance', actions: 'planAssistance' },
                    { guard: 'modeActive', target: 'rep' },
                    { target: 'switchingToMode', actions: 'planModeSwitch' },
                  ],
                },
                settingAssistance: {
                  tags: ['safe'],
                  invoke: {
                    id: 'setAssistance',
                    src: 'setAssistance',
                    input: ({ context }) => ({ levels: context.pendingAssistance }),
                    onDone: {
                      target: 'toMode',
                      actions: assign(({ context, event }): Partial<RehabContext> => ({
                        assistanceInForce: assistanceAfter(context.assistanceInForce, context.pendingAssistance, event.output),
                        pendingAssistance: {},
                      })),
                    },
                    onError: {
                      target: '#rehab.reporting',
                      actions: assign(({ context, event }): Partial<RehabContext> =>
                        context.stopReason !== null
                          ? {}
                          : {
                              stopReason: 'assistance_refused' as const,
                              stopDetail: `${Object.entries(context.pendingAssistance).map(([c, p]) => `${c} at ${String(p)} %`).join(', ')}: ${errorCodeOf(event.error)}`,
                            },
                      ),
                    },
                  },
                },
                switchingToMode: {
                  tags: ['safe'],
                  invoke: {
                    id: 'switchToMode',
                    src: 'switchController',
                    input: ({ context }) => context.pendingSwitch ?? { activate: [], deactivate: [] },
                    onDone: 'rep',
                    onError: { target: '#rehab.reporting', actions: assign(({ context, event }): Partial<RehabContext> => (context.stopReason !== null ? {} : { stopReason: 'controller_failed' as const, stopDetail: errorCodeOf(event.error) })) },
                  },
                },
                rep: {
                  always: [
                    // Progression lowered the level after a set: set it before the next repetition.
                    { guard: 'assistancePending', target: 'settingAssistance', actions: 'planAssistance' },
                    { guard: 'streamed', target: 'moving' },
                    { target: 'window' },
                  ],
                },
                moving: {
                  tags: ['pausable'],
                  entry: [{ type: 'setPhase', params: { phase: 'exercise' } }, 'resetWindow'],
                  invoke: {
                    id: 'repetition',
                    src: 'followTrajectory',
                    input: ({ context }) => {
                      const e = currentExercise(context);
                      const checks = e.mode === 'active_assisted' ? context.motion.active_assisted : context.motion.passive;
                      return { controller: streamController(context.controllers, e) ?? context.controllers.position, joints: exerciseJoints(e), points: repetitionPoints(e, currentTarget(context)), ...checks };
                    },
                    onDone: { target: 'afterRep', actions: assign(({ context, event }): Partial<RehabContext> => addRepetition(context, repetitionFromMotion(place(context), event.output, context.window))) },
                    onError: { target: 'afterRep', actions: assign(({ context, event }): Partial<RehabContext> => addRepetition(context, failedRepetition(place(context), context.window, event.error))) },
                  },
                  on: {
                    'operator.pause': { target: '#rehab.session.paused', actions: 'recordPause' },
                    'intent.pause': { target: '#rehab.session.paused', actions: 'recordPause' },
                    'intent.暂停': { target: '#rehab.session.paused', actions: 'recordPause' },
                  },
                },
                window: {
                  tags: ['pausable'],
                  entry: [{ type: 'setPhase', params: { phase: 'exercise' } }, 'resetWindow'],
                  invoke: {
                    id: 'window',
                    src: 'sessionTimer',
                    input: ({ context }) => ({ seconds: repetitionWindowS(context) }),
                    onDone: { target: 'afterRep', actions: 'recordWindowRep' },
                    onError: { target: 'afterRep', actions: assign(({ context, event }): Partial<RehabContext> => addRepetition(context, failedRepetition(place(context), context.window, event.error))) },
                  },
                  on: {
                    'operator.pause': { target: '#rehab.session.paused', actions: 'recordPause' },
                    'intent.pause': { target: '#rehab.session.paused', actions: 'recordPause' },
                    'intent.暂停': { target: '#rehab.session.paused', actions: 'recordPause' },
                  },
                },
                afterRep: {
                  always: [
                    {
                      guard: 'tooManyFailures',
                      target: '#rehab.reporting',
                      actions: assign(({ context }): Partial<RehabContext> =>
                        context.stopReason !== null
                          ? {}
                          : { stopReason: 'tracking_failure' as const, stopDetail: `${context.failures} motions failed in a row (${currentExercise(context).id})` },
                      ),
                    },
                    { guard: 'moreReps', target: 'rep', actions: 'nextRep' },
                    { guard: 'moreSets', target: 'rest', actions: 'endSet' },
                    { guard: 'moreExercises', target: 'toPosition', actions: 'nextExercise' },
                    { target: '#rehab.session.running.coolDown' },
                  ],
                },
                rest: {
                  tags: ['safe', 'pausable'],
                  entry: { type: 'setPhase', params: { phase: 'rest' } },
                  invoke: [
                    {
                      id: 'restAnnouncement',
                      src: 'speak',
                      input: ({ context }) => {
                        const s = currentExercise(context).restS;
                        return { text_zh: `休息 ${s} 秒。`, text_en: `Rest for ${s} seconds.` };
                      },
                      onDone: {},
                      onError: {},
                    },
                    {
                      id: 'rest',
                      src: 'sessionTimer',
                      input: ({ context }) => ({ seconds: currentExercise(context).restS }),
                      onDone: { target: 'rep', actions: 'nextSet' },
                      onError: { target: 'rep', actions: 'nextSet' },
                    },
                  ],
                  on: {
                    'operator.pause': { target: '#rehab.session.paused', actions: 'recordPause' },
                    'intent.pause': { target: '#rehab.session.paused', actions: 'recordPause' },
                    'intent.暂停': { target: '#rehab.session.paused', actions: 'recordPause' },
                  },
                },
              },
            },
            coolDown: {
              initial: 'toPosition',
              entry: { type: 'setPhase', params: { phase: 'coolDown' } },
              states: {
                toPosition: {
                  always: [{ guard: 'positionActive', target: 'moving' }, { target: 'switching', actions: 'planPositionSwitch' }],
                },
                switching: {
                  tags: ['safe'],
                  invoke: {
                    id: 'switchForCoolDown',
                    src: 'switchController',
                    input: ({ context }) => context.pendingSwitch ?? { activate: [], deactivate: [] },
                    onDone: 'moving',
                    onError: { target: '#rehab.reporting', actions: assign(({ context, event }): Partial<RehabContext> => (context.stopReason !== null ? {} : { stopReason: 'controller_failed' as const, stopDetail: errorCodeOf(event.error) })) },
                  },
                },
                moving: {
                  tags: ['pausable'],
                  invoke: {
                    id: 'coolDown',
                    src: 'moveJoints',
                    input: ({ context }) => {
                      const pose = coolDownPose(context);
                      return { controller: context.controllers.position, joints: Object.keys(pose), targets: Object.values(pose), durationS: context.plan.coolDown.durationS, ...context.motion.passive };
                    },
                    onDone: { target: '#rehab.reporting', actions: assign({ coolDown: ({ context, event }) => poseRecord(coolDownPose(context), event.output) }) },
                    onError: {
                      target: '#rehab.reporting',
                      actions: assign(({ context, event }): Partial<RehabContext> => ({
                        coolDown: poseRecord(coolDownPose(context), undefined),
                        ...(context.stopReason !== null ? {} : { stopDetail: `cool-down motion failed: ${errorCodeOf(event.error)}` }),
                      })),
                    },
                  },
                  on: {
                    'operator.pause': { target: '#rehab.session.paused', actions: 'recordPause' },
                    'intent.pause': { target: '#rehab.session.paused', actions: 'recordPause' },
                    'intent.暂停': { target: '#rehab.session.paused', actions: 'recordPause' },
                  },
                },
              },
            },
            hist: { type: 'history', history: 'deep' },
          },
        },
        paused: {
          tags: ['safe', 'resumable'],
          on: {
            'operator.resume': [
              { guard: 'midExercise', target: 'running.exercise.toPosition', actions: 'recordResume' },
              { target: 'running.hist', actions: 'recordResume' },
            ],
            'intent.resume': [
              { guard: 'midExercise', target: 'running.exercise.toPosition', actions: 'recordResume' },
              { target: 'running.hist', actions: 'recordResume' },
            ],
            'intent.继续': [
              { guard: 'midExercise', target: 'running.exercise.toPosition', actions: 'recordResume' },
              { target: 'running.hist', actions: 'recordResume' },
            ],
          },
        },
        safetyStopped: {
          tags: ['safe'],
          on: {
            'safety.stop': { actions: 'recordSafety' },
            'safety.estop': { actions: 'recordSafety' },
            'safety.cleared': { target: 'safetyCleared', actions: 'recordSafety' },
          },
          after: { safetyWindow: '#rehab.reporting' },
        },
        safetyCleared: {
          tags: ['safe', 'resumable'],
          on: { 'operator.resume': 'releasing' },
          after: { safetyWindow: '#rehab.reporting' },
        },
        releasing: {
          tags: ['safe'],
          invoke: {
            id: 'release',
            src: 'releaseHold',
            onDone: [
              { guard: 'midExercise', target: 'running.exercise.toPosition', actions: 'clearStop' },
              { target: 'running.hist', actions: 'clearStop' },
            ],
            onError: '#rehab.reporting',
          },
        },
      },
    },
    reporting: {
      tags: ['safe'],
      entry: ['finish', 'planRestore'],
      on: {
        'safety.stop': { actions: 'recordSafety' },
        'safety.estop': { actions: 'recordSafety' },
        'safety.cleared': { actions: 'recordSafety' },
      },
      initial: 'hold',
      states: {
        // A session stopped while a compliant law (assist, free, resist) had the knees or hips — or
        // in the middle of a switch, cancelled part-way — would leave the limb to that law, or to
        // nothing, and it sags: the position controller takes the legs back first, holding them where
        // they are, whatever the loop has in force (activating an active controller and deactivating
        // an inactive one change nothing).
        hold: { always: { target: 'holdingLegs', actions: 'planHoldLegs' } },
        holdingLegs: {
          invoke: {
            id: 'holdLegs',
            src: 'switchController',
            input: ({ context }) => context.pendingSwitch ?? { activate: [], deactivate: [] },
            onDone: 'restore',
            onError: 'restore',
          },
        },
        // Every controller whose level the session set goes back to the launch file's law.
        restore: {
          always: [{ guard: 'assistanceSet', target: 'restoring' }, { target: 'speaking' }],
        },
        restoring: {
          invoke: {
            id: 'restoreAssistance',
            src: 'setAssistance',
            input: ({ context }) => ({ levels: context.pendingAssistance }),
            onDone: {
              target: 'speaking',
              actions: assign(({ context, event }): Partial<RehabContext> => ({
                assistanceInForce: assistanceAfter(context.assistanceInForce, context.pendingAssistance, event.output),
                pendingAssistance: {},
              })),
            },
            onError: 'speaking',
          },
        },
        speaking: {
          invoke: { id: 'summary', src: 'speak', input: ({ context }) => summaryText(context), onDone: 'publishing', onError: 'publishing' },
        },
        publishing: {
          invoke: { id: 'publish', src: 'publishSessionRecord', input: ({ context }) => ({ record: sessionRecordOf(context) }), onDone: '#rehab.done', onError: '#rehab.done' },
        },
      },
    },
    done: { type: 'final', tags: ['safe'] },
  },
  output: ({ context }) => sessionRecordOf(context),
});
