import { fileURLToPath } from 'node:url';
import { readYamlFile } from '../../launch/index.js';
import type { RunOptions, ShippedBehavior } from '../ShippedBehavior.js';
import { DEMO_TRANSFER_INPUT, demoTransferScript } from './demoTransfer.js';
import { createTransferActors } from './transferActors.js';
import { transferDefinition } from './transferDefinition.js';
import { parseTransferInput, type TransferInputData } from './transferInput.js';
import type { TransferRecord } from './transferRecord.js';

/** The launch file the transfer runs in: kindred_transfer beside the bed in the transfer_bed scene. */
export const TRANSFER_LAUNCH_FILE = fileURLToPath(new URL('../../launch/transfer_behavior.launch.yaml', import.meta.url));

/** Simulated seconds a headless run may take before it is stopped as failed. */
const TIMEOUT_S = 180;

/**
 * The patient transfer as Kindred ships it (`kindred behavior run transfer`): the statechart, the
 * transfer_bed scene, and a demo — the patient's consent, the caregiver's confirmations of presence,
 * bed height and brakes, and of each step that moves the patient (supervised autonomy). `--plan`
 * takes a YAML transfer input instead of the demo's (e.g. `autonomy: assisted`, `direction:
 * wheelchair_to_bed`); `--script` replaces the people's side. The record is the machine's output.
 *
 * Its own actor (the patient monitor, `actors(host)`) runs besides Kindred's; the run needs the
 * patient's contact forces on `/humans/patient/contact` (`patientContactMessage`, see the README).
 */
export const transferBehavior: ShippedBehavior = {
  definition: transferDefinition,
  launchFile: TRANSFER_LAUNCH_FILE,
  prepare(options: RunOptions) {
    const data: TransferInputData = options.planFile === undefined ? DEMO_TRANSFER_INPUT : (readYamlFile(options.planFile).data as TransferInputData);
    const input = parseTransferInput(data, options.planFile ?? 'demo transfer');
    return { input, script: options.script ?? demoTransferScript(input), timeoutS: TIMEOUT_S };
  },
  record(output: unknown): TransferRecord | undefined {
    return output === undefined ? undefined : (output as TransferRecord);
  },
  actors: (host) => createTransferActors(host),
};

export { transferDefinition, TRANSFER_SAFETY_BOUND } from './transferDefinition.js';
export { transferMachine } from './transfer.machine.js';
export { createTransferActors, unboundTransferActors } from './transferActors.js';
export type { TransferActors } from './transferActors.js';
export { transferMonitor } from './transferMonitor.js';
export type { MonitorAnomalyEvent, MonitorTickEvent, PatientSample, TransferMonitorInput, TransferMonitorLogic, TransferStatusEvent } from './transferMonitor.js';
export { patientContactMessage, PATIENT_CONTACT_TOPIC, TRANSFER_STATUS_TOPIC } from './patientContact.js';
export { parseTransferInput, supportsOf, transferInputSchema, TRANSFER_AUTONOMY, TRANSFER_DIRECTIONS } from './transferInput.js';
export type { SupportName, TransferAutonomy, TransferDirection, TransferInput, TransferInputData, TransferPose } from './transferInput.js';
export { DEMO_TRANSFER_INPUT, demoTransferScript } from './demoTransfer.js';
export { checkAnomalyLowering, formatAnomalyReport } from './checkAnomalyLowering.js';
export type { AnomalyCheckOptions, AnomalyProblem, AnomalyReport } from './checkAnomalyLowering.js';
export { PRECONDITIONS } from './transferRecord.js';
export type { AnomalyRecord, ConfirmationRecord, PreconditionName, PreconditionState, StageRecord, StepRecord, TransferOutcome, TransferRecord } from './transferRecord.js';
