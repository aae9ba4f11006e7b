import { KindredError, show, type ErrorCode } from '../../runtime/errors/index.js';
import type { RobotModel } from '../../urdf/index.js';

/**
 * A coded error about a robot description, naming the robot file, the element and the bad value:
 * mujoco-js loses MuJoCo's own compiler message, so these are all a user gets.
 */
export function mjcfError(code: ErrorCode, model: RobotModel, message: string, field: string, value: unknown, expected: string): KindredError {
  const where = model.source ?? `robot ${model.name}`;
  return new KindredError(code, `${where}: ${message} (${field} = ${show(value)}; expected ${expected})`, {
    ...(model.source === undefined ? {} : { file: model.source }),
    robot: model.name,
    field,
    value,
    expected,
  });
}
