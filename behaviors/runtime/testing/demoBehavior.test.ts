// The runner's demo behaviour passes `kindred behavior verify`'s checks: Kindred's actors, referenced
// by name, are what the verifier swaps for stand-ins and replays on real actors.
import { describe, expect, it } from 'vitest';
import { formatReport, verifyBehavior } from '../../verify/index.js';
import { demoBehavior } from './demoBehavior.js';

describe('demo behaviour', () => {
  it('verifies: every safety stop reaches a safe state, no dead end, every actor cancelled on exit', () => {
    const report = verifyBehavior(demoBehavior);
    expect(report.problems, formatReport(report)).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.statesVisited).toBeGreaterThanOrEqual(7);
  });
});
