import { loadUrdfFile } from '../../urdf/index.js';
import { composeLimits } from './composeLimits.js';
import type { BaseLimits, ComposedLimits, JointLimitValues, LimitLayer } from './JointLimits.js';
import { limitLayerFromData, loadLimitLayer } from './limitLayerFile.js';
import { limitsFromUrdf } from './limitsFromUrdf.js';

/**
 * Where the first (base) layer comes from: the robot description (URDF or xacro, whose `<limit>` and
 * `<safety_controller>` elements give it), or limits computed beforehand (tests, tools, a robot
 * without a description file).
 */
export type LimitBaseSpec =
  | {
      readonly type: 'description';
      /** URDF or xacro file; absolute, or relative to the working directory. */
      readonly file: string;
      /** xacro arguments (`<xacro:arg>` overrides), e.g. `{ stature_m: '1.55' }`. */
      readonly args?: Readonly<Record<string, string>>;
      /** ROS package name → directory, for `$(find pkg)` and `package://` includes. */
      readonly packages?: Readonly<Record<string, string>>;
    }
  | { readonly type: 'limits'; readonly limits: BaseLimits };

/**
 * A later layer, earliest first after the base: conventionally `robot` (the robot's safety
 * configuration), `site` (the deployment) and `prescription` (a patient's, set by the therapist).
 * Either a limits file (YAML, `limitLayerFileSchema`) or the same content inline.
 */
export type LimitLayerSpec =
  | { readonly type: 'file'; readonly name: string; readonly file: string }
  | { readonly type: 'inline'; readonly name: string; readonly joints: Readonly<Record<string, JointLimitValues>>; readonly source?: string };

/**
 * Everything needed to build the limits a robot runs under, as plain structured-cloneable data (it
 * travels to the real-time worker inside the loop configuration).
 */
export interface LimitsSpec {
  readonly base: LimitBaseSpec;
  readonly layers?: readonly LimitLayerSpec[];
}

function baseOf(spec: LimitBaseSpec): BaseLimits {
  if (spec.type === 'limits') return spec.limits;
  const model = loadUrdfFile(spec.file, { ...(spec.args === undefined ? {} : { args: spec.args }), ...(spec.packages === undefined ? {} : { packages: spec.packages }) });
  return limitsFromUrdf(model);
}

function layerOf(spec: LimitLayerSpec): LimitLayer {
  return spec.type === 'file' ? loadLimitLayer(spec.file, spec.name) : limitLayerFromData({ joints: spec.joints }, spec.name, spec.source);
}

/**
 * Read every layer a `LimitsSpec` names (the robot description, limits files) and compose them with
 * `composeLimits`: a later layer that loosens an earlier one is LIMITS_LOOSENED, naming the layer, the
 * joint, the field and both values. Configuration time only (reads files).
 */
export function resolveLimits(spec: LimitsSpec): ComposedLimits {
  return composeLimits([baseOf(spec.base), ...(spec.layers ?? []).map(layerOf)]);
}

/**
 * Limits for hardware that comes without a robot description (the mock hardware of tests and the
 * embedded default before the simulator): one joint per `joint/position|velocity|effort` command
 * interface, with no limit of its own, so the enforcer applies only each interface's own min/max and
 * replaces non-finite requests. The same enforcer runs with or without a description: one code path.
 */
export function limitsFromInterfaces(commandNames: readonly string[]): ComposedLimits {
  const joints = new Set<string>();
  for (const name of commandNames) {
    const slash = name.lastIndexOf('/');
    const kind = name.slice(slash + 1);
    if (slash > 0 && (kind === 'position' || kind === 'velocity' || kind === 'effort')) joints.add(name.slice(0, slash));
  }
  // `revolute` only fixes the units named in messages; no limit is set, so nothing is checked in them.
  return composeLimits([{ name: 'interfaces', joints: [...joints].map((joint) => ({ joint, kind: 'revolute' as const })) }]);
}
