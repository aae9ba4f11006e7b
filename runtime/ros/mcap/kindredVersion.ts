import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/**
 * Kindred's version from its package.json, found by walking up from this file (source and dist/ lie
 * at different depths), for the MCAP header's `library` field; `unknown` when there is none.
 */
export function kindredVersion(): string {
  if (cached !== undefined) return cached;
  cached = 'unknown';
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      try {
        const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown; version?: unknown };
        if (pkg.name === 'kindred' && typeof pkg.version === 'string') {
          cached = pkg.version;
          break;
        }
      } catch {
        // not ours, or unreadable: keep looking
      }
    }
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return cached;
}
