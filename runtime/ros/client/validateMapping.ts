import { show } from '../../errors/index.js';
import { compileAllowList, resolveName } from '../rosbridge/names.js';
import { checkSchema } from './checkSchema.js';
import { commandActionReason, commandTopicReason } from './commandGuard.js';
import { rosBridgeMappingSchema, type RosBridgeMappingConfig } from './mappingSchema.js';
import { rosClientError } from './rosClientErrors.js';

/** The rules a mapping is checked against besides its schema, supplied by whoever builds it. */
export interface MappingRules {
  /**
   * Bus topics that carry raw actuator commands, before the SafetyGate (names or globs, e.g.
   * `/*_controller/commands`). `topicsOut` may never read them, `gated` or not.
   */
  readonly commandTopics?: readonly string[];
  /** Accept entries marked `gated: true`. Only the hardware link that sends the SafetyGate's output may; default false. */
  readonly allowGated?: boolean;
  /** The handlers `servicesOut` entries name; when given, every named handler must be in it. */
  readonly serviceHandlers?: Readonly<Record<string, unknown>>;
}

function noDuplicates<T>(list: readonly T[], key: (item: T) => string | undefined, section: string, field: string, why: string): void {
  const seen = new Map<string, number>();
  list.forEach((item, i) => {
    const k = key(item);
    if (k === undefined) return;
    const first = seen.get(k);
    if (first !== undefined) {
      throw rosClientError('ROS_CLIENT_MAPPING_INVALID', `rosbridge mapping: ${section}[${i}].${field} is ${show(k)}, as ${section}[${first}].${field} already is; ${why}`, {
        field: `${section}[${i}].${field}`,
        value: k,
        expected: `a ${field} not used by another ${section} entry`,
      });
    }
    seen.set(k, i);
  });
}

function gatedCheck(gated: boolean, allowGated: boolean, field: string, reason: string | undefined, what: string): void {
  if (gated && !allowGated) {
    throw rosClientError(
      'ROS_CLIENT_GATED_NOT_ALLOWED',
      `rosbridge mapping: ${field.replace(/\.[a-z]+$/, '')} is marked gated: true, but this mapping was not built to carry the SafetyGate's output; only the hardware link may send gated commands (remove gated, or map a topic that is not a command)`,
      { field: field.replace(/\.[a-z]+$/, '.gated'), value: true, expected: 'gated: false' },
    );
  }
  if (reason !== undefined && !gated) {
    throw rosClientError(
      'ROS_CLIENT_UNGATED_COMMAND',
      `rosbridge mapping: ${field} ${what} looks like ${reason}; actuator commands reach the robot only through the SafetyGate, so the bridge will not send them (the hardware link sends the gate's output)`,
      { field, reason, expected: 'a topic or action that does not command actuators' },
    );
  }
}

/**
 * Check a mapping once, at configuration time: its schema (ROS_CLIENT_MAPPING_INVALID naming the
 * field, e.g. `topicsIn[0].type`), then its rules — no name used twice on one side, no topic both
 * received and sent (an echo loop), every `servicesOut` handler supplied (ROS_CLIENT_HANDLER_MISSING),
 * and the safety rule: `topicsOut` never reads a bus topic on the `commandTopics` deny list, and a
 * `topicsOut` entry or an action whose name or type looks like a ros2_control command input is
 * refused (ROS_CLIENT_UNGATED_COMMAND) unless marked `gated: true`, which only a builder passing
 * `allowGated` may accept (ROS_CLIENT_GATED_NOT_ALLOWED). Returns the mapping with defaults, frozen.
 */
export function validateRosBridgeMapping(data: unknown, rules: MappingRules = {}): RosBridgeMappingConfig {
  const config = checkSchema(rosBridgeMappingSchema, data, 'ROS_CLIENT_MAPPING_INVALID', 'rosbridge mapping');
  const abs = (name: string): string => resolveName(name) ?? name;
  noDuplicates(config.topicsIn, (t) => abs(t.bus), 'topicsIn', 'bus', 'two ROS topics would publish into one bus topic');
  noDuplicates(config.topicsIn, (t) => abs(t.ros), 'topicsIn', 'ros', 'subscribe to a ROS topic once and fan out on the bus');
  noDuplicates(config.topicsOut, (t) => abs(t.ros), 'topicsOut', 'ros', 'two bus topics would publish into one ROS topic');
  noDuplicates(config.servicesIn, (s) => s.name, 'servicesIn', 'name', 'callers could not tell them apart');
  noDuplicates(config.servicesOut, (s) => abs(s.ros), 'servicesOut', 'ros', 'a ROS service has one server');
  noDuplicates(config.actions, (a) => a.name, 'actions', 'name', 'callers could not tell them apart');

  const inBus = new Set(config.topicsIn.map((t) => abs(t.bus)));
  const inRos = new Set(config.topicsIn.map((t) => abs(t.ros)));
  const denied = compileAllowList(rules.commandTopics ?? []);
  const allowGated = rules.allowGated === true;
  config.topicsOut.forEach((t, i) => {
    const at = `topicsOut[${i}]`;
    const bus = abs(t.bus);
    if (inBus.has(bus) || inRos.has(abs(t.ros))) {
      const which = inBus.has(bus) ? `bus topic ${bus}` : `ROS topic ${abs(t.ros)}`;
      throw rosClientError('ROS_CLIENT_MAPPING_INVALID', `rosbridge mapping: ${at} sends the ${which}, which topicsIn also receives; every message would echo back and forth`, {
        field: inBus.has(bus) ? `${at}.bus` : `${at}.ros`,
        value: inBus.has(bus) ? t.bus : t.ros,
        expected: 'a topic only one direction uses',
      });
    }
    if (denied(bus)) {
      throw rosClientError(
        'ROS_CLIENT_UNGATED_COMMAND',
        `rosbridge mapping: ${at}.bus is ${bus}, a raw command topic that has not passed the SafetyGate (listed in commandTopics); the bridge will not send it to the robot`,
        { field: `${at}.bus`, value: t.bus, expected: `a bus topic not in ${(rules.commandTopics ?? []).join(', ')}` },
      );
    }
    gatedCheck(t.gated, allowGated, `${at}.ros`, commandTopicReason(abs(t.ros), t.type), `(${t.ros}, ${t.type})`);
    gatedCheck(t.gated, allowGated, `${at}.bus`, commandTopicReason(bus, t.type), `(${t.bus})`);
  });
  config.actions.forEach((a, i) => {
    gatedCheck(a.gated, allowGated, `actions[${i}].ros`, commandActionReason(abs(a.ros), a.type), `(${a.ros}, ${a.type})`);
  });
  if (rules.serviceHandlers !== undefined) {
    const handlers = rules.serviceHandlers;
    config.servicesOut.forEach((s, i) => {
      if (!Object.hasOwn(handlers, s.handler)) {
        const known = Object.keys(handlers);
        throw rosClientError('ROS_CLIENT_HANDLER_MISSING', `rosbridge mapping: servicesOut[${i}].handler is ${show(s.handler)}, but no such handler was supplied; supplied: ${known.length === 0 ? 'none' : known.join(', ')}`, {
          field: `servicesOut[${i}].handler`,
          value: s.handler,
          expected: known.length === 0 ? 'a supplied handler' : `one of ${known.join(', ')}`,
        });
      }
    });
  }
  return config;
}
