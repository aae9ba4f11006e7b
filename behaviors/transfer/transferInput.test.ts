// The transfer's input is validated once, with a coded error naming the field; the demo input is
// valid; the patient's contact message is built from the simulator's state as Kindred publishes it.
import { describe, expect, it } from 'vitest';
import { isKindredError } from '../../runtime/errors/index.js';
import { DEMO_TRANSFER_INPUT, demoTransferScript } from './demoTransfer.js';
import { patientContactMessage } from './patientContact.js';
import { parseTransferInput, supportsOf, type TransferInputData } from './transferInput.js';

const demo = DEMO_TRANSFER_INPUT;

function codeOf(data: unknown): { code: string; field: unknown; message: string } {
  try {
    parseTransferInput(data, 'test.yaml');
  } catch (e) {
    if (isKindredError(e)) return { code: e.code, field: e.context.field, message: e.message };
    throw e;
  }
  throw new Error('expected the input to be refused');
}

describe('parseTransferInput', () => {
  it('accepts the demo input, defaults direction and autonomy, and keeps the lift within the torso', () => {
    const { direction: _d, autonomy: _a, ...rest } = demo;
    const input = parseTransferInput(rest);
    expect(input.direction).toBe('bed_to_wheelchair');
    expect(input.autonomy).toBe('supervised');
    expect(supportsOf(input.direction)).toEqual({ source: 'bed', destination: 'wheelchair' });
    expect(supportsOf('wheelchair_to_bed')).toEqual({ source: 'wheelchair', destination: 'bed' });
  });

  it.each<[string, TransferInputData | Record<string, unknown>, string, RegExp]>([
    ['a pose with fewer targets than joints', { ...demo, poses: { ...demo.poses, insert: { ...demo.poses.insert, targets: [0.2] } } }, 'poses.insert.targets', /one target per joint/],
    ['the torso moved by the carry pose', { ...demo, poses: { ...demo.poses, carry: { joints: ['torso_lift'], targets: [-0.02], durationS: 1 } } }, 'poses.carry.joints', /arms only/],
    ['lift stages above the top', { ...demo, lift: { ...demo.lift, stages: 6 } }, 'lift.stages', /above the lift's top/],
    ['a lift stage faster than the rated lift speed', { ...demo, lift: { ...demo.lift, stageDurationS: 0.3 } }, 'lift.stageDurationS', /above the lift's rated 0.05 m\/s/],
    ['a lowering faster than the lift is rated', { ...demo, loweringSpeedMPerS: 0.2 }, 'loweringSpeedMPerS', /rated 0.05 m\/s/],
    ['an unknown autonomy level', { ...demo, autonomy: 'autonomous' }, 'autonomy', /supervised|assisted/],
    ['a misspelt key', { ...demo, holdSeconds: 2 }, '(root)', /holdSeconds/],
    ['a zero timeout', { ...demo, timeouts: { ...demo.timeouts, confirmS: 0 } }, 'timeouts.confirmS', /> 0/],
  ])('refuses %s with BEHAVIOR_TRANSFER_INPUT_INVALID naming the field', (_what, data, field, message) => {
    const e = codeOf(data);
    expect(e.code).toBe('BEHAVIOR_TRANSFER_INPUT_INVALID');
    expect(e.field).toBe(field);
    expect(e.message).toMatch(/^test\.yaml: /);
    expect(e.message).toMatch(message);
  });

  it('the demo script answers each question after it is asked, and confirms lift, carry and lower only at supervised autonomy', () => {
    const supervised = demoTransferScript();
    const assisted = demoTransferScript({ ...demo, autonomy: 'assisted' });
    const names = (s: typeof supervised): string[] => s.map((x) => ('intent' in x ? `${x.intent.role}:${x.intent.name}` : ''));
    expect(names(supervised)).toEqual(['patient:好', 'caregiver:继续', 'caregiver:bed_height_ok', 'caregiver:brakes_on', 'caregiver:继续', 'caregiver:继续', 'caregiver:继续']);
    expect(names(assisted)).toEqual(['patient:好', 'caregiver:继续', 'caregiver:bed_height_ok', 'caregiver:brakes_on', 'caregiver:继续']);
    expect(supervised.every((x, i) => i === 0 || x.atS > supervised[i - 1]!.atS)).toBe(true);
    expect(supervised[0]!.atS).toBeGreaterThan(4);
  });
});

describe('patientContactMessage', () => {
  it('collects every patient_<region>/contact_force with its support force, the posture and the totals', () => {
    const names = ['torso_lift/position', 'patient_back/contact_force', 'patient_back/support_force', 'patient_chest/contact_force', 'patient_chest/support_force', 'patient/posture', 'patient/slumped', 'patient/pelvis_height', 'patient/trunk_roll', 'patient/contact_total', 'patient/support_total'];
    const m = patientContactMessage(names, [-0.1, 12, 200, 3, 0, 2, 0.1, 0.64, 0.05, 15, 200], 1_500_000_000n);
    expect(m).toMatchObject({
      header: { stamp: { sec: 1, nanosec: 500_000_000 } },
      person_id: 'patient',
      regions: ['back', 'chest'],
      contact_force: [12, 3],
      support_force: [200, 0],
      posture: 'lateral_right',
      posture_code: 2,
      slumped: 0.1,
      pelvis_height: 0.64,
      trunk_roll: 0.05,
      contact_total: 15,
      support_total: 200,
      source: 'sim_ground_truth',
    });
  });

  it('is undefined for a scene without a patient', () => {
    expect(patientContactMessage(['torso_lift/position'], [0], 0n)).toBeUndefined();
  });
});
