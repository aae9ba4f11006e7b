/**
 * The ROS 2 robot hardware link as a hardware plugin (runtime/control/HardwarePlugin.ts): the
 * real-time worker does `(await import(spec.module)).createHardware(spec.name, spec.config)` and gets
 * a `RosHardwareSystem` on the SharedArrayBuffer `prepareRosHardware` allocated on the main thread.
 * Also run on the main thread for the loop's dry run. Imports nothing that does I/O.
 */
import type { HardwareComponent } from '../../control/index.js';
import { KindredError, show } from '../../errors/index.js';
import { validateRosHardwareOptions, type RosHardwareOptions, type RosHardwareSettings } from './rosHardwareConfig.js';
import { bufferMatches } from './rosHardwareLayout.js';
import { RosHardwareSystem } from './RosHardwareSystem.js';

/** The plugin's configuration: the link's options (without `name`, which the spec carries) plus the shared buffer. */
export type RosHardwarePluginConfig = Omit<RosHardwareOptions, 'name'> & { readonly buffer: SharedArrayBuffer };

/**
 * Validate a plugin configuration as `createHardware` receives it (name from the spec). Throws
 * ROS_HW_CONFIG_INVALID naming the field; a buffer sized for other joints is refused too.
 */
export function validateRosHardwarePluginConfig(name: string, config: unknown): { settings: RosHardwareSettings; buffer: SharedArrayBuffer } {
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new KindredError('ROS_HW_CONFIG_INVALID', `ROS 2 hardware ${name}: config is ${show(config)}; expected an object from prepareRosHardware`, {
      field: 'config',
      value: config,
      expected: 'an object',
    });
  }
  const { buffer, ...options } = config as Record<string, unknown>;
  if (!(buffer instanceof SharedArrayBuffer)) {
    throw new KindredError('ROS_HW_CONFIG_INVALID', `ROS 2 hardware ${name}: config.buffer is ${show(buffer)}; expected the SharedArrayBuffer prepareRosHardware allocated`, {
      field: 'buffer',
      value: show(buffer),
      expected: 'a SharedArrayBuffer',
    });
  }
  const settings = validateRosHardwareOptions({ ...options, name });
  const commands = settings.joints.length * settings.commandInterfaces.length;
  if (!bufferMatches(buffer, settings.joints.length, commands)) {
    throw new KindredError(
      'ROS_HW_CONFIG_INVALID',
      `ROS 2 hardware ${name}: the shared buffer (${buffer.byteLength} bytes) was not allocated for ${settings.joints.length} joints with ${commands} command interfaces; use the spec prepareRosHardware returned`,
      { field: 'buffer', value: buffer.byteLength, expected: `a buffer for ${settings.joints.length} joints and ${commands} command interfaces` },
    );
  }
  return { settings, buffer };
}

/** The plugin entry point: validate and build the component on the shared buffer. */
export async function createHardware(name: string, config: unknown): Promise<HardwareComponent> {
  const { settings, buffer } = validateRosHardwarePluginConfig(name, config);
  return new RosHardwareSystem(name, settings, buffer);
}
