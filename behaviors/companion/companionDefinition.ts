import type { AnyMachineSnapshot, EventFromLogic } from 'xstate';
import type { kindred_msgs } from '../../runtime/msgs/index.js';
import { defineBehavior } from '../core/index.js';
import { stableStringify } from '../verify/index.js';
import { companionMachine } from './companion.machine.js';
import type { CompanionIntentName } from './companionEvents.js';
import type { CompanionContext } from './companionContext.js';
import { parseCompanionInput } from './companionInput.js';

type Event = EventFromLogic<typeof companionMachine>;

function intent(name: CompanionIntentName, role: 'patient' | 'caregiver' = 'patient'): Event {
  return { type: `intent.${name}`, role, text: '', language: 'zh', confidence: 1, source: 'cli' };
}

function intentMessage(name: string, role: string): kindred_msgs.Intent {
  return { header: { stamp: { sec: 0, nanosec: 0 }, frame_id: '' }, name, text: '', language: 'zh', confidence: 1, role, source: 'cli' };
}

/**
 * The input the verifier explores with: a person who agreed to be named, the robot's pose (so the
 * head turn is reachable), two reminders (one allowed in quiet hours) and a quiet window.
 */
export const COMPANION_EXPLORE_INPUT = parseCompanionInput({
  people: [{ id: 'person1', name_zh: '王阿姨', name_en: 'Mrs Wang', consentToName: true }],
  schedule: [
    { id: 'water', kind: 'water', atS: 50 },
    { id: 'pill', kind: 'medication', atS: 150, overridesQuietHours: true },
  ],
  quietHours: [{ fromS: 100, toS: 200 }],
  robot: { xM: -0.6, yM: -0.9, yawRad: Math.PI / 2 },
});

/** Everything a real run can deliver, once per kind of payload the machine's guards tell apart. */
export const COMPANION_EXPLORE_EVENTS: readonly Event[] = [
  intent('how_are_you'),
  intent('time'),
  intent('small_talk'),
  intent('weather'),
  intent('play_music'),
  intent('call_family'),
  intent('help'),
  intent('resolved', 'caregiver'),
  intent('ack', 'caregiver'),
  intent('resolved'),
  { type: 'person.fallen', personId: 'person1', atS: 60, position: { xM: 1.3, yM: 0.6 }, source: 'sim_ground_truth' },
  { type: 'person.fallen', personId: 'person1', atS: 60, position: null, source: 'perception' },
  { type: 'person.recovered', personId: 'person1', atS: 70, posture: 'standing' },
  { type: 'clock.tick', nowS: 10 },
  { type: 'clock.tick', nowS: 60 },
  { type: 'clock.tick', nowS: 160 },
  { type: 'clock.tick', nowS: 300 },
];

/**
 * What the companion's decisions depend on: the state, the child actors, the reminder queue, quiet
 * hours, the fall and emergency in hand, whether motion is allowed. Times, the log, the words said,
 * the person's id and why an alert goes out (its wording) are left out, so the state space stays finite.
 */
export function companionStateKey(s: AnyMachineSnapshot): string {
  const c = s.context as CompanionContext;
  return stableStringify({
    v: s.value,
    // The privacy announcer's failure is logged and changes nothing the companion decides.
    k: Object.keys(s.children as Record<string, unknown>)
      .filter((id) => id !== 'privacy')
      .sort(),
    pending: c.pending,
    next: c.nextReminder,
    active: c.active ?? null,
    quiet: c.quiet,
    fall: c.fall === undefined ? null : c.fall.position !== null,
    emergency: c.emergency === undefined ? null : c.emergency.alerted,
    motion: c.motionAllowed,
    cleared: c.clearedDuringStop,
  });
}

/** The companion as a Kindred behaviour: its machine, description, and how the verifier explores it. */
export const companionDefinition = defineBehavior({
  id: 'companion',
  machine: companionMachine,
  description: {
    en: 'Companionship at home: greeting, conversation, reminders with escalation, fall check-in with urgent caregiver alerts; quiet hours and privacy respected.',
    zh: '居家陪伴：问候、聊天、提醒（无回应时上报）、跌倒后询问并紧急通知看护人；遵守安静时段与隐私。',
  },
  explore: {
    events: COMPANION_EXPLORE_EVENTS,
    safetyBound: 2,
    input: COMPANION_EXPLORE_INPUT,
    stateKey: companionStateKey,
    maxStates: 20_000,
    actorOutputs: {
      arrival: [{ timeout: false, id: 'person1', ids: ['person1'] }],
      ack: [{ timeout: true }, { timeout: false, intent: intentMessage('ack', 'patient') }],
      answer: [{ timeout: true }, { timeout: false, intent: intentMessage('fine', 'patient') }, { timeout: false, intent: intentMessage('help', 'patient') }],
      alertCaregiver: [{ id: 'alert-verify' }],
      speak: [{ id: 'speech-verify', outcome: 'done' }],
      request: [{ topic: '/companion/music', data: '{}' }],
    },
  },
});
