import { fileURLToPath } from 'node:url';
import type { ScriptedInput } from '../ShippedBehavior.js';

/** The simulated person of the demo: walks, sits on the sofa, and falls at 55 s, away from the robot. */
export const FALL_PROFILE = fileURLToPath(new URL('./profiles/person_falls.yaml', import.meta.url));
/** A harder day for tests: a fall at 30 s (answered), up at 40 s, a second fall at 50 s. */
export const FALL_TWICE_PROFILE = fileURLToPath(new URL('./profiles/person_falls_twice.yaml', import.meta.url));

/** Where the companion robot stands in the living room (sim/scenes `COMPANION_ROBOT_START`), facing +y. */
export const LIVING_ROOM_ROBOT = { xM: -0.6, yM: -0.9, yawRad: Math.PI / 2 } as const;

/**
 * The demo's input (validated by `parseCompanionInput`): Mrs Wang, who agreed to be called by name;
 * a water reminder at 20 s and her blood-pressure pill at 40 s; the simulated day starts at 09:00;
 * short timings so the whole day fits in a couple of simulated minutes.
 */
export const DEMO_INPUT = {
  kind: 'companion_plan',
  people: [{ id: 'person1', name_zh: '王阿姨', name_en: 'Mrs Wang', consentToName: true }],
  schedule: [
    { id: 'water-morning', kind: 'water', atS: 20 },
    { id: 'bp-pill', kind: 'medication', atS: 40, note_zh: '降压药一片', note_en: 'one blood-pressure tablet', overridesQuietHours: true },
  ],
  quietHours: [],
  recordingConsent: false,
  language: 'zh',
  clockOffsetS: 9 * 3600,
  location: '客厅 / living room',
  timing: { tickS: 0.5, checkInTimeoutS: 12, reminderAckTimeoutS: 8, reminderAttempts: 2 },
  robot: LIVING_ROOM_ROBOT,
} as const;

/**
 * The demo's people, in simulated seconds from the start: Mrs Wang asks how the robot is, the time,
 * the weather, and for music; ignores the water reminder (said twice, then the caregiver is warned);
 * acknowledges her pill; asks to call the family; falls at 55 s (the profile) and does not answer,
 * so the caregiver is alerted urgently; the caregiver arrives and resolves it; the operator stops.
 */
export const DEMO_SCRIPT: readonly ScriptedInput[] = [
  { atS: 4, intent: { name: 'how_are_you', role: 'patient', text: '你好吗？', language: 'zh' } },
  { atS: 8, intent: { name: 'time', role: 'patient', text: '现在几点了？', language: 'zh' } },
  { atS: 12, intent: { name: 'weather', role: 'patient', text: '今天天气怎么样？', language: 'zh' } },
  { atS: 16, intent: { name: 'play_music', role: 'patient', text: '放点音乐吧', language: 'zh' } },
  { atS: 43, intent: { name: 'ack', role: 'patient', text: '好的', language: 'zh' } },
  { atS: 48, intent: { name: 'call_family', role: 'patient', text: '给我女儿打个电话', language: 'zh' } },
  { atS: 75, intent: { name: 'resolved', role: 'caregiver', text: '我来了，没事了', language: 'zh' } },
  { atS: 80, command: 'stop' },
];

/** The demo ends by 80 s; anything still running at 120 s has gone wrong. */
export const DEMO_TIMEOUT_S = 120;
