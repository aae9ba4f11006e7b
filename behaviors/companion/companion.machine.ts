import { assign, not, setup, stateIn } from 'xstate';
import { unboundBehaviorActors } from '../actors/index.js';
import { unboundCompanionActors } from './actors/companionActors.js';
import { activeReminder, address, headReminder, headSuppressed, headTurn, initialContext, label, logged, say, ticked, type CompanionContext } from './companionContext.js';
import { ACK_INTENTS, FINE_INTENTS, HELP_INTENTS, intentName, isIntent, type CompanionEvent, type ConversationTopic } from './companionEvents.js';
import type { CompanionInput } from './companionInput.js';
import type { CompanionOutput } from './companionLog.js';
import { checkIn, GLAD_YOU_ARE_FINE, greeting, HELP_IS_COMING, HOW_ARE_YOU, reminderIgnoredAlert, reminderText, REQUEST_FAILED, UNAVAILABLE_ALERT } from './companionText.js';
import {
  alertLog,
  answer,
  emergencyFor,
  fallOutcome,
  interaction,
  reminderEscalated,
  resolved,
  safetyEntry,
  urgentAlertInput,
  urgentSent,
} from './companionUpdates.js';

/** States where an urgent caregiver alert goes out carry this tag (`checkFallAlerts` looks for it). */
export const URGENT_ALERT_TAG = 'urgent_alert';

/** A root actor failed: the companion can no longer watch over the person (once: later failures are only logged). */
const lost = (actor: string) =>
  [
    { guard: not(stateIn('#companion.unavailable')), target: '.unavailable', actions: { type: 'noteUnavailable', params: { actor } } },
    { actions: { type: 'noteUnavailable', params: { actor } } },
  ] as const;

const talk = (topic: ConversationTopic, target: 'replying' | 'requesting') => ({ target: `#companion.conversation.${target}`, actions: { type: 'converse', params: { topic } } }) as const;

/** The conversation's intents, offered while listening and while replying (a new question interrupts the answer). */
const CONVERSATION_INTENTS = {
  'intent.how_are_you': talk('how_are_you', 'replying'),
  'intent.time': talk('time', 'replying'),
  'intent.small_talk': talk('small_talk', 'replying'),
  'intent.weather': talk('weather', 'replying'),
  'intent.play_music': talk('play_music', 'requesting'),
  'intent.call_family': talk('call_family', 'requesting'),
} as const;

/**
 * The companion (issue 8, "Companionship"): waits for a person, greets them (by name only with
 * their consent), holds a conversation (how are you, the time from the bus clock, small talk without
 * weather, music and calls as requests on the bus), says the day's reminders and escalates ignored
 * ones to the caregiver (WARNING), and — from every state — checks on a person who fell: no answer
 * or "help" within the timeout sends an URGENT alert, and the companion stays near until a caregiver
 * resolves it; "我没事" / "I am fine" goes back to the conversation. Quiet hours silence greetings
 * and reminders (except those marked to override them), never fall handling. A safety stop holds
 * the robot still (its only motion: turning the head to a fallen person, gently, when allowed) and a
 * fall during a stop is alerted at once. Pause, resume and stop are offered in the conversation.
 * Time comes from the bus clock through `companionClock` (XState's delays would run on the wall clock).
 */
export const companionMachine = setup({
  types: {
    context: {} as CompanionContext,
    events: {} as CompanionEvent,
    input: {} as CompanionInput,
    output: {} as CompanionOutput,
  },
  actors: { ...unboundBehaviorActors, ...unboundCompanionActors },
  guards: {
    quiet: ({ context }) => context.quiet,
    headSuppressed: ({ context }) => headSuppressed(context),
    hasPending: ({ context }) => context.pending.length > 0,
    canAttend: ({ context }) => context.motionAllowed && headTurn(context) !== undefined,
    urgentPending: ({ context }) => context.emergency !== undefined && !context.emergency.alerted,
    emergencyOpen: ({ context }) => context.emergency !== undefined,
    clearedDuringStop: ({ context }) => context.clearedDuringStop,
    byCaregiver: ({ event }) => 'role' in event && event.role === 'caregiver',
  },
  actions: {
    noteOperator: assign(({ context }, params: { readonly command: 'pause' | 'resume' | 'stop' }) => ({
      log: logged(context, { kind: 'operator', atS: context.nowS, command: params.command }),
      ...(params.command === 'stop' ? { ended: 'operator_stop' as const } : {}),
    })),
    noteUnavailable: assign(({ context }, params: { readonly actor: string }) => ({ log: logged(context, { kind: 'unavailable', atS: context.nowS, actor: params.actor }) })),
    /** Leaving a reminder before it was acknowledged or escalated puts it back at the head of the queue. */
    requeueActive: assign(({ context }) => (context.active === undefined ? {} : { pending: [context.active.index, ...context.pending], active: undefined })),
    stopMotion: assign({ motionAllowed: false, clearedDuringStop: false }),
    converse: assign(({ context, event }, params: { readonly topic: ConversationTopic }) => {
      if (!isIntent(event)) return {};
      const a = answer(context, params.topic);
      return { ...a, ...interaction(context, event, a.reply) };
    }),
  },
}).createMachine({
  id: 'companion',
  context: ({ input }) => initialContext(input),
  invoke: [
    { id: 'intents', src: 'intentEvents', onError: lost('intentEvents') },
    { id: 'personWatch', src: 'personWatch', onError: lost('personWatch') },
    {
      id: 'clock',
      src: 'companionClock',
      input: ({ context }) => ({ tickS: context.input.timing.tickS }),
      onError: lost('companionClock'),
    },
    {
      id: 'privacy',
      src: 'privacyAnnouncer',
      input: ({ context }) => ({ recordingAllowed: context.privacy.recordingAllowed }),
      // Recording stays off either way (the default is no consent); only the announcement failed.
      onError: { actions: { type: 'noteUnavailable', params: { actor: 'privacyAnnouncer' } } },
    },
  ],
  initial: 'idle',
  on: {
    'clock.tick': { actions: assign(({ context, event }) => ticked(context, event.nowS)) },
    'safety.stop': {
      target: '.safetyStop',
      actions: [
        'requeueActive',
        assign(({ context, event }) => safetyEntry(context, 'stop', `category ${event.category} ${event.code}`)),
      ],
    },
    'safety.estop': {
      target: '.safetyStop',
      actions: ['requeueActive', assign(({ context, event }) => safetyEntry(context, 'estop', event.source))],
    },
    'person.fallen': {
      target: '.fall',
      actions: [
        'requeueActive',
        assign(({ event }) => ({ fall: { personId: event.personId, fellAtS: event.atS, position: event.position } })),
      ],
    },
    'person.recovered': { actions: assign(({ context, event }) => ({ log: logged(context, { kind: 'person_recovered', atS: context.nowS, personId: event.personId }) })) },
    'intent.help': {
      target: '.emergency',
      actions: ['requeueActive', assign(({ context, event }) => ({ ...emergencyFor(context.personId ?? '', 'help_request'), ...interaction(context, event, HELP_IS_COMING) }))],
    },
  },
  states: {
    idle: {
      tags: ['safe'],
      invoke: {
        id: 'arrival',
        src: 'waitForPerson',
        input: {},
        onDone: [
          {
            guard: ({ event }) => !event.output.timeout,
            target: 'greeting',
            actions: assign(({ context, event }) => {
              const personId = event.output.timeout ? '' : event.output.id;
              return { personId, log: logged(context, { kind: 'person_seen', atS: context.nowS, personId }) };
            }),
          },
          { target: 'idle', reenter: true },
        ],
        onError: { target: 'unavailable', actions: { type: 'noteUnavailable', params: { actor: 'waitForPerson' } } },
      },
      on: { 'operator.stop': { target: 'stopped', actions: { type: 'noteOperator', params: { command: 'stop' } } } },
    },

    greeting: {
      tags: ['safe'],
      initial: 'deciding',
      on: { 'operator.stop': { target: 'stopped', actions: { type: 'noteOperator', params: { command: 'stop' } } } },
      states: {
        deciding: {
          always: [
            {
              guard: 'quiet',
              target: '#companion.conversation',
              actions: assign(({ context }) => ({
                log: logged(context, { kind: 'greeting', atS: context.nowS, personId: context.personId ?? '', byName: false, suppressed: true }),
              })),
            },
            {
              target: 'speaking',
              actions: assign(({ context }) => {
                const a = address(context);
                return { log: logged(context, { kind: 'greeting', atS: context.nowS, personId: context.personId ?? '', byName: a !== undefined, suppressed: false, said: greeting(a) }) };
              }),
            },
          ],
        },
        speaking: {
          invoke: {
            id: 'greet',
            src: 'speak',
            input: ({ context }) => say(context, greeting(address(context))),
            onDone: '#companion.conversation',
            onError: '#companion.conversation',
          },
          // A question during the greeting is answered at once.
          on: CONVERSATION_INTENTS,
        },
      },
    },

    conversation: {
      tags: ['safe', 'pausable'],
      initial: 'listening',
      on: {
        'operator.pause': { target: 'paused', actions: { type: 'noteOperator', params: { command: 'pause' } } },
        'operator.stop': { target: 'stopped', actions: { type: 'noteOperator', params: { command: 'stop' } } },
      },
      states: {
        listening: {
          always: [
            {
              guard: 'headSuppressed',
              actions: assign(({ context }) => {
                const r = headReminder(context)!;
                return {
                  pending: context.pending.slice(1),
                  log: logged(context, { kind: 'reminder', atS: context.nowS, reminderId: r.id, reminderKind: r.kind, dueAtS: r.atS, outcome: 'suppressed_quiet_hours', attempts: 0 }),
                };
              }),
            },
            { guard: 'hasPending', target: 'reminder' },
          ],
          on: CONVERSATION_INTENTS,
        },
        replying: {
          invoke: { id: 'reply', src: 'speak', input: ({ context }) => say(context, context.reply ?? HOW_ARE_YOU), onDone: 'listening', onError: 'listening' },
          on: CONVERSATION_INTENTS,
        },
        requesting: {
          invoke: {
            id: 'request',
            src: 'companionRequest',
            input: ({ context }) => ({ request: context.request ?? 'play_music', personId: context.personId ?? '', language: context.language }),
            onDone: {
              target: 'replying',
              actions: assign(({ context, event }) => ({
                log: logged(context, { kind: 'request', atS: context.nowS, request: context.request ?? 'play_music', topic: event.output.topic, ok: true }),
              })),
            },
            onError: {
              target: 'replying',
              actions: assign(({ context }) => ({
                reply: REQUEST_FAILED,
                log: logged(context, { kind: 'request', atS: context.nowS, request: context.request ?? 'play_music', topic: '', ok: false }),
              })),
            },
          },
        },
        reminder: {
          initial: 'attempt',
          entry: assign(({ context }) => ({ active: { index: context.pending[0] ?? 0, attempts: 0 }, pending: context.pending.slice(1) })),
          exit: 'requeueActive',
          states: {
            attempt: {
              initial: 'saying',
              entry: assign(({ context }) => ({ active: context.active === undefined ? undefined : { ...context.active, attempts: context.active.attempts + 1 } })),
              invoke: {
                id: 'ack',
                src: 'waitForIntent',
                input: ({ context }) => ({ accept: ACK_INTENTS, roles: ['patient'], timeoutS: context.input.timing.reminderAckTimeoutS }),
                onDone: [
                  {
                    guard: ({ event }) => !event.output.timeout,
                    target: 'finished',
                    actions: assign(({ context }) => {
                      const r = activeReminder(context);
                      return {
                        active: undefined,
                        log: logged(context, { kind: 'reminder', atS: context.nowS, reminderId: r.id, reminderKind: r.kind, dueAtS: r.atS, outcome: 'acknowledged', attempts: context.active?.attempts ?? 0 }),
                      };
                    }),
                  },
                  { guard: ({ context }) => (context.active?.attempts ?? 0) < context.input.timing.reminderAttempts, target: 'attempt', reenter: true },
                  { target: 'escalating' },
                ],
                onError: 'escalating',
              },
              states: {
                saying: {
                  invoke: {
                    id: 'remind',
                    src: 'speak',
                    input: ({ context }) => say(context, reminderText(activeReminder(context), address(context), context.active?.attempts ?? 1)),
                    onDone: 'waiting',
                    onError: 'waiting',
                  },
                },
                waiting: {},
              },
            },
            escalating: {
              invoke: {
                id: 'escalate',
                src: 'alertCaregiver',
                input: ({ context }) => {
                  const m = reminderIgnoredAlert(activeReminder(context), label(context), context.active?.attempts ?? 0);
                  return { severity: 'warning' as const, kind: 'reminder_ignored', message_zh: m.zh, message_en: m.en, personId: context.personId ?? '', location: context.input.location };
                },
                onDone: { target: 'finished', actions: assign(({ context, event }) => reminderEscalated(context, event.output.id)) },
                onError: { target: 'finished', actions: assign(({ context }) => reminderEscalated(context, undefined)) },
              },
            },
            finished: { always: '#companion.conversation.listening' },
          },
        },
      },
    },

    paused: {
      tags: ['safe', 'resumable'],
      on: {
        'operator.resume': { target: 'conversation', actions: { type: 'noteOperator', params: { command: 'resume' } } },
        'operator.stop': { target: 'stopped', actions: { type: 'noteOperator', params: { command: 'stop' } } },
      },
    },

    fall: {
      initial: 'starting',
      invoke: {
        id: 'answer',
        src: 'waitForIntent',
        input: ({ context }) => ({ accept: [...FINE_INTENTS, ...HELP_INTENTS], roles: ['patient'], timeoutS: context.input.timing.checkInTimeoutS }),
        onDone: [
          {
            guard: ({ event }) => !event.output.timeout && FINE_INTENTS.includes(event.output.intent.name.toLowerCase()),
            target: '#companion.conversation.replying',
            actions: assign(({ context }) => ({
              reply: GLAD_YOU_ARE_FINE,
              fall: undefined,
              log: fallOutcome(context, 'fine', context.fall?.personId ?? '', context.fall?.fellAtS ?? context.nowS),
            })),
          },
          {
            guard: ({ event }) => !event.output.timeout,
            target: 'emergency',
            actions: assign(({ context }) => ({
              ...emergencyFor(context.fall?.personId ?? '', 'help'),
              log: fallOutcome(context, 'help', context.fall?.personId ?? '', context.fall?.fellAtS ?? context.nowS),
            })),
          },
          {
            target: 'emergency',
            actions: assign(({ context }) => ({
              ...emergencyFor(context.fall?.personId ?? '', 'no_answer'),
              log: fallOutcome(context, 'no_answer', context.fall?.personId ?? '', context.fall?.fellAtS ?? context.nowS),
            })),
          },
        ],
        // Unable to hear an answer is no answer.
        onError: {
          target: 'emergency',
          actions: assign(({ context }) => ({
            ...emergencyFor(context.fall?.personId ?? '', 'no_answer'),
            log: fallOutcome(context, 'no_answer', context.fall?.personId ?? '', context.fall?.fellAtS ?? context.nowS),
          })),
        },
      },
      on: {
        // Already checking on the person: the check-in's answer (or its timeout) decides.
        'person.fallen': {},
        'intent.help': {},
      },
      states: {
        starting: { tags: ['safe'], always: [{ guard: 'canAttend', target: 'attending' }, { target: 'asking' }] },
        // The only motion: the head turns to the person on the floor, gently, while the check-in's clock runs.
        attending: {
          invoke: {
            id: 'attend',
            src: 'moveJoints',
            input: ({ context }) => {
              const r = context.input.robot!;
              const turn = headTurn(context) ?? { panRad: context.headPanRad, durationS: 1.5 };
              return { controller: r.controller, joints: [r.panJoint], targets: [turn.panRad], durationS: turn.durationS };
            },
            onDone: { target: 'asking', actions: assign(({ context }) => ({ headPanRad: headTurn(context)?.panRad ?? context.headPanRad })) },
            onError: 'asking',
          },
        },
        asking: {
          tags: ['safe'],
          invoke: { id: 'checkIn', src: 'speak', input: ({ context }) => say(context, checkIn(address(context, context.fall?.personId))), onDone: 'listening', onError: 'listening' },
        },
        listening: { tags: ['safe'] },
      },
    },

    emergency: {
      tags: ['safe'],
      initial: 'alerting',
      on: { 'intent.help': {} },
      states: {
        alerting: {
          tags: [URGENT_ALERT_TAG],
          on: { 'person.fallen': {} },
          invoke: {
            id: 'alert',
            src: 'alertCaregiver',
            input: ({ context }) => urgentAlertInput(context),
            onDone: { target: 'staying_near', actions: assign(({ context, event }) => urgentSent(context, event.output.id)) },
            onError: { target: 'staying_near', actions: assign(({ context }) => urgentSent(context, undefined)) },
          },
        },
        // Stays where it is (no base motion) until a caregiver says it is resolved.
        staying_near: {
          initial: 'reassuring',
          on: {
            'intent.resolved': { guard: 'byCaregiver', target: '#companion.conversation.replying', actions: assign(({ context, event }) => resolved(context, intentName(event), event.role)) },
            'intent.ack': { guard: 'byCaregiver', target: '#companion.conversation.replying', actions: assign(({ context, event }) => resolved(context, intentName(event), event.role)) },
            'person.fallen': {
              target: 'alerting',
              actions: assign(({ context, event }) => ({
                ...emergencyFor(event.personId, 'fell_again'),
                log: fallOutcome(context, 'fell_again', event.personId, event.atS),
              })),
            },
          },
          states: {
            reassuring: { invoke: { id: 'reassure', src: 'speak', input: ({ context }) => say(context, HELP_IS_COMING), onDone: 'with_person', onError: 'with_person' } },
            with_person: {},
          },
        },
      },
    },

    safetyStop: {
      tags: ['safe'],
      entry: 'stopMotion',
      initial: 'checking',
      on: {
        'safety.stop': { target: '.checking', actions: ['stopMotion', assign(({ context, event }) => safetyEntry(context, 'stop', `category ${event.category} ${event.code}`))] },
        'safety.estop': { target: '.checking', actions: ['stopMotion', assign(({ context, event }) => safetyEntry(context, 'estop', event.source))] },
        'safety.cleared': { actions: assign(({ context }) => ({ clearedDuringStop: true, log: logged(context, { kind: 'safety', atS: context.nowS, event: 'cleared', detail: '' }) })) },
        'person.fallen': {
          target: '.checking',
          actions: assign(({ context, event }) => ({ ...emergencyFor(event.personId, 'during_safety_stop'), log: fallOutcome(context, 'during_safety_stop', event.personId, event.atS) })),
        },
        'intent.help': {
          target: '.checking',
          actions: assign(({ context, event }) => ({ ...emergencyFor(context.emergency?.personId ?? context.personId ?? '', 'help_request'), ...interaction(context, event, HELP_IS_COMING) })),
        },
        'intent.resolved': { guard: 'byCaregiver', actions: assign(({ context, event }) => ({ ...resolved(context, intentName(event), event.role), reply: undefined })) },
        'intent.ack': { guard: 'byCaregiver', actions: assign(({ context, event }) => ({ ...resolved(context, intentName(event), event.role), reply: undefined })) },
        'operator.stop': { target: 'stopped', actions: { type: 'noteOperator', params: { command: 'stop' } } },
      },
      states: {
        checking: {
          always: [{ guard: 'urgentPending', target: 'alerting' }, { guard: 'clearedDuringStop', target: 'resuming' }, { target: 'holding' }],
        },
        holding: {
          on: { 'safety.cleared': { target: 'resuming', actions: assign(({ context }) => ({ log: logged(context, { kind: 'safety', atS: context.nowS, event: 'cleared', detail: '' }) })) } },
        },
        alerting: {
          tags: [URGENT_ALERT_TAG],
          on: {
            'safety.stop': { actions: ['stopMotion', assign(({ context, event }) => safetyEntry(context, 'stop', `category ${event.category} ${event.code}`))] },
            'safety.estop': { actions: ['stopMotion', assign(({ context, event }) => safetyEntry(context, 'estop', event.source))] },
          },
          invoke: {
            id: 'stopAlert',
            src: 'alertCaregiver',
            input: ({ context }) => urgentAlertInput(context),
            onDone: { target: 'informing', actions: assign(({ context, event }) => urgentSent(context, event.output.id)) },
            onError: { target: 'informing', actions: assign(({ context }) => urgentSent(context, undefined)) },
          },
        },
        informing: {
          on: {
            'safety.stop': { actions: ['stopMotion', assign(({ context, event }) => safetyEntry(context, 'stop', `category ${event.category} ${event.code}`))] },
            'safety.estop': { actions: ['stopMotion', assign(({ context, event }) => safetyEntry(context, 'estop', event.source))] },
          },
          invoke: { id: 'stopInform', src: 'speak', input: ({ context }) => say(context, HELP_IS_COMING), onDone: 'checking', onError: 'checking' },
        },
        // After an authorised reset: release the loop's hold, then carry on where the person needs it.
        resuming: {
          invoke: {
            id: 'release',
            src: 'releaseHold',
            onDone: [
              { guard: 'emergencyOpen', target: '#companion.emergency.staying_near', actions: assign({ motionAllowed: true, clearedDuringStop: false }) },
              { target: '#companion.conversation', actions: assign({ motionAllowed: true, clearedDuringStop: false }) },
            ],
            onError: { target: 'holding', actions: assign({ clearedDuringStop: false }) },
          },
        },
      },
    },

    // Told the caregiver it cannot watch over the person any more, and ends: nothing else is taken on.
    unavailable: {
      tags: ['safe'],
      on: { 'safety.stop': {}, 'safety.estop': {}, 'person.fallen': {}, 'intent.help': {} },
      invoke: {
        id: 'unavailableAlert',
        src: 'alertCaregiver',
        input: ({ context }) => ({
          severity: 'warning' as const,
          kind: 'companion_unavailable',
          message_zh: UNAVAILABLE_ALERT.zh,
          message_en: UNAVAILABLE_ALERT.en,
          personId: context.personId ?? '',
          location: context.input.location,
        }),
        onDone: { target: 'stopped', actions: assign(({ context, event }) => ({ ended: 'unavailable' as const, log: alertLog(context, 'warning', 'companion_unavailable', undefined, event.output.id, UNAVAILABLE_ALERT) })) },
        onError: { target: 'stopped', actions: assign(({ context }) => ({ ended: 'unavailable' as const, log: alertLog(context, 'warning', 'companion_unavailable', undefined, undefined, UNAVAILABLE_ALERT) })) },
      },
    },

    stopped: { type: 'final', tags: ['safe'] },
  },
  output: ({ context }) => ({ ended: context.ended ?? 'operator_stop', privacy: context.privacy, log: context.log }),
});

