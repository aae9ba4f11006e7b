import { ControllerManager, createController, MockSystem, type HardwareComponent } from '../control/index.js';
import { KindredError, show } from '../errors/index.js';
import { LOOP_RATE_MAX_HZ, LOOP_RATE_MIN_HZ, type HardwareSpec, type LoopConfig } from './LoopConfig.js';

function buildHardware(spec: HardwareSpec): HardwareComponent {
  switch (spec.type) {
    case 'mock':
      return new MockSystem(spec.name, spec.joints);
    default:
      throw new KindredError('HW_UNKNOWN_TYPE', `hardware type ${show((spec as { type: unknown }).type)} is not available; expected mock`, {
        field: 'hardware.type',
        value: (spec as { type: unknown }).type,
        expected: 'mock',
      });
  }
}

/**
 * Build the hardware and controller manager a loop config describes, loading every controller and
 * activating the autostart ones. Runs in the worker, and on the main thread as a dry run before the
 * worker starts (so configuration errors surface as KindredErrors there, with nothing started).
 */
export function buildManager(config: LoopConfig, setpoints?: Float64Array): ControllerManager {
  if (!(config.rateHz >= LOOP_RATE_MIN_HZ && config.rateHz <= LOOP_RATE_MAX_HZ)) {
    throw new KindredError('LOOP_BAD_RATE', `loop rate ${show(config.rateHz)} Hz; expected a number between ${LOOP_RATE_MIN_HZ} and ${LOOP_RATE_MAX_HZ}`, {
      field: 'loop.rateHz',
      value: config.rateHz,
      expected: `${LOOP_RATE_MIN_HZ}..${LOOP_RATE_MAX_HZ}`,
    });
  }
  const manager = new ControllerManager(config.hardware.map(buildHardware), setpoints === undefined ? {} : { setpoints });
  for (const spec of config.controllers) manager.load(createController(spec));
  manager.activateHardware();
  for (const spec of config.controllers) if (spec.autostart) manager.activate(spec.name);
  return manager;
}
