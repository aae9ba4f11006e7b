import { fileURLToPath } from 'node:url';
import type { AnyActorLogic } from 'xstate';
import { readYamlFile, type ValidatedLaunch } from '../../launch/index.js';
import type { BehaviorHost } from '../runtime/BehaviorHost.js';
import type { PreparedRun, RunOptions, ShippedBehavior } from '../ShippedBehavior.js';
import { createCompanionActors } from './actors/companionActors.js';
import { companionDefinition } from './companionDefinition.js';
import { parseCompanionInput, type CompanionInput } from './companionInput.js';
import { companionRecord } from './companionLog.js';
import { DEMO_INPUT, DEMO_SCRIPT, DEMO_TIMEOUT_S, FALL_PROFILE } from './demo.js';

export { companionMachine, URGENT_ALERT_TAG } from './companion.machine.js';
export { ACK_INTENTS, FINE_INTENTS, HELP_INTENTS } from './companionEvents.js';
export type { CompanionEvent, CompanionIntent, CompanionIntentName, ConversationTopic } from './companionEvents.js';
export { companionDefinition, companionStateKey, COMPANION_EXPLORE_EVENTS, COMPANION_EXPLORE_INPUT } from './companionDefinition.js';
export { companionInputSchema, parseCompanionInput } from './companionInput.js';
export type { CompanionInput, CompanionPerson, CompanionReminder, QuietWindow, ReminderKind } from './companionInput.js';
export { companionRecord } from './companionLog.js';
export type { CompanionEnd, CompanionLogEntry, CompanionOutput, CompanionPrivacy, CompanionRecord } from './companionLog.js';
export { checkFallAlerts, formatFallAlertReport } from './checkFallAlerts.js';
export type { FallAlertOptions, FallAlertProblem, FallAlertReport } from './checkFallAlerts.js';
export { createCompanionActors, unboundCompanionActors } from './actors/companionActors.js';
export type { CompanionActors } from './actors/companionActors.js';
export { CALL_TOPIC, MUSIC_TOPIC } from './actors/companionRequest.js';
export { RECORDING_ALLOWED_TOPIC } from './actors/privacyAnnouncer.js';
export type { PersonFallenEvent, PersonRecoveredEvent } from './actors/personWatch.js';
export type { ClockTickEvent } from './actors/companionClock.js';
export { DEMO_INPUT, DEMO_SCRIPT, DEMO_TIMEOUT_S, FALL_PROFILE, FALL_TWICE_PROFILE, LIVING_ROOM_ROBOT } from './demo.js';

/**
 * A shipped behaviour that brings its own actors besides Kindred's shared ones: `actors(host)` is
 * what a run passes to `BehaviorRunner.start(..., { actors })`.
 */
export interface ShippedBehaviorWithActors extends ShippedBehavior {
  actors(host: BehaviorHost): Readonly<Record<string, AnyActorLogic>>;
}

/**
 * The launch a companion run uses: the fall profile as the simulated person, and recording forced
 * off unless everyone consented (Kindred's MCAP recorder must not run for this behaviour otherwise).
 */
export function companionLaunch(input: CompanionInput, profile: string = FALL_PROFILE): (launch: ValidatedLaunch) => ValidatedLaunch {
  return (launch) => ({
    ...launch,
    hardware: launch.hardware.type === 'sim' ? { ...launch.hardware, profile } : launch.hardware,
    record: input.recordingConsent ? launch.record : { ...launch.record, enabled: false },
  });
}

/** The companion's input: the `--plan` file (YAML, `kind: companion_plan`) or the demo's. */
function inputFrom(options: RunOptions): CompanionInput {
  if (options.planFile === undefined) return parseCompanionInput(DEMO_INPUT);
  const source = readYamlFile(options.planFile);
  return parseCompanionInput(source.data, { file: source.file, locate: (p) => source.locate(p) });
}

/**
 * `kindred behavior run companion`: the companion in the simulated living room (lock-step), with the
 * demo day — conversation, an ignored reminder escalated, an acknowledged one, a fall with no answer
 * alerted urgently and resolved by the caregiver, then the operator's stop — and the companion's log
 * as the record.
 */
export const companionBehavior: ShippedBehaviorWithActors = {
  definition: companionDefinition,
  launchFile: fileURLToPath(new URL('../../launch/companion_behavior.launch.yaml', import.meta.url)),
  prepare(options: RunOptions): PreparedRun {
    const input = inputFrom(options);
    return { input, launch: companionLaunch(input), script: DEMO_SCRIPT, timeoutS: DEMO_TIMEOUT_S };
  },
  record: companionRecord,
  actors: (host) => createCompanionActors(host),
};
