import type { RobotModel } from './RobotModel.js';
import { readRobotModel } from './readRobotModel.js';
import { expandXacro, XACRO_NAMESPACE, type XacroOptions } from './xacro/expandXacro.js';
import { parseXml } from './xml/parseXml.js';
import { serializeXml, type XmlElement } from './xml/XmlElement.js';

export interface ParseUrdfOptions extends XacroOptions {
  /** File name (or label) used in error messages; also decides xacro when it ends in `.xacro`. */
  readonly source?: string;
}

function usesXacro(root: XmlElement, source: string): boolean {
  if (source.endsWith('.xacro')) return true;
  for (const [k, v] of root.attributes) if (k.startsWith('xmlns:') && v === XACRO_NAMESPACE) return true;
  return false;
}

function expandedTree(text: string, options: ParseUrdfOptions): XmlElement {
  const source = options.source ?? '<input>';
  const root = parseXml(text, source);
  return usesXacro(root, source) ? expandXacro(root, options) : root;
}

/**
 * Parse URDF text (xacro is expanded first when the root declares the xacro namespace or the source
 * ends in `.xacro`) into a validated, immutable-by-type `RobotModel`. Pure: includes are read only
 * through `options.readFile`.
 */
export function parseUrdf(text: string, options: ParseUrdfOptions = {}): RobotModel {
  return readRobotModel(expandedTree(text, options));
}

/** Expand xacro and return plain URDF text (what ROS's `xacro` command prints), without validating it. */
export function expandXacroText(text: string, options: ParseUrdfOptions = {}): string {
  return `<?xml version="1.0"?>\n${serializeXml(expandedTree(text, options))}\n`;
}
