/**
 * Measures SafetyLog.append latency (encode + SHA-256 + write + fdatasync) on this machine's disk:
 * `npx tsx safety/log/scripts/appendLatency.ts [count] [dir]`. Prints p50/p99/p99.9/max in ms, and
 * the same for the write alone (no sync) for comparison. A measurement, not a test.
 */
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SafetyLog } from '../SafetyLog.js';

const count = Number(process.argv[2] ?? 2000);
const base = process.argv[3] ?? tmpdir();
const dir = mkdtempSync(join(base, 'kindred-safety-log-bench-'));

function percentiles(ms: number[]): string {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number): string => s[Math.min(s.length - 1, Math.floor(q * s.length))]!.toFixed(3);
  return `p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, p99.9 ${at(0.999)} ms, max ${s.at(-1)!.toFixed(3)} ms (n=${s.length})`;
}

try {
  const log = SafetyLog.open(join(dir, 'log'));
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const t0 = process.hrtime.bigint();
    log.append({
      timeNs: process.hrtime.bigint(),
      kind: 'fault',
      monitor: 'interaction_force',
      subject: 'forearm',
      values: { forceN: 150 + (i % 10) },
      limit: { forceN: 140 },
      reaction: 'stop1',
      message: { en: 'Forearm force above the frail-elderly limit', zh: '前臂受力超过高龄体弱限值' },
    });
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  log.close();
  console.log(`append + fdatasync: ${percentiles(times)}`);

  // Baseline: the same-sized write without any sync (what durability costs on top).
  const fd = openSync(join(dir, 'nosync.jsonl'), 'a');
  const line = Buffer.alloc(560, 0x61);
  const raw: number[] = [];
  for (let i = 0; i < count; i++) {
    const t0 = process.hrtime.bigint();
    writeSync(fd, line);
    raw.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  closeSync(fd);
  console.log(`write only, no sync:  ${percentiles(raw)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
