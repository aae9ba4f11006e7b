#!/usr/bin/env node
// Production entry: runs the compiled CLI from dist/ (build with `npm run build`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const compiled = fileURLToPath(new URL('../dist/runtime/cli/main.js', import.meta.url));
if (!existsSync(compiled)) {
  console.error('kindred: dist/ is missing; run `npm run build` first (npm start does this) / 未找到编译产物，请先运行 npm run build');
  process.exit(1);
}
const { main } = await import(compiled);
process.exitCode = await main(process.argv.slice(2));
