import { describe, expect, it } from 'vitest';
import type { BehaviorDefinition } from '../core/conventions.js';
import { formatReport, PROBLEM_LABELS } from './formatReport.js';
import { toyTransfer, toyTransferSetup } from './testing/toyTransfer.js';
import { verifyBehavior } from './verifyBehavior.js';
import { PROBLEM_KINDS } from './VerifyReport.js';

describe('formatReport', () => {
  it('a passing behaviour: one verdict line in Mandarin, then English, with the figures', () => {
    const report = verifyBehavior(toyTransfer);
    const text = formatReport(report);
    expect(text.split('\n')).toEqual([
      `✓ 行为 toy-transfer：验证通过 — 已探索 ${report.statesVisited} 个状态、${report.transitions} 个转移（最深 ${report.depthReached} 步），在真实 actor 上重放 ${report.replays} 个转移`,
      `✓ behaviour toy-transfer: verified — ${report.statesVisited} states, ${report.transitions} transitions explored (depth ${report.depthReached}), ${report.replays} transitions replayed on real actors`,
      '',
    ]);
  });

  it('a failing behaviour: each problem with its kind, state, path and both explanations', () => {
    const machine = toyTransferSetup.createMachine({
      id: 'deadEnd',
      initial: 'idle',
      on: { 'safety.stop': '.halted', 'safety.estop': '.halted' },
      states: {
        idle: { tags: ['safe'], on: { 'caregiver.confirm': 'lifting' } },
        lifting: { invoke: { id: 'lift', src: 'lift', onDone: 'holding', onError: 'halted' } },
        holding: { tags: ['safe'] },
        halted: { tags: ['safe'], on: { 'safety.cleared': 'idle' } },
      },
    });
    const report = verifyBehavior({ ...(toyTransfer as BehaviorDefinition), machine });
    const lines = formatReport(report).split('\n');
    expect(lines[0]).toMatch(/^✗ 行为 toy-transfer：发现 1 个问题 — /);
    expect(lines[1]).toMatch(/^✗ behaviour toy-transfer: 1 problem — /);
    expect(lines.slice(2, 6)).toEqual(['', '1. 死锁状态 / dead end [dead_end]', '   状态 state: holding', '   路径 path:  caregiver.confirm → xstate.done.actor.lift']);
    expect(lines[6]).toContain('状态 holding 不是终止状态');
    expect(lines[7]).toContain('state holding is not final');
  });

  it('says when the exploration was cut at maxDepth', () => {
    const report = verifyBehavior({ ...toyTransfer, explore: { ...toyTransfer.explore, maxDepth: 1 } });
    const text = formatReport(report);
    expect(report.beyondMaxDepth).toBeGreaterThan(0);
    expect(text).toContain(`note: exploration stopped at maxDepth (1); ${report.beyondMaxDepth} further states were not checked`);
    expect(text).toContain('注意：探索止于 maxDepth');
  });

  it('every problem kind has a label in both languages', () => {
    for (const kind of PROBLEM_KINDS) {
      expect(PROBLEM_LABELS[kind].en.length).toBeGreaterThan(3);
      expect(PROBLEM_LABELS[kind].zh).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});
