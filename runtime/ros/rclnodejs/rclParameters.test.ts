import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ParameterStore } from '../../params/index.js';
import { sameRosValue } from './nativeParameters.js';
import {
  applyRosParameters,
  fromRosParameterValue,
  ROS_PARAMETER_TYPE as T,
  rosParameterKind,
  rosParameterType,
  toRosParameterValue,
  type RosParameterKind,
} from './rclParameters.js';

/** Kindred's store as it runs: a rate, a level, a list of joints, a mapping, a fixed setting. */
function kindredStore(): ParameterStore {
  const store = new ParameterStore();
  store.declare('state_publisher.joint_states_hz', { schema: z.number().positive().max(1000), default: 100, description: 'JointState rate, Hz' });
  store.declare('logging.level', { schema: z.enum(['debug', 'info', 'warn']), default: 'info', description: 'log level' });
  store.declare('recorder.max_files', { schema: z.number().int().min(1).max(100), default: 10, description: 'recordings kept' });
  store.declare('safety.monitored_joints', { schema: z.array(z.string()), default: ['knee_left', 'knee_right'], description: 'joints watched' });
  store.declare('rehab.rom_deg', {
    schema: z.strictObject({ lower: z.number(), upper: z.number() }),
    default: { lower: 0, upper: 60 },
    description: 'knee range of motion',
    validate: (v) => (v.lower < v.upper ? undefined : 'lower < upper'),
  });
  store.declare('robot.serial', { schema: z.string(), default: 'EXO-7', description: 'serial number', readOnly: true });
  return store;
}

function kindsOf(store: ParameterStore): Map<string, RosParameterKind> {
  return new Map(store.list().map((d) => [d.name, rosParameterKind(d)]));
}

describe('Kindred parameters as ROS 2 parameters', () => {
  it('each parameter gets the ROS type its schema implies; what ROS has no type for is JSON text', () => {
    const kinds = Object.fromEntries(kindsOf(kindredStore()));
    expect(kinds).toEqual({
      'state_publisher.joint_states_hz': 'double',
      'logging.level': 'string',
      'recorder.max_files': 'integer',
      'safety.monitored_joints': 'string_array',
      'rehab.rom_deg': 'json',
      'robot.serial': 'string',
    });
    expect(rosParameterType('json')).toBe(T.STRING);
    expect(rosParameterType('integer')).toBe(T.INTEGER);
    expect(rosParameterType('double_array')).toBe(T.DOUBLE_ARRAY);
  });

  it('a value that does not fit its schema’s ROS type (an optional left unset) falls back to JSON', () => {
    expect(rosParameterKind({ type: { type: 'number' }, value: undefined })).toBe('json');
    expect(rosParameterKind({ type: { type: 'array', items: { type: 'integer' } }, value: [1, 2] })).toBe('integer_array');
    expect(rosParameterKind({ type: { type: 'array', items: { type: 'integer' } }, value: [1.5] })).toBe('json');
  });

  it('values go over as rclnodejs wants them: INTEGER as bigint, arrays as arrays, JSON as text', () => {
    expect(toRosParameterValue('integer', 10)).toBe(10n);
    expect(toRosParameterValue('integer_array', [1, 2])).toEqual([1n, 2n]);
    expect(toRosParameterValue('double', 100)).toBe(100);
    expect(toRosParameterValue('json', { lower: 0, upper: 60 })).toBe('{"lower":0,"upper":60}');
    const frozen = Object.freeze(['a']);
    const copy = toRosParameterValue('string_array', frozen);
    expect(copy).toEqual(['a']);
    expect(Object.isFrozen(copy)).toBe(false);
  });

  it.each([
    ['a DOUBLE for a double', 'double', { type: T.DOUBLE, value: 50.5 }, 50.5],
    ['an INTEGER for a double (ros2 param set ... 50)', 'double', { type: T.INTEGER, value: 50n }, 50],
    ['an INTEGER for an integer', 'integer', { type: T.INTEGER, value: 7n }, 7],
    ['an INTEGER_ARRAY for a double array', 'double_array', { type: T.INTEGER_ARRAY, value: [1n, 2n] }, [1, 2]],
    ['a typed DOUBLE_ARRAY', 'double_array', { type: T.DOUBLE_ARRAY, value: Float64Array.of(0.5) }, [0.5]],
    ['JSON text', 'json', { type: T.STRING, value: '{"lower":5,"upper":50}' }, { lower: 5, upper: 50 }],
  ] as const)('accepts %s', (_label, kind, input, expected) => {
    expect(fromRosParameterValue(kind, { name: 'p', ...input })).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['a DOUBLE for an integer', 'integer', { type: T.DOUBLE, value: 3 }, 'parameter "p" is an integer parameter; got a double (3)'],
    ['a STRING for a bool', 'bool', { type: T.STRING, value: 'true' }, 'parameter "p" is a bool parameter; got a string ("true")'],
    ['an integer beyond 2^53', 'integer', { type: T.INTEGER, value: 2n ** 60n }, 'parameter "p": 1152921504606846976n does not fit a JavaScript number exactly'],
    ['text that is not JSON', 'json', { type: T.STRING, value: '{lower: 5' }, 'parameter "p" holds JSON text; "{lower: 5" is not JSON'],
  ] as const)('refuses %s, saying what was expected', (_label, kind, input, reason) => {
    const result = fromRosParameterValue(kind, { name: 'p', ...input });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(reason);
  });
});

describe('a ROS-side set goes through the ParameterStore', () => {
  it('an accepted change is applied to the store', () => {
    const store = kindredStore();
    const result = applyRosParameters(store, kindsOf(store), [{ name: 'state_publisher.joint_states_hz', type: T.DOUBLE, value: 250 }]);
    expect(result).toEqual({ successful: true, reason: '' });
    expect(store.get('state_publisher.joint_states_hz')).toBe(250);
  });

  it('a value the schema refuses is refused with the store’s code and reason, and nothing changes', () => {
    const store = kindredStore();
    const result = applyRosParameters(store, kindsOf(store), [{ name: 'state_publisher.joint_states_hz', type: T.DOUBLE, value: 5000 }]);
    expect(result.successful).toBe(false);
    expect(result.reason).toMatch(/^PARAM_INVALID: parameter "state_publisher.joint_states_hz": 5000 is not valid; expected/);
    expect(result.reason).toContain('(keeps 100)');
    expect(store.get('state_publisher.joint_states_hz')).toBe(100);
  });

  it('a cross-check refusal (lower must stay below upper) comes back as the reason', () => {
    const store = kindredStore();
    const result = applyRosParameters(store, kindsOf(store), [{ name: 'rehab.rom_deg', type: T.STRING, value: '{"lower":70,"upper":60}' }]);
    expect(result.successful).toBe(false);
    expect(result.reason).toContain('expected lower < upper');
    expect(store.get('rehab.rom_deg')).toEqual({ lower: 0, upper: 60 });
  });

  it('a read-only parameter is refused (PARAM_READ_ONLY)', () => {
    const store = kindredStore();
    const result = applyRosParameters(store, kindsOf(store), [{ name: 'robot.serial', type: T.STRING, value: 'EXO-8' }]);
    expect(result.successful).toBe(false);
    expect(result.reason).toMatch(/^PARAM_READ_ONLY: /);
  });

  it('the wrong ROS type is refused as RCLNODEJS_PARAMETER_REFUSED', () => {
    const store = kindredStore();
    const result = applyRosParameters(store, kindsOf(store), [{ name: 'recorder.max_files', type: T.DOUBLE, value: 3.5 }]);
    expect(result).toEqual({ successful: false, reason: 'RCLNODEJS_PARAMETER_REFUSED: parameter "recorder.max_files" is an integer parameter; got a double (3.5)' });
  });

  it('an atomic set of several is all or nothing', () => {
    const store = kindredStore();
    const result = applyRosParameters(store, kindsOf(store), [
      { name: 'logging.level', type: T.STRING, value: 'debug' },
      { name: 'recorder.max_files', type: T.INTEGER, value: 500n },
    ]);
    expect(result.successful).toBe(false);
    expect(store.get('logging.level')).toBe('info');
    expect(store.get('recorder.max_files')).toBe(10);
  });

  it('undeclaring a Kindred parameter is refused', () => {
    const store = kindredStore();
    const result = applyRosParameters(store, kindsOf(store), [{ name: 'logging.level', type: T.NOT_SET, value: undefined }]);
    expect(result.successful).toBe(false);
    expect(result.reason).toContain('cannot be undeclared');
  });

  it('parameters that are not Kindred’s (rclnodejs’s use_sim_time) are left to rclnodejs', () => {
    const store = kindredStore();
    expect(applyRosParameters(store, kindsOf(store), [{ name: 'use_sim_time', type: T.BOOL, value: true }])).toEqual({ successful: true, reason: '' });
  });

  it('Kindred’s own changes are mirrored only when the ROS value differs', () => {
    expect(sameRosValue(10n, 10n)).toBe(true);
    expect(sameRosValue([1n, 2n], [1n, 2n])).toBe(true);
    expect(sameRosValue(['a'], ['a', 'b'])).toBe(false);
    expect(sameRosValue(10n, 10)).toBe(false);
  });
});
