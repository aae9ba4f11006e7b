import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLaunchFile } from '../../launch/index.js';
import { isKindredError } from '../../runtime/errors/index.js';
import { parseCompanionInput } from './companionInput.js';
import { companionBehavior, companionLaunch, FALL_PROFILE } from './index.js';

describe('the shipped companion (kindred behavior run companion)', () => {
  it('prepares the demo: input, the fall profile, the script in time order ending with the operator’s stop', () => {
    const run = companionBehavior.prepare({});
    const input = parseCompanionInput(run.input);
    expect(input.people[0]).toMatchObject({ id: 'person1', consentToName: true });
    expect(input.schedule.map((r) => r.kind)).toEqual(['water', 'medication']);
    const times = run.script.map((s) => s.atS);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(run.script.at(-1)).toEqual({ atS: 80, command: 'stop' });
    expect(run.timeoutS).toBeGreaterThan(80);
    const launch = run.launch!(loadLaunchFile(companionBehavior.launchFile));
    expect(launch.hardware).toMatchObject({ type: 'sim', scene: 'companion_home', profile: FALL_PROFILE });
    expect(companionBehavior.definition.id).toBe('companion');
  });

  it('never lets the MCAP recorder run without recording consent', () => {
    const base = loadLaunchFile(companionBehavior.launchFile);
    const recording = { ...base, record: { ...base.record, enabled: true } };
    expect(companionLaunch(parseCompanionInput({}))(recording).record.enabled).toBe(false);
    expect(companionLaunch(parseCompanionInput({ recordingConsent: true }))(recording).record.enabled).toBe(true);
  });

  it('takes a plan file instead of the demo input, and names the file when it is wrong', () => {
    const dir = mkdtempSync(join(tmpdir(), 'companion-plan-'));
    const good = join(dir, 'home.yaml');
    writeFileSync(good, 'kind: companion_plan\npeople: [{ id: person1, name_zh: 李伯伯, name_en: Mr Li, consentToName: true }]\nschedule: [{ id: tea, kind: water, atS: 30 }]\n');
    expect(parseCompanionInput(companionBehavior.prepare({ planFile: good }).input).schedule[0]!.id).toBe('tea');
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'kind: companion_plan\nquietHours: [{ fromS: 100, toS: 10 }]\n');
    try {
      companionBehavior.prepare({ planFile: bad });
      throw new Error('expected a failure');
    } catch (e) {
      if (!isKindredError(e)) throw e;
      expect(e.code).toBe('BEHAVIOR_COMPANION_INPUT_INVALID');
      expect(e.context.file).toBe(bad);
      expect(e.context.line).toBe(2);
      expect(e.message).toContain('quietHours[0]');
    }
  });

  it('records a run stopped before the machine finished as not finished, with nothing in it', () => {
    const record = companionBehavior.record!(undefined) as { ended: string; timeline: unknown[]; privacy: { recordingAllowed: boolean } };
    expect(record.ended).toBe('not_finished');
    expect(record.timeline).toEqual([]);
    expect(record.privacy.recordingAllowed).toBe(false);
  });
});
