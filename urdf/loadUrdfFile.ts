import { readFileSync } from 'node:fs';
import { KindredError } from '../runtime/errors/index.js';
import type { RobotModel } from './RobotModel.js';
import { expandXacroText, parseUrdf } from './parseUrdf.js';

export interface LoadUrdfOptions {
  /** ROS package name → absolute directory, for `$(find pkg)` and `package://pkg/...` includes. */
  readonly packages?: Readonly<Record<string, string>>;
  /** xacro arguments (override `<xacro:arg default>`). */
  readonly args?: Readonly<Record<string, string>>;
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new KindredError('URDF_FILE_UNREADABLE', `cannot read ${path}: ${e instanceof Error ? e.message : String(e)}`, {
      file: path,
      expected: 'a readable URDF or xacro file',
    });
  }
}

const readFile = (path: string): string => readFileSync(path, 'utf8');

/** Read a URDF or xacro file from disk (the file-system adapter around `parseUrdf`). */
export function loadUrdfFile(path: string, options: LoadUrdfOptions = {}): RobotModel {
  return parseUrdf(readText(path), { ...options, source: path, readFile });
}

/** Read a URDF or xacro file and return it as plain URDF text with xacro expanded. */
export function expandUrdfFile(path: string, options: LoadUrdfOptions = {}): string {
  return expandXacroText(readText(path), { ...options, source: path, readFile });
}
