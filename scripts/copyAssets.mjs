// Copies the non-TypeScript files the compiled runtime reads (robot descriptions, launch files,
// message definitions, browser files under public/) from the source module folders into dist/, keeping their paths.
import { cpSync, existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const MODULES = ['runtime', 'launch', 'urdf', 'motion', 'safety', 'sim', 'perception', 'speech', 'behaviors', 'scenarios', 'ui'];
const ASSET = /\.(xacro|urdf|ya?ml|msg|html|css|svg|png|json|xml|py)$/;

/** Everything under a `public/` folder (browser code served as is) is copied too. */
function walk(dir, inPublic = false) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'fixtures') continue;
    if (statSync(path).isDirectory()) walk(path, inPublic || name === 'public');
    else if (inPublic || ASSET.test(name)) cpSync(path, join('dist', path));
  }
}
for (const m of MODULES) if (existsSync(m)) walk(m);
