import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { errorCatalogue } from './codes.js';
import { KindredError } from './KindredError.js';

function documentedCodes(module: string): string[] {
  const text = readFileSync(new URL(`../../docs/errors/${module}.md`, import.meta.url), 'utf8');
  return [...text.matchAll(/^### ([A-Z0-9_]+)\s*$/gm)].map((m) => m[1] ?? '');
}

describe('error catalogue and docs/errors stay in step', () => {
  it.each(Object.keys(errorCatalogue))('%s: every code documented, every documented code catalogued', (module) => {
    const catalogued = Object.keys(errorCatalogue[module as keyof typeof errorCatalogue]).sort();
    expect(documentedCodes(module).sort()).toEqual(catalogued);
  });

  it('codes are unique across modules and carry both languages', () => {
    const seen = new Set<string>();
    for (const section of Object.values(errorCatalogue)) {
      for (const [code, entry] of Object.entries(section)) {
        expect(seen.has(code), `duplicate code ${code}`).toBe(false);
        seen.add(code);
        expect(code).toMatch(/^[A-Z][A-Z0-9_]+$/);
        expect(entry.en.length).toBeGreaterThan(10);
        expect(entry.zh).toMatch(/[\u4e00-\u9fff]/);
      }
    }
  });

  it('formats as file:line:column: CODE message (zh)', () => {
    const e = new KindredError('CONFIG_INVALID', 'loop.rateHz is -5; expected a number between 10 and 2000', {
      file: 'launch/x.yaml',
      line: 3,
      column: 11,
    });
    expect(e.format()).toBe('launch/x.yaml:3:11: CONFIG_INVALID loop.rateHz is -5; expected a number between 10 and 2000 (配置值类型错误或超出范围。)');
  });
});
