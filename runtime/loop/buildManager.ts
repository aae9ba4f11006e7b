import { compileLimits, resolveLimits, type ComposedLimits } from '../../safety/index.js';
import { buildSupervisorParts, SafetySupervisor, validateSupervisorConfig } from '../../safety/supervisor/index.js';
import { INPUT } from '../../safety/monitors/index.js';
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
  /** Run the SafetyGate's and the supervisor's every path (stops included) on scratch data before the first cycle (the worker). */
  readonly warmUp?: boolean;
  /** [0] drive-watchdog heartbeat counter, [1] enabled: the worker's shared-memory view (`CTRL.DRIVE_HEARTBEAT`). */
  readonly heartbeat?: Int32Array;
  /** [0] the highest safety event sequence number the main thread has durably logged (`CTRL.SAFETY_LOGGED_SEQ`). */
  readonly loggedSeq?: Int32Array;
}

/** A built control loop: the manager (hardware, controllers, SafetyGate) and the safety supervisor hooked into its cycle. */
export interface BuiltLoop {
  readonly manager: ControllerManager;
  readonly supervisor: SafetySupervisor;
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
 * ones, and the safety supervisor (`config.supervisor`, generic defaults when absent) running in every
 * cycle between the read and the controllers' update. Runs in the worker, and on the main thread as a
 * dry run before the worker starts (so configuration errors surface as KindredErrors there, with
 * nothing started). The limits are composed and the supervisor's configuration validated first, before
 * any hardware is built; its monitors are resolved against the hardware's interfaces after.
 */
export async function buildLoop(config: LoopConfig, options: BuildManagerOptions = {}): Promise<BuiltLoop> {
  if (!(config.rateHz >= LOOP_RATE_MIN_HZ && config.rateHz <= LOOP_RATE_MAX_HZ)) {
    throw new KindredError('LOOP_BAD_RATE', `loop rate ${show(config.rateHz)} Hz; expected a number between ${LOOP_RATE_MIN_HZ} and ${LOOP_RATE_MAX_HZ}`, {
      field: 'loop.rateHz',
      value: config.rateHz,
      expected: `${LOOP_RATE_MIN_HZ}..${LOOP_RATE_MAX_HZ}`,
    });
  }
  const composed = options.limits ?? resolveLoopLimits(config);
  const supervisorConfig = validateSupervisorConfig(config.supervisor);
  const hardware: HardwareComponent[] = [];
  try {
    for (const spec of config.hardware) hardware.push(await buildHardware(spec));
    const periodS = 1 / config.rateHz;
    const manager = new ControllerManager(hardware, {
      periodS,
      ...(options.setpoints === undefined ? {} : { setpoints: options.setpoints }),
      ...(composed === undefined ? {} : { limits: compileLimits(composed) }),
    });
    if (options.warmUp === true) manager.gate.warmUp();
    for (const spec of config.controllers) manager.load(createController(spec));
    const parts = buildSupervisorParts(supervisorConfig, {
      stateNames: manager.stateNames,
      commandNames: manager.commandNames,
      periodS,
      stallTimeoutS: config.stallTimeoutMs / 1000,
      claimed: manager.claimed,
      ...(composed === undefined ? {} : { limits: composed }),
    });
    const supervisor = new SafetySupervisor(parts, manager.state, manager.gate.enforcedValues as Float64Array, manager, options.heartbeat, options.loggedSeq);
    // After the gate's: run the supervisor's every path on scratch data, so a first fault runs optimised code.
    if (options.warmUp === true) supervisor.warmUp();
    manager.setCycleHook(supervisor);
    manager.reportHardwareFaults(supervisor.inputs, INPUT.HARDWARE_FAULTS);
    manager.activateHardware();
    for (const spec of config.controllers) if (spec.autostart) manager.activate(spec.name);
    return { manager, supervisor };
  } catch (e) {
    for (const hw of hardware) hw.dispose?.();
    throw e;
  }
}

/** `buildLoop` without the supervisor handle (the manager runs it in its cycle all the same). */
export async function buildManager(config: LoopConfig, options: BuildManagerOptions = {}): Promise<ControllerManager> {
  return (await buildLoop(config, options)).manager;
}
