// Copies the non-TypeScript files the compiled runtime reads (robot descriptions, launch files,
// message definitions, UI files) from the source module folders into dist/, keeping their paths.
import { cpSync, existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const MODULES = ['runtime', 'launch', 'urdf', 'motion', 'safety', 'sim', 'perception', 'speech', 'behaviors', 'scenarios', 'ui'];
const ASSET = /\.(xacro|urdf|ya?ml|msg|html|css|svg|png|json|xml|py)$/;

function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'fixtures') continue;
    if (statSync(path).isDirectory()) walk(path);
    else if (ASSET.test(name)) cpSync(path, join('dist', path));
  }
}
for (const m of MODULES) if (existsSync(m)) walk(m);
