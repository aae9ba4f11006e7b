import type { MessageSource } from './MessageSource.js';
import { renderMessageFiles } from './renderMessageFiles.js';
import { resolveMessages } from './resolveMessages.js';

/**
 * The generator as a pure function: .msg sources in, generated file texts out (keyed by file name
 * inside `runtime/msgs/generated/`). The same sources always give the same bytes.
 */
export function generateMessageFiles(sources: readonly MessageSource[]): Map<string, string> {
  return renderMessageFiles(resolveMessages(sources));
}

/**
 * Names of the files that differ between a fresh generation and what is on disk: changed, missing
 * on disk, or on disk but no longer generated. Sorted; empty when up to date.
 */
export function staleGeneratedFiles(expected: ReadonlyMap<string, string>, actual: ReadonlyMap<string, string>): string[] {
  const names = new Set([...expected.keys(), ...actual.keys()]);
  return [...names].filter((name) => expected.get(name) !== actual.get(name)).sort();
}
