import { readFileSync } from 'node:fs';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { KindredError } from '../runtime/errors/index.js';
import type { SourcePosition } from '../runtime/params/index.js';

/** A parsed YAML file that can say where any path lies in its text. */
export interface YamlSource {
  readonly file: string;
  readonly data: unknown;
  locate(path: readonly (string | number)[]): SourcePosition | undefined;
}

/** Read a file's text or throw FILE_NOT_FOUND naming it. */
export function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new KindredError('FILE_NOT_FOUND', `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, { file, expected: 'a readable file' }, { cause: e });
  }
}

/** Parse YAML text, keeping node positions; a syntax error is YAML_SYNTAX at its line and column. */
export function parseYaml(text: string, file: string): YamlSource {
  const lineCounter = new LineCounter();
  const doc: Document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const first = doc.errors[0];
  if (first !== undefined) {
    const pos = lineCounter.linePos(first.pos[0]);
    const message = first.message.split('\n')[0] ?? first.message;
    throw new KindredError('YAML_SYNTAX', `${message} (${first.code})`, { file, line: pos.line, column: pos.col, expected: 'well-formed YAML' });
  }
  const at = (offset: number): SourcePosition => {
    const p = lineCounter.linePos(offset);
    return { line: p.line, column: p.col };
  };
  return {
    file,
    data: doc.toJS() as unknown,
    locate(path) {
      let node: unknown = doc.contents;
      let keyNode: Node | undefined;
      for (const segment of path) {
        keyNode = undefined;
        if (isMap(node)) {
          const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment));
          if (pair === undefined) return undefined;
          keyNode = pair.key as Node;
          node = pair.value;
        } else if (isSeq(node) && typeof segment === 'number') {
          node = node.items[segment];
        } else return undefined;
      }
      // A value's own position when it has one; else its key's (e.g. `key:` with nothing after it).
      const range = (node as Node | null | undefined)?.range ?? keyNode?.range;
      return range === undefined || range === null ? undefined : at(range[0]);
    },
  };
}

export function readYamlFile(file: string): YamlSource {
  return parseYaml(readText(file), file);
}
