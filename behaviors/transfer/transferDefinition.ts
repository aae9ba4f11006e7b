import type { SnapshotFrom } from 'xstate';
import type { MotionResult } from '../actors/index.js';
import { defineBehavior } from '../core/index.js';
import { stableStringify } from '../verify/index.js';
import { DEMO_TRANSFER_INPUT } from './demoTransfer.js';
import { transferMachine } from './transfer.machine.js';
import { judgePatient } from './transferContext.js';
import type { TransferEvent, TransferIntentName } from './transferEvents.js';
import { parseTransferInput } from './transferInput.js';
import type { PatientSample } from './transferMonitor.js';
import { PRECONDITIONS } from './transferRecord.js';

/**
 * Transitions from a safety event to a `safe` state, on every path: the stop itself (1); while the
 * patient is lowered, perhaps the reset's `safety.cleared` (2); then the lowering's motion ending (3)
 * — done (→ `lowered`) or failed (→ `safeHeld`). A category 0/1 stop or an e-stop is safe at once.
 */
export const TRANSFER_SAFETY_BOUND = 3;

const intent = (name: TransferIntentName, role: 'patient' | 'caregiver'): TransferEvent => ({ type: `intent.${name}`, role, text: name, language: 'zh', confidence: 1, source: 'cli' });

const sample = (contactN: Record<string, number>, postureCode = 0): PatientSample => ({
  atS: 1,
  personId: 'patient',
  contactN,
  contactTotalN: Object.values(contactN).reduce((a, b) => a + b, 0),
  supportTotalN: 540,
  postureCode,
  trunkRollRad: 0,
  slumped: 0,
  pelvisHeightM: 0.64,
});

/** The exploration's fixed events: every kind of input a real run delivers, with payloads each guard tells apart. */
export const TRANSFER_EXPLORE_EVENTS: readonly TransferEvent[] = [
  intent('好', 'patient'),
  intent('no', 'patient'),
  intent('停', 'patient'),
  intent('继续', 'caregiver'),
  intent('bed_height_ok', 'caregiver'),
  intent('brakes_on', 'caregiver'),
  { type: 'monitor.tick', nowS: 1, peaksN: {}, sample: sample({ back: 5, chest: 0 }) },
  { type: 'monitor.tick', nowS: 1, peaksN: {}, sample: sample({ back: 5, chest: 80 }) },
  { type: 'monitor.anomaly', kind: 'force', code: 'BEHAVIOR_TRANSFER_FORCE_LIMIT', detail: 'chest 80 N > 40 N', region: 'chest', valueN: 80, limitN: 40 },
];

const MOTION: MotionResult = { positions: {}, minPositions: {}, maxPositions: {}, maxTrackingError: 0, elapsedS: 1 };

/**
 * What the transfer's decisions depend on, for the exploration: the state, whether the patient is
 * on the arms and over which support, the lift stage, the safety latch, the pause's return point, the
 * preconditions, the questions asked, how the latest sample judges the patient, and the child actors
 * of the active states. Times, peaks and the record are left out (they never change a decision).
 */
function transferStateKey(snapshot: SnapshotFrom<typeof transferMachine>): string {
  const c = snapshot.context;
  const inPreconditions = snapshot.matches('preconditions');
  const judging = snapshot.matches({ lift: 'check' }) || snapshot.matches('holding');
  const judged = judgePatient(c, c.moveDoneAtS);
  return stableStringify({
    v: snapshot.value,
    s: snapshot.status,
    // The root's intents and monitor live as long as the run; their failure changes no decision.
    k: Object.keys(snapshot.children)
      .filter((id) => id !== 'intents' && id !== 'monitor')
      .sort(),
    loaded: c.loaded,
    over: c.overSupport,
    latched: c.safetyLatched,
    // Only where a decision depends on them.
    ...(snapshot.matches('lift') ? { stage: c.stage } : {}),
    ...(snapshot.matches('paused') ? { resume: c.resumeTo } : {}),
    ...(inPreconditions ? { pre: PRECONDITIONS.map((p) => c.preconditions[p].state), attempts: c.attempts } : {}),
    ...(judging ? { judged: judged.ok ? 'ok' : judged.kind } : {}),
  });
}

/** The patient transfer as a shipped behaviour declares it: machine, description and exploration. */
export const transferDefinition = defineBehavior({
  id: 'transfer',
  machine: transferMachine,
  description: {
    en: 'Patient transfer bed ⇄ wheelchair: preconditions asked for and shown, lift in checked stages, caregiver approval by autonomy level, controlled lowering on any anomaly.',
    zh: '床与轮椅之间的患者转移：询问并显示准备条件，分阶段抬升并检查，按自主级别由护理人员确认，任何异常时受控放回支撑面。',
  },
  explore: {
    // Plus the expiry of the timer running now (only the latest one counts).
    events: (snapshot) => [...TRANSFER_EXPLORE_EVENTS, { type: 'timer.expired' as const, seq: snapshot.context.timerSeq }],
    safetyBound: TRANSFER_SAFETY_BOUND,
    input: parseTransferInput(DEMO_TRANSFER_INPUT, 'demo transfer'),
    actorOutputs: { moveJoints: [MOTION], speak: [{ id: 'say', outcome: 'done' }] },
    stateKey: transferStateKey,
  },
});
