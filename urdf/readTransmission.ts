import type { Transmission } from './RobotModel.js';
import { numberAttribute, requiredAttribute } from './xml/readAttributes.js';
import { childElements, firstChild, textOf, type XmlElement } from './xml/XmlElement.js';
import { elementError } from './xml/elementError.js';

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A ROS `<transmission>` (type, joints with hardware interfaces, actuators with reductions). */
export function readTransmission(el: XmlElement): Transmission {
  const typeEl = firstChild(el, 'type');
  return {
    name: requiredAttribute(el, 'name'),
    type: typeEl === undefined ? (el.attributes.get('type') ?? '') : textOf(typeEl),
    joints: childElements(el, 'joint').map((j) => ({
      name: requiredAttribute(j, 'name'),
      hardwareInterfaces: childElements(j, 'hardwareInterface').map(textOf),
    })),
    actuators: childElements(el, 'actuator').map((a) => {
      const reductionEl = firstChild(a, 'mechanicalReduction');
      let mechanicalReduction: number | undefined;
      if (reductionEl !== undefined) {
        const text = textOf(reductionEl);
        if (!NUMBER.test(text)) {
          throw elementError('URDF_BAD_NUMBER', reductionEl, `has "${text}", which is not a number`, { value: text, expected: 'a finite decimal number' });
        }
        mechanicalReduction = Number(text);
      } else {
        mechanicalReduction = numberAttribute(a, 'mechanicalReduction');
      }
      return { name: requiredAttribute(a, 'name'), ...(mechanicalReduction === undefined ? {} : { mechanicalReduction }) };
    }),
  };
}
