import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KindredError } from '../../runtime/errors/index.js';
import type { Logger } from '../../runtime/logging/index.js';
import { attachViewer } from './attachViewer.js';
import { DirectSimView } from './DirectSimView.js';
import { VIEWER_PREFIX } from './viewerAssets.js';

/** A running stand-alone viewer of one MJCF file. */
export interface MjcfViewerHandle {
  /** The page's address, e.g. `http://127.0.0.1:8765/sim`. */
  readonly url: string;
  readonly sim: DirectSimView;
  close(): Promise<void>;
}

/**
 * Serve the viewer for a bare MJCF file on its own HTTP server, physics stepped on this thread: for
 * developers checking a model (a CLI command can wrap this). The file must be self-contained (meshes
 * inline): MuJoCo compiles it from memory, where files it references by path do not exist.
 */
export async function viewMjcfFile(file: string, options: { readonly port: number; readonly host: string; readonly logger: Logger }): Promise<MjcfViewerHandle> {
  let xml: string;
  try {
    xml = readFileSync(file, 'utf8');
  } catch (e) {
    throw new KindredError('SIM_VIEWER_ASSET_MISSING', `cannot read the MJCF file ${file}`, { file }, { cause: e });
  }
  const sim = await DirectSimView.fromMjcf(xml, file, { name: file });
  const server = createServer((req, res) => {
    if (viewer.handleViewerRequest(req, res)) return;
    res.writeHead(302, { location: VIEWER_PREFIX });
    res.end();
  });
  const viewer = attachViewer(server, sim, { logger: options.logger });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, resolve);
  });
  sim.start();
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}${VIEWER_PREFIX}`,
    sim,
    async close() {
      await viewer.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      sim.close();
    },
  };
}
