import loadMujocoModule, { type MjModel } from 'mujoco-js';
import { KindredError } from '../../runtime/errors/index.js';
import type { MujocoModule } from './types.js';

let loading: Promise<MujocoModule> | undefined;
let fileCounter = 0;
const WORKDIR = '/kindred';

/**
 * The MuJoCo WebAssembly module, loaded once per thread (each worker has its own instance and its own
 * WebAssembly memory). About 250 ms the first time.
 */
export function loadMujoco(): Promise<MujocoModule> {
  loading ??= loadMujocoModule().then((mujoco) => {
    mujoco.FS.mkdir(WORKDIR);
    return mujoco;
  });
  return loading;
}

/**
 * Compile an MJCF document (from a string, written to MuJoCo's in-memory file system) into a model.
 *
 * mujoco-js loses the compiler's message (it throws a bare C++ exception) and returns null for a
 * missing file, so callers validate their side first; here both become a coded error naming `source`.
 */
export function compileMjcf(mujoco: MujocoModule, xml: string, source: string): MjModel {
  const path = `${WORKDIR}/model_${++fileCounter}.xml`;
  mujoco.FS.writeFile(path, xml);
  let model: MjModel | null;
  try {
    model = mujoco.MjModel.loadFromXML(path);
  } catch (e) {
    throw new KindredError(
      'SIM_MODEL_COMPILE',
      `MuJoCo could not compile the scene built from ${source} (mujoco-js does not say why; the MJCF Kindred generated is invalid)`,
      { file: source },
      { cause: e },
    );
  } finally {
    mujoco.FS.unlink(path);
  }
  if (model === null) {
    throw new KindredError('SIM_MODEL_COMPILE', `MuJoCo returned no model for ${source}`, { file: source });
  }
  return model;
}
