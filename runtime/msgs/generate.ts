/**
 * `npm run gen:msgs`: regenerate runtime/msgs/generated/ from the .msg definitions.
 * `npm run check:msgs` (`--check`): generate in memory and fail if the committed files differ.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeCode, KindredError } from '../errors/index.js';
import { generateMessageFiles, staleGeneratedFiles } from './generateMessageFiles.js';
import { GENERATED_DIR, readGeneratedFiles, readMessageSources, writeGeneratedFiles } from './readMessageSources.js';

function main(argv: readonly string[]): number {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const check = argv.includes('--check');
  const sources = readMessageSources(root);
  const files = generateMessageFiles(sources);
  if (check) {
    const stale = staleGeneratedFiles(files, readGeneratedFiles(root));
    if (stale.length > 0) {
      for (const name of stale) console.error(`  ${GENERATED_DIR}/${name}`);
      const { en, zh } = describeCode('MSG_GENERATED_STALE');
      console.error(`MSG_GENERATED_STALE ${stale.length} generated file(s) differ. ${en}`);
      console.error(`MSG_GENERATED_STALE ${zh}`);
      return 1;
    }
    console.log(`${sources.length} message types up to date`);
    return 0;
  }
  mkdirSync(join(root, GENERATED_DIR), { recursive: true });
  const touched = writeGeneratedFiles(root, files);
  console.log(`${sources.length} message types; ${touched.length} of ${files.size} generated files updated${touched.length > 0 ? `: ${touched.join(', ')}` : ''}`);
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  if (!(e instanceof KindredError)) throw e;
  console.error(e.format());
  process.exitCode = 1;
}
