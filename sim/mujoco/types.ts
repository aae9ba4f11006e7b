import type { MainModule } from 'mujoco-js';

/** The loaded MuJoCo WebAssembly module (mujoco-js, pinned in package.json). */
export type MujocoModule = MainModule;
