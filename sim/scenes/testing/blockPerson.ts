import type { MjData, MjModel } from 'mujoco-js';
import type { HumanModel, HumanSignal, MjcfFragment } from '../../humans/HumanModel.js';
import { HUMAN_TOUCHING_ROBOT } from '../../mjcf/collision.js';
import type { MujocoModule } from '../../mujoco/types.js';

/**
 * A stand-in person for scene tests: one free box of a person's torso mass dropped at a pose. It
 * follows the HumanModel contract (prefixed names, signals) so the composer can be tested without
 * the real person models; it is not a mock of MuJoCo, which simulates it for real.
 */
export function blockPerson(kind: HumanModel['kind'], prefix: string, at: readonly [number, number, number], halfSize: readonly [number, number, number]): HumanModel {
  const body = `${prefix}_thigh`;
  let bodyId = -1;
  let z = NaN;
  const signals: HumanSignal[] = [
    { name: `${body}/force.x`, unit: 'N', description: 'test force x' },
    { name: `${body}/force.y`, unit: 'N', description: 'test force y' },
    { name: `${body}/force.z`, unit: 'N', description: 'test force z' },
    { name: `${prefix}/height`, unit: 'm', description: 'height of the block' },
    // Named with the words of site `<prefix>_thigh_cuff` in another order; and one with no anchor at all.
    ...['x', 'y', 'z'].map((a) => ({ name: `${prefix}_cuff_thigh/force.${a}`, unit: 'N', description: `cuff force ${a}` })),
    ...['x', 'y', 'z'].map((a) => ({ name: `${prefix}_unanchored_thigh/force.${a}`, unit: 'N', description: `force ${a}` })),
  ];
  return {
    kind,
    prefix,
    mjcf(): MjcfFragment {
      return {
        worldbody:
          `<body name="${body}" pos="${at.join(' ')}"><freejoint name="${prefix}_free"/>` +
          `<geom name="${prefix}_block" type="box" size="${halfSize.join(' ')}" mass="30" contype="${HUMAN_TOUCHING_ROBOT.contype}" conaffinity="${HUMAN_TOUCHING_ROBOT.conaffinity}" rgba="0.9 0.7 0.6 1"/>` +
          `<site name="${prefix}_thigh_cuff" size="0.01"/></body>`,
      };
    },
    bind(mujoco: MujocoModule, model: MjModel): void {
      bodyId = mujoco.mj_name2id(model, mujoco.mjtObj.mjOBJ_BODY.value, body);
    },
    beforeStep(): void {},
    afterStep(data: MjData): void {
      z = (data.xpos as Float64Array)[3 * bodyId + 2] ?? NaN;
    },
    signals: () => signals,
    readSignals(out: Float64Array, offset: number): void {
      out.fill(0, offset, offset + signals.length);
      out[offset + 3] = z;
    },
  };
}
