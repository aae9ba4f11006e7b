import type { RobotModel } from './RobotModel.js';

/** The JSON form of a model (`kindred urdf --json`): the model itself, tagged with its format. */
export interface RobotModelJson extends RobotModel {
  readonly format: 'kindred.robot_model';
  readonly formatVersion: 1;
}

/**
 * A JSON-ready copy of the model. Every field of `RobotModel` is already plain data (numbers are
 * finite: the reader rejects anything else), so `JSON.parse(JSON.stringify(x))` gives `x` back.
 */
export function robotModelToJson(model: RobotModel): RobotModelJson {
  return { format: 'kindred.robot_model', formatVersion: 1, ...(structuredClone(model) as RobotModel) };
}
