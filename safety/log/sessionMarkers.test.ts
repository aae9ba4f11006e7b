import { readFileSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isKindredError } from '../../runtime/errors/index.js';
import { forceFault, tempLogDir } from './fixtures/testLog.js';
import { listLogFiles } from './logFiles.js';
import type { SafetyEvent } from './SafetyEvent.js';
import { SafetyLog } from './SafetyLog.js';
import { safetyLogCommand } from './safetyLogCommand.js';
import type { SafetyLogRecord } from './SafetyLogRecord.js';
import { assessPreviousSession, needsProtectiveStop, shutdownEvent, startupEvent, type PreviousSession } from './sessionMarkers.js';
import { scanLogFiles } from './verifyLog.js';

let dir: string;
let remove: () => void;
beforeEach(() => ({ dir, remove } = tempLogDir()));
afterEach(() => remove());

const launch = { launchName: 'exo-default', launchFile: '/opt/kindred/launch/exo_default.launch.yaml' };
const start = (log: SafetyLog, pid = 4242): SafetyLogRecord => log.append(startupEvent({ timeNs: 0n, version: '0.1.0', pid, ...launch }, log.previousSession));
const stop = (log: SafetyLog, reason = 'SIGTERM', uncleanStopPending = false): SafetyLogRecord =>
  log.append(shutdownEvent({ timeNs: 9_000_000_000n, reason, pid: 4242, uptimeS: 9.04, uncleanStopPending, ...launch }));

/** Open the log in `dir`, run `f` on it, close it; returns what the open found. */
function session(f: (log: SafetyLog) => void): PreviousSession {
  const log = SafetyLog.open(dir);
  try {
    f(log);
    return log.previousSession;
  } finally {
    log.close();
  }
}

const bytesOf = (): string[] => listLogFiles(dir).map((f) => readFileSync(f, 'latin1'));

describe('session markers: how did the previous run end?', () => {
  it('a new log: nothing before, a normal start', () => {
    const previous = session((log) => start(log));
    expect(previous.status).toBe('none');
    expect(needsProtectiveStop(previous)).toBe(false);
  });

  it('startup … shutdown: the next start finds a clean end and says so in its own startup record', () => {
    session((log) => {
      start(log);
      log.append(forceFault(1));
      stop(log);
    });
    let startup: SafetyLogRecord | undefined;
    const previous = session((log) => (startup = start(log, 5151)));
    expect(previous.status).toBe('clean');
    expect(previous.shutdown).toMatchObject({ kind: 'shutdown', monitor: 'runtime', source: 'SIGTERM', values: { pid: 4242, uptimeS: 9 } });
    expect(needsProtectiveStop(previous)).toBe(false);
    expect(startup).toMatchObject({ kind: 'startup', monitor: 'runtime', reaction: 'none', subject: launch.launchFile, values: { pid: 5151, previousClean: 1, previousLastSeq: 3 } });
    if (startup?.type !== 'event') throw new Error('expected an event record');
    expect(startup.message?.en).toContain('the previous session ended in order');
    expect(startup.message?.en).not.toContain('protective stop');
  });

  it('startup with no shutdown (killed, crashed, power cut): unclean, and the new startup record asks for a reset in both languages', () => {
    session((log) => {
      start(log);
      log.append(forceFault(1));
      log.append(forceFault(2));
    }); // closed without a shutdown marker: what a SIGKILL leaves
    const before = bytesOf();
    let startup: SafetyLogRecord | undefined;
    const previous = session((log) => (startup = start(log)));
    expect(previous.status).toBe('unclean');
    expect(previous.startup?.seq).toBe(1);
    expect(previous.lastRecord?.seq).toBe(3);
    expect(previous.eventsSinceMarker).toBe(2);
    expect(needsProtectiveStop(previous)).toBe(true);
    if (startup?.type !== 'event') throw new Error('expected an event record');
    expect(startup.values).toMatchObject({ previousClean: 0, previousLastSeq: 3 });
    expect(startup.message?.en).toMatch(/did not end in order .*last record seq 3.* protective stop \(category 2\).* authorised reset/);
    expect(startup.message?.zh).toMatch(/未有序停止.*保护性停止（2 类）.*授权复位/);
    // Nothing before was rewritten: the old bytes are a prefix of the new file.
    bytesOf().forEach((now, i) => expect(now.startsWith(before[i]!)).toBe(true));
  });

  it('an orderly stop while the protective stop after a crash was never reset: the next start stops again (a restart is no reset)', () => {
    session((log) => start(log)); // killed
    session((log) => {
      start(log);
      stop(log, 'SIGTERM', true);
    });
    const previous = session((log) => start(log));
    expect(previous).toMatchObject({ status: 'unclean', reason: 'stop_not_reset' });
    expect(needsProtectiveStop(previous)).toBe(true);
    expect(previous.shutdown?.message?.en).toContain('was not reset and holds at the next start');
    expect(startupEvent({ timeNs: 0n, version: '0.1.0', pid: 1, launchName: 'x' }, previous).message?.en).toContain('never reset');
    expect(safetyLogCommand(dir).text).toContain('no orderly shutdown recorded'); // the newest session (started above) is open
  });

  it('a legacy log (events, no markers at all) still verifies and reads, and counts as unknown: treated as unclean', () => {
    session((log) => {
      for (let i = 0; i < 3; i++) log.append(forceFault(i));
    });
    const previous = session(() => undefined);
    expect(previous.status).toBe('unknown');
    expect(previous.eventsSinceMarker).toBe(3);
    expect(needsProtectiveStop(previous)).toBe(true);
    expect(startupEvent({ timeNs: 0n, version: '0.1.0', pid: 1, launchName: 'x' }, previous).message?.en).toContain('no session markers');
    const scan = scanLogFiles(listLogFiles(dir));
    expect(scan.report.ok).toBe(true);
    expect(scan.report.events).toBe(3);
    // The listing of a legacy log is unchanged: no session line.
    expect(safetyLogCommand(dir).text).not.toContain('Last session');
  });

  it('a torn record after the shutdown marker: someone wrote after it and died; unclean, torn bytes kept and marked', () => {
    session((log) => {
      start(log);
      stop(log);
    });
    const file = listLogFiles(dir)[0]!;
    writeFileSync(file, '{"seq":3,"type":"event","wallTime":"2025', { flag: 'a' });
    const before = bytesOf();
    const log = SafetyLog.open(dir);
    try {
      expect(log.previousSession.status).toBe('unclean');
      expect(log.previousSession.tornTail).toBe(true);
      expect(log.recoveredTornTail).not.toBeNull();
      start(log);
      expect(log.verify().ok).toBe(true);
    } finally {
      log.close();
    }
    bytesOf().forEach((now, i) => expect(now.startsWith(before[i]!)).toBe(true));
  });

  it('a listing shows the markers and a line on the last session', () => {
    session((log) => {
      start(log);
      log.append(forceFault(1));
    });
    expect(safetyLogCommand(dir).text).toMatch(/Last session \/ 最近一次会话: started \S+ \(pid 4242\), no orderly shutdown recorded: still running, or it crashed/);
    session((log) => stop(log));
    const { text, exitCode } = safetyLogCommand(dir, { verify: true, since: '2000-01-01' });
    expect(exitCode).toBe(0);
    expect(text).toMatch(/startup\s+runtime\s+\/opt\/kindred\/launch\/exo_default\.launch\.yaml\s+none\s+pid=4242/);
    expect(text).toMatch(/shutdown\s+runtime\s+\S+\s+none\s+pid=4242; uptimeS=9; uncleanStopPending=0\s+Kindred 已有序停止（SIGTERM/);
    expect(text).toMatch(/Last session \/ 最近一次会话: started \S+ \(pid 4242\), ended in order at /);
    expect(text).toContain('OK / 校验通过');
  });

  it.each<[string, Partial<SafetyEvent>, string]>([
    ['a startup from a monitor other than runtime', { kind: 'startup', monitor: 'supervisor' }, 'monitor'],
    ['a shutdown with a stop reaction', { kind: 'shutdown', reaction: 'stop2' }, 'reaction'],
  ])('refuses %s (SAFETY_LOG_EVENT_INVALID, nothing written)', (_label, override, field) => {
    const log = SafetyLog.open(dir);
    try {
      const seq = log.lastSeq;
      const event = { ...shutdownEvent({ timeNs: 1n, reason: 'SIGTERM', pid: 1, uptimeS: 1, uncleanStopPending: false, launchName: 'x' }), ...override };
      let code: string | undefined;
      try {
        log.append(event);
      } catch (e) {
        code = isKindredError(e) ? `${e.code} ${String(e.context.field)}` : String(e);
      }
      expect(code).toBe(`SAFETY_LOG_EVENT_INVALID ${field}`);
      expect(log.lastSeq).toBe(seq);
    } finally {
      log.close();
    }
  });

  it('a very long launch path is kept to its end, within the log’s 200-character names', () => {
    const long = `/${'deep/'.repeat(60)}exo.launch.yaml`;
    const e = startupEvent({ timeNs: 0n, version: '0.1.0', pid: 1, launchName: 'x', launchFile: long }, assessPreviousSession([], false));
    expect(e.subject).toHaveLength(200);
    expect(e.subject?.endsWith('deep/exo.launch.yaml')).toBe(true);
  });
});

describe('assessPreviousSession (pure)', () => {
  const rec = (seq: number, r: Partial<SafetyLogRecord> & { kind?: string }): SafetyLogRecord =>
    ({ seq, type: 'event', wallTime: `2025-03-01T08:00:0${seq}.000Z`, timeNs: 0n, monitor: 'x', reaction: 'none', values: {}, limit: {}, prev: '', hash: '', ...r }) as SafetyLogRecord;
  const fileStart = (seq: number): SafetyLogRecord => ({ seq, type: 'file-start', wallTime: '2025-03-01T08:00:00.000Z', format: 'kindred-safety-log/1', file: 'f', previousFile: null, prev: '', hash: '' });
  const up = (seq: number): SafetyLogRecord => rec(seq, { kind: 'startup', monitor: 'runtime' });
  const down = (seq: number): SafetyLogRecord => rec(seq, { kind: 'shutdown', monitor: 'runtime' });
  const fault = (seq: number): SafetyLogRecord => rec(seq, { kind: 'fault' });

  it.each<[string, PreviousSession['status'], SafetyLogRecord[], boolean]>([
    ['no records', 'none', [], false],
    ['only torn bytes', 'unknown', [], true],
    ['only a file-start (opened by an older Kindred, nothing logged)', 'unknown', [fileStart(0)], false],
    ['events, no markers', 'unknown', [fileStart(0), fault(1)], false],
    ['startup, events', 'unclean', [fileStart(0), up(1), fault(2)], false],
    ['startup only (killed at once)', 'unclean', [fileStart(0), up(1)], false],
    ['startup, shutdown', 'clean', [fileStart(0), up(1), fault(2), down(3)], false],
    ['startup, shutdown with the unclean stop never reset', 'unclean', [fileStart(0), up(1), rec(2, { kind: 'shutdown', monitor: 'runtime', values: { uncleanStopPending: 1 } })], false],
    ['startup, shutdown with the unclean stop reset', 'clean', [fileStart(0), up(1), rec(2, { kind: 'shutdown', monitor: 'runtime', values: { uncleanStopPending: 0 } })], false],
    ['shutdown then a rotation file-start', 'unclean', [fileStart(0), up(1), down(2), fileStart(3)], false],
    ['shutdown then torn bytes', 'unclean', [fileStart(0), up(1), down(2)], true],
    ['shutdown then an event from a Kindred without markers', 'unclean', [fileStart(0), up(1), down(2), fault(3)], false],
    ['a clean session, then an unclean one', 'unclean', [fileStart(0), up(1), down(2), up(3), fault(4)], false],
    ['an unclean session, then a clean one', 'clean', [fileStart(0), up(1), fault(2), up(3), down(4)], false],
  ])('%s → %s', (_label, status, records, torn) => {
    expect(assessPreviousSession(records, torn).status).toBe(status);
  });

  it('names the last startup and the shutdown before it', () => {
    const p = assessPreviousSession([fileStart(0), up(1), down(2), up(3), fault(4), fault(5)], false);
    expect(p.startup?.seq).toBe(3);
    expect(p.shutdown?.seq).toBe(2);
    expect(p.lastRecord?.seq).toBe(5);
    expect(p.eventsSinceMarker).toBe(2);
  });
});
