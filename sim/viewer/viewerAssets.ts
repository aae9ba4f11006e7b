import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KindredError } from '../../runtime/errors/index.js';

/** The URL prefix the viewer is served under. */
export const VIEWER_PREFIX = '/sim';
/** socket.io's path: the server answers there and serves its own browser client (`socket.io.esm.min.js`). */
export const VIEWER_SOCKET_PATH = `${VIEWER_PREFIX}/socket.io`;

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json; charset=utf-8',
};

/** One file the viewer serves: where it is on disk, its content type, and whether it may be cached. */
export interface ViewerAsset {
  readonly file: string;
  readonly contentType: string;
  /** Vendored library files never change while the process runs; the page's own files may in development. */
  readonly immutable: boolean;
}

/**
 * The fixed table of URL paths the viewer serves: the page (`/sim`), every file in `public/`, and
 * three's ES module build and OrbitControls from node_modules (offline: no CDN). Lookups are exact,
 * so no request path can reach any other file. Throws SIM_VIEWER_ASSET_MISSING if one is absent.
 */
export function viewerAssets(publicDir = fileURLToPath(new URL('./public/', import.meta.url))): ReadonlyMap<string, ViewerAsset> {
  const table = new Map<string, ViewerAsset>();
  const add = (urlPath: string, file: string, immutable: boolean): void => {
    if (!existsSync(file) || !statSync(file).isFile()) {
      throw new KindredError('SIM_VIEWER_ASSET_MISSING', `the viewer cannot serve ${urlPath}: ${file} does not exist`, { file });
    }
    table.set(urlPath, { file, contentType: CONTENT_TYPES[extname(file)] ?? 'application/octet-stream', immutable });
  };
  if (!existsSync(publicDir)) {
    throw new KindredError('SIM_VIEWER_ASSET_MISSING', `the viewer's page folder ${publicDir} does not exist`, { file: publicDir });
  }
  for (const name of readdirSync(publicDir)) {
    if (CONTENT_TYPES[extname(name)] !== undefined) add(`${VIEWER_PREFIX}/${name}`, join(publicDir, name), false);
  }
  add(VIEWER_PREFIX, join(publicDir, 'index.html'), false);
  add(`${VIEWER_PREFIX}/`, join(publicDir, 'index.html'), false);

  const threeBuild = dirname(createRequire(import.meta.url).resolve('three')); // node_modules/three/build
  add(`${VIEWER_PREFIX}/vendor/three/three.module.js`, join(threeBuild, 'three.module.js'), true);
  add(`${VIEWER_PREFIX}/vendor/three/three.core.js`, join(threeBuild, 'three.core.js'), true);
  add(`${VIEWER_PREFIX}/vendor/three/addons/controls/OrbitControls.js`, join(threeBuild, '..', 'examples', 'jsm', 'controls', 'OrbitControls.js'), true);
  return table;
}

/** Read an asset's bytes once and keep them (the whole set is about 2.5 MB, mostly three). */
export function assetReader(): (asset: ViewerAsset) => Buffer {
  const cache = new Map<string, Buffer>();
  return (asset) => {
    let body = asset.immutable ? cache.get(asset.file) : undefined;
    if (body === undefined) {
      body = readFileSync(asset.file);
      if (asset.immutable) cache.set(asset.file, body);
    }
    return body;
  };
}
