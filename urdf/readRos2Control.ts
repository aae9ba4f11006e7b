import type { Ros2Control, Ros2ControlComponent, Ros2ControlInterface } from './RobotModel.js';
import { elementError } from './xml/elementError.js';
import { requiredAttribute, requiredChild } from './xml/readAttributes.js';
import { childElements, textOf, type XmlElement } from './xml/XmlElement.js';

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** `<param name="k">v</param>` children as a record. */
function params(el: XmlElement): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of childElements(el, 'param')) out[requiredAttribute(p, 'name')] = textOf(p);
  return out;
}

function numericParam(el: XmlElement, all: Record<string, string>, key: string): number | undefined {
  const text = all[key];
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!NUMBER.test(text) || !Number.isFinite(n)) {
    throw elementError('URDF_BAD_NUMBER', el, `has <param name="${key}">${text}</param>, which is not a number`, { value: text, expected: 'a finite decimal number' });
  }
  return n;
}

function readInterface(el: XmlElement): Ros2ControlInterface {
  const all = params(el);
  const min = numericParam(el, all, 'min');
  const max = numericParam(el, all, 'max');
  const initialValue = numericParam(el, all, 'initial_value');
  const parameters: Record<string, string> = {};
  for (const [k, v] of Object.entries(all)) if (k !== 'min' && k !== 'max' && k !== 'initial_value') parameters[k] = v;
  return {
    name: requiredAttribute(el, 'name'),
    ...(min === undefined ? {} : { min }),
    ...(max === undefined ? {} : { max }),
    ...(initialValue === undefined ? {} : { initialValue }),
    parameters,
  };
}

function readComponent(el: XmlElement): Ros2ControlComponent {
  return {
    name: requiredAttribute(el, 'name'),
    commandInterfaces: childElements(el, 'command_interface').map(readInterface),
    stateInterfaces: childElements(el, 'state_interface').map(readInterface),
    parameters: params(el),
  };
}

const TYPES = ['system', 'actuator', 'sensor'] as const;

/** A `<ros2_control name type>` block: hardware plugin and parameters, joints, sensors and GPIOs. */
export function readRos2Control(el: XmlElement): Ros2Control {
  const name = requiredAttribute(el, 'name');
  const type = requiredAttribute(el, 'type');
  const known = TYPES.find((t) => t === type);
  if (known === undefined) {
    throw elementError('URDF_BAD_VALUE', el, `has type="${type}"`, { value: type, expected: `one of ${TYPES.join(', ')}` });
  }
  const hardware = requiredChild(el, 'hardware');
  const plugin = textOf(requiredChild(hardware, 'plugin'));
  if (plugin === '') throw elementError('URDF_MISSING_ELEMENT', hardware, 'has an empty <plugin>', { expected: 'a hardware plugin name such as kindred/SimSystem' });
  return {
    name,
    type: known,
    plugin,
    hardwareParameters: params(hardware),
    joints: childElements(el, 'joint').map(readComponent),
    sensors: childElements(el, 'sensor').map(readComponent),
    gpios: childElements(el, 'gpio').map(readComponent),
  };
}
