import { stampFromNs, type kindred_msgs } from '../../runtime/msgs/index.js';

/** Where per-region contact forces on the patient are published (kindred_msgs/PatientContact). */
export const PATIENT_CONTACT_TOPIC = '/humans/patient/contact';

/** Where the transfer behaviour publishes its preconditions and step (kindred_msgs/TransferStatus, latched). */
export const TRANSFER_STATUS_TOPIC = '/behavior/transfer/status';

const POSTURES = ['supine', 'lateral_left', 'lateral_right'] as const;
const CONTACT_SUFFIX = '/contact_force';

/**
 * The simulated bed patient's ground truth as a kindred_msgs/PatientContact (source
 * `sim_ground_truth`), from the control loop's state interfaces (`patient_<region>/contact_force`,
 * `patient_<region>/support_force`, `patient/posture`, …). Pure. Returns undefined when the state has
 * no patient (a scene without people). Kindred publishes it for the transfer_bed scene; tests publish
 * it the same way.
 */
export function patientContactMessage(stateNames: readonly string[], state: ArrayLike<number>, stampNs: bigint, personId = 'patient'): kindred_msgs.PatientContact | undefined {
  const index = new Map(stateNames.map((n, i) => [n, i] as const));
  const value = (name: string): number => {
    const i = index.get(name);
    return i === undefined ? Number.NaN : (state[i] ?? Number.NaN);
  };
  const regions: string[] = [];
  const contact: number[] = [];
  const support: number[] = [];
  for (const name of stateNames) {
    if (!name.startsWith('patient_') || !name.endsWith(CONTACT_SUFFIX)) continue;
    const region = name.slice('patient_'.length, -CONTACT_SUFFIX.length);
    regions.push(region);
    contact.push(value(name));
    support.push(value(`patient_${region}/support_force`));
  }
  if (regions.length === 0) return undefined;
  const code = value('patient/posture');
  const postureCode = Number.isInteger(code) && code >= 0 && code < POSTURES.length ? code : 0;
  return {
    header: { stamp: stampFromNs(stampNs), frame_id: '' },
    person_id: personId,
    regions,
    contact_force: contact,
    support_force: support,
    posture: POSTURES[postureCode]!,
    posture_code: postureCode,
    slumped: value('patient/slumped'),
    pelvis_height: value('patient/pelvis_height'),
    trunk_roll: value('patient/trunk_roll'),
    contact_total: value('patient/contact_total'),
    support_total: value('patient/support_total'),
    source: 'sim_ground_truth',
  };
}
