import type { Logger } from '../../logging/index.js';
import { describeJsonSchema, type ParameterStore } from '../../params/index.js';
import type { RclApi, RclNode, RclParameter, RclSetParametersResult } from './RclApi.js';
import {
  applyRosParameters,
  ROS_PARAMETER_TYPE,
  rosParameterKind,
  rosParameterType,
  toRosParameterValue,
  type RosParameterKind,
} from './rclParameters.js';

/** Two ROS parameter values are the same (scalars by `===`, arrays element by element). */
export function sameRosValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => v === b[i]);
  return a === b;
}

/**
 * Offers Kindred's live parameters as the node's ROS 2 parameters, both ways:
 * - each `ParameterStore` entry is declared with its description, read-only flag and (in
 *   `additional_constraints`) what it accepts; Kindred's value wins over `--ros-args -p` overrides;
 * - a ROS-side set (ros2 param set, rqt, a parameter client) is validated by the store, all or
 *   nothing; a refusal answers `successful: false` with the code and the store's reason;
 * - a change made inside Kindred (HTTP API, rosbridge, a behaviour) is mirrored to ROS 2, which
 *   publishes it on `/parameter_events`.
 * Returns the function that stops the mirroring (the node's parameters go with the node).
 */
export function offerParameters(rcl: RclApi, node: RclNode, store: ParameterStore, logger: Logger): { readonly declared: readonly string[]; readonly dispose: () => void } {
  const kinds = new Map<string, RosParameterKind>();
  for (const description of store.list()) {
    const kind = rosParameterKind(description);
    const type = rosParameterType(kind);
    try {
      const descriptor = new rcl.ParameterDescriptor(description.name, type, description.description, description.readOnly);
      const accepts = describeJsonSchema(description.type);
      const constraint = kind === 'json' ? `JSON text${accepts === undefined ? '' : ` of ${accepts}`}` : accepts;
      if (constraint !== undefined) descriptor.additionalConstraints = constraint;
      node.declareParameter(new rcl.Parameter(description.name, type, toRosParameterValue(kind, description.value)), descriptor, true);
      kinds.set(description.name, kind);
    } catch (error) {
      logger.warn({ err: error, parameter: description.name }, 'parameter not offered to ROS 2 (rclnodejs refused its declaration)');
    }
  }

  // True while Kindred itself writes a value into the node: that set was validated already.
  let mirroring = false;

  // ROS 2 tools type `50` as an INTEGER; for a DOUBLE parameter (a rate in Hz) take it as 50.0
  // before rclnodejs checks the declared type, as a user would expect.
  const preSet = (parameters: RclParameter[]): RclParameter[] =>
    parameters.map((p) => {
      const kind = kinds.get(p.name);
      if (kind === 'double' && p.type === ROS_PARAMETER_TYPE.INTEGER && typeof p.value === 'bigint') return new rcl.Parameter(p.name, ROS_PARAMETER_TYPE.DOUBLE, Number(p.value));
      if (kind === 'double_array' && p.type === ROS_PARAMETER_TYPE.INTEGER_ARRAY && Array.isArray(p.value)) {
        return new rcl.Parameter(p.name, ROS_PARAMETER_TYPE.DOUBLE_ARRAY, p.value.map((v: unknown) => Number(v)));
      }
      return p;
    });

  const onSet = (parameters: RclParameter[]): RclSetParametersResult => {
    if (mirroring) return { successful: true, reason: '' };
    const result = applyRosParameters(store, kinds, parameters);
    if (!result.successful) logger.info({ parameters: parameters.map((p) => p.name), reason: result.reason }, 'ROS 2 parameter change refused');
    return result;
  };

  /** Write Kindred's value into the node when it differs from what ROS 2 holds. */
  const mirror = (name: string): void => {
    const kind = kinds.get(name);
    if (kind === undefined || !node.hasParameter(name)) return;
    const value = toRosParameterValue(kind, store.get(name));
    if (sameRosValue(node.getParameter(name).value, value)) return;
    mirroring = true;
    try {
      const [result] = node.setParameters([new rcl.Parameter(name, rosParameterType(kind), value)]);
      if (result !== undefined && !result.successful) logger.warn({ parameter: name, reason: result.reason }, 'Kindred parameter change not mirrored to ROS 2');
    } catch (error) {
      logger.warn({ err: error, parameter: name }, 'Kindred parameter change not mirrored to ROS 2');
    } finally {
      mirroring = false;
    }
  };

  node.addPreSetParametersCallback(preSet);
  node.addOnSetParametersCallback(onSet);
  // Deferred: a change that came from ROS 2 is still being applied by rclnodejs when the store
  // notifies; afterwards the store's (possibly normalised) value is written back only if it differs.
  const stopListening = store.onChange('*', (name) => queueMicrotask(() => mirror(name)));

  return {
    declared: [...kinds.keys()],
    dispose: () => {
      stopListening();
      try {
        node.removeOnSetParametersCallback(onSet);
        node.removePreSetParametersCallback(preSet);
      } catch {
        // The node may already be destroyed (rclnodejs's own SIGINT shutdown); nothing is left to undo.
      }
    },
  };
}
