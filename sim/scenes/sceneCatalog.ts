import { KindredError, show } from '../../runtime/errors/index.js';
import type { ShippedRobotName } from '../../urdf/index.js';
import type { HumanModel } from '../humans/HumanModel.js';
import type { SceneId } from './types.js';

/** Every scene Kindred ships, in the order menus list them. */
export const sceneIds: readonly SceneId[] = Object.freeze(['exo_standing', 'exo_treadmill', 'transfer_bed', 'companion_home']);

/** What a scene is, before composing it: for menus, CLI help and launch-file checks. */
export interface SceneDescription {
  readonly id: SceneId;
  readonly title: { readonly en: string; readonly zh: string };
  readonly summary: { readonly en: string; readonly zh: string };
  readonly robot: ShippedRobotName;
  /** The kind of simulated person the scene accepts. */
  readonly humanKind: HumanModel['kind'];
  /**
   * Physics rate, Hz. 1 kHz everywhere: the exoskeleton's cuff springs and foot contacts need it, and
   * a single rate keeps `physicsHz / rateHz` an integer for both loop rates (500 Hz and 1 kHz).
   */
  readonly physicsHz: number;
}

const SCENES: Readonly<Record<SceneId, SceneDescription>> = {
  exo_standing: {
    id: 'exo_standing',
    title: { en: 'Exoskeleton in a body-weight-support frame', zh: '减重支架中的外骨骼' },
    summary: {
      en: 'The exoskeleton’s pelvis is fixed to a support frame, soles just above the floor; the legs swing freely.',
      zh: '外骨骼骨盆固定在减重支架上，足底略高于地面，双腿可自由摆动。',
    },
    robot: 'kindred_exo',
    humanKind: 'exo_patient',
    physicsHz: 1000,
  },
  exo_treadmill: {
    id: 'exo_treadmill',
    title: { en: 'Exoskeleton on a treadmill', zh: '跑步机上的外骨骼' },
    summary: {
      en: 'The support frame over a treadmill whose belt is driven at a set speed (treadmill_belt_drive, m/s).',
      zh: '减重支架位于跑步机上方，跑带按设定速度运行（treadmill_belt_drive，米/秒）。',
    },
    robot: 'kindred_exo',
    humanKind: 'exo_patient',
    physicsHz: 1000,
  },
  transfer_bed: {
    id: 'transfer_bed',
    title: { en: 'Transfer robot at a hospital bed', zh: '病床旁的移乘机器人' },
    summary: {
      en: 'The transfer robot beside a hospital bed with a patient lying on it, and a wheelchair to move them to.',
      zh: '移乘机器人位于病床旁，床上躺着患者，旁边有一辆轮椅。',
    },
    robot: 'kindred_transfer',
    humanKind: 'bed_patient',
    physicsHz: 1000,
  },
  companion_home: {
    id: 'companion_home',
    title: { en: 'Companion robot in a living room', zh: '客厅中的陪伴机器人' },
    summary: {
      en: 'The companion robot in a furnished living room (sofa, armchair, tables, chair) with the person who lives there.',
      zh: '陪伴机器人位于布置好的客厅中（沙发、扶手椅、桌子、椅子），与居住者在一起。',
    },
    robot: 'kindred_companion',
    humanKind: 'home_person',
    physicsHz: 1000,
  },
};

/** Whether `value` names a scene (for checking launch files and CLI arguments). */
export function isSceneId(value: unknown): value is SceneId {
  return typeof value === 'string' && (sceneIds as readonly string[]).includes(value);
}

/** A scene's bilingual title and summary, robot, accepted person and physics rate; SCENE_UNKNOWN otherwise. */
export function describeScene(id: SceneId): SceneDescription {
  if (!isSceneId(id)) {
    throw new KindredError('SCENE_UNKNOWN', `no scene is called ${show(id)}; scenes: ${sceneIds.join(', ')}`, { field: 'scene', value: id, expected: sceneIds.join(' | ') });
  }
  return SCENES[id];
}
