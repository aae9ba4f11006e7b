import { compileLimits, resolveLimits, type ComposedLimits } from '../../safety/index.js';
import { ControllerManager, createController, MockSystem, type HardwareComponent, type HardwarePluginModule } from '../control/index.js';
import { KindredError, show } from '../errors/index.js';
import { LOOP_RATE_MAX_HZ, LOOP_RATE_MIN_HZ, type HardwareSpec, type LoopConfig } from './LoopConfig.js';

async function loadPlugin(spec: Extract<HardwareSpec, { type: 'plugin' }>): Promise<HardwarePluginModule> {
  let mod: Partial<HardwarePluginModule>;
  try {
    mod = (await import(spec.module)) as Partial<HardwarePluginModule>;
  } catch (e) {
    throw new KindredError('HW_PLUGIN_LOAD', `hardware ${spec.name}: cannot load plugin module ${spec.module}: ${String(e)}`, {
      field: 'hardware.module',
      value: spec.module,
    }, { cause: e });
  }
  if (typeof mod.createHardware !== 'function') {
    throw new KindredError('HW_PLUGIN_LOAD', `hardware ${spec.name}: plugin module ${spec.module} does not export createHardware(name, config)`, {
      field: 'hardware.module',
      value: spec.module,
      expected: 'a module exporting createHardware',
    });
  }
  return mod as HardwarePluginModule;
}

async function buildHardware(spec: HardwareSpec): Promise<HardwareComponent> {
  switch (spec.type) {
    case 'mock':
      return new MockSystem(spec.name, spec.joints);
    case 'plugin':
      return (await loadPlugin(spec)).createHardware(spec.name, spec.config);
    default:
      throw new KindredError('HW_UNKNOWN_TYPE', `hardware type ${show((spec as { type: unknown }).type)} is not available; expected mock or plugin`, {
        field: 'hardware.type',
        value: (spec as { type: unknown }).type,
        expected: 'mock | plugin',
      });
  }
}

/** What `buildManager` takes besides the loop configuration. */
export interface BuildManagerOptions {
  /** Externally owned set-point slots, one per command interface. */
  readonly setpoints?: Float64Array;
  /**
   * The limits already composed from `config.safety` (`resolveLoopLimits`), so the worker enforces
   * exactly what the main thread's dry run checked; composed here when absent.
   */
  readonly limits?: ComposedLimits;
  /** Run the SafetyGate's every path (stops included) on scratch data before the first cycle (the worker). */
  readonly warmUp?: boolean;
}

/**
 * Compose the limit layers a loop configuration names (robot description, then robot, site and
 * prescription layers), or undefined when it has no `safety` block. Reads files; a layer that loosens
 * an earlier one is LIMITS_LOOSENED with both values.
 */
export function resolveLoopLimits(config: LoopConfig): ComposedLimits | undefined {
  return config.safety === undefined ? undefined : resolveLimits(config.safety);
}

/**
 * Build the hardware and controller manager a loop config describes, with the SafetyGate enforcing the
 * composed limits at the loop's nominal period, loading every controller and activating the autostart
 * ones. Runs in the worker, and on the main thread as a dry run before the worker starts (so
 * configuration errors surface as KindredErrors there, with nothing started). The limits are composed
 * first, before any hardware is built.
 */
export async function buildManager(config: LoopConfig, options: BuildManagerOptions = {}): Promise<ControllerManager> {
  if (!(config.rateHz >= LOOP_RATE_MIN_HZ && config.rateHz <= LOOP_RATE_MAX_HZ)) {
    throw new KindredError('LOOP_BAD_RATE', `loop rate ${show(config.rateHz)} Hz; expected a number between ${LOOP_RATE_MIN_HZ} and ${LOOP_RATE_MAX_HZ}`, {
      field: 'loop.rateHz',
      value: config.rateHz,
      expected: `${LOOP_RATE_MIN_HZ}..${LOOP_RATE_MAX_HZ}`,
    });
  }
  const composed = options.limits ?? resolveLoopLimits(config);
  const hardware: HardwareComponent[] = [];
  try {
    for (const spec of config.hardware) hardware.push(await buildHardware(spec));
    const manager = new ControllerManager(hardware, {
      periodS: 1 / config.rateHz,
      ...(options.setpoints === undefined ? {} : { setpoints: options.setpoints }),
      ...(composed === undefined ? {} : { limits: compileLimits(composed) }),
    });
    if (options.warmUp === true) manager.gate.warmUp();
    for (const spec of config.controllers) manager.load(createController(spec));
    manager.activateHardware();
    for (const spec of config.controllers) if (spec.autostart) manager.activate(spec.name);
    return manager;
  } catch (e) {
    for (const hw of hardware) hw.dispose?.();
    throw e;
  }
}
