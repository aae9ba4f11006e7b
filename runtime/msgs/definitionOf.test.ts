import { describe, expect, it } from 'vitest';
import { KindredError } from '../errors/index.js';
import { definitionOf, isMessageTypeName, messageDefinitions } from './index.js';

describe('definitionOf / isMessageTypeName', () => {
  it('returns the frozen definition of a known type', () => {
    const def = definitionOf('sensor_msgs/msg/JointState');
    expect(def.name).toBe('sensor_msgs/msg/JointState');
    expect(def.fields.map((f) => f.name)).toEqual(['header', 'name', 'position', 'velocity', 'effort']);
    expect(def.text.startsWith('# This is a message that holds data')).toBe(true);
    expect(Object.isFrozen(def)).toBe(true);
    expect(Object.isFrozen(def.fields)).toBe(true);
    expect(Object.isFrozen(def.fields[0])).toBe(true);
    expect(Object.isFrozen(messageDefinitions)).toBe(true);
  });

  it.each<[unknown, boolean]>([
    ['sensor_msgs/msg/JointState', true],
    ['kindred_msgs/msg/SafetyState', true],
    ['builtin_interfaces/msg/Time', true],
    ['sensor_msgs/JointState', false],
    ['JointState', false],
    ['test_msgs/msg/Builtins', false],
    ['toString', false],
    ['__proto__', false],
    [42, false],
    [undefined, false],
  ])('isMessageTypeName(%s) is %s', (s, expected) => {
    expect(isMessageTypeName(s)).toBe(expected);
  });

  it.each<[string, RegExp]>([
    ['sensor_msgs/msg/JointStat', /no message type named "sensor_msgs\/msg\/JointStat"; expected a ROS 2 type name/],
    ['sensor_msgs/JointState', /did you mean sensor_msgs\/msg\/JointState\?/],
    ['constructor', /no message type named "constructor"/],
  ])('definitionOf(%s) throws MSG_UNKNOWN_TYPE', (name, message) => {
    let caught: unknown;
    try {
      definitionOf(name);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(KindredError);
    expect((caught as KindredError).code).toBe('MSG_UNKNOWN_TYPE');
    expect((caught as KindredError).message).toMatch(message);
    expect((caught as KindredError).context.value).toBe(name);
  });
});
