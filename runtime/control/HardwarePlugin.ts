import type { HardwareComponent } from './HardwareComponent.js';

/**
 * Hardware that lives in a module of an upper layer (the simulator, a vendor's drive), loaded by URL
 * inside the real-time worker, as ros2_control loads hardware through pluginlib. The runtime core
 * never imports the module statically, so the layering holds.
 *
 * `config` must be structured-cloneable; SharedArrayBuffers in it are shared with the main thread,
 * not copied (the simulator uses that for the viewer's frame buffer).
 */
export interface PluginHardwareSpec {
  readonly type: 'plugin';
  readonly name: string;
  /** `file:` URL of a module exporting `createHardware` (a .js file, or .ts under tsx in development). */
  readonly module: string;
  readonly config: unknown;
}

/** What a hardware plugin module exports. */
export interface HardwarePluginModule {
  /**
   * Build the component (may load WebAssembly, compile models, …). Throws a KindredError for bad
   * configuration. Called in the worker before the loop starts, and on the main thread for the dry run.
   */
  createHardware(name: string, config: unknown): Promise<HardwareComponent>;
}
