import { describe, expect, it } from 'vitest';
import { isKindredError } from '../../runtime/errors/index.js';
import { parseYaml } from '../../launch/index.js';
import { parseCompanionInput } from './companionInput.js';
import { DEMO_INPUT } from './demo.js';

function codeOf(f: () => unknown): { code: string; message: string; field: unknown } {
  try {
    f();
  } catch (e) {
    if (isKindredError(e)) return { code: e.code, message: e.message, field: e.context.field };
    throw e;
  }
  throw new Error('expected a KindredError');
}

describe('companion input', () => {
  it('fills in the defaults: no consent to be named or recorded, Mandarin, default timings', () => {
    const input = parseCompanionInput({ people: [{ id: 'person1', name_zh: '王阿姨', name_en: 'Mrs Wang' }] });
    expect(input.people[0]!.consentToName).toBe(false);
    expect(input.recordingConsent).toBe(false);
    expect(input.language).toBe('zh');
    expect(input.timing).toEqual({ tickS: 0.5, checkInTimeoutS: 20, reminderAckTimeoutS: 60, reminderAttempts: 3 });
    expect(input.robot).toBeUndefined();
    expect(Object.isFrozen(input)).toBe(true);
  });

  it('sorts the schedule by time, keeping the order of equal times', () => {
    const input = parseCompanionInput({
      schedule: [
        { id: 'c', kind: 'exercise', atS: 30 },
        { id: 'a', kind: 'water', atS: 10 },
        { id: 'b', kind: 'medication', atS: 10 },
      ],
    });
    expect(input.schedule.map((r) => r.id)).toEqual(['a', 'b', 'c']);
  });

  it('accepts the demo plan', () => {
    expect(parseCompanionInput(DEMO_INPUT).schedule).toHaveLength(2);
  });

  it.each([
    ['a repeated person id', { people: [{ id: 'p', name_zh: '甲', name_en: 'A' }, { id: 'p', name_zh: '乙', name_en: 'B' }] }, 'BEHAVIOR_COMPANION_INPUT_INVALID', 'people[1].id'],
    ['a repeated reminder id', { schedule: [{ id: 'r', kind: 'water', atS: 1 }, { id: 'r', kind: 'water', atS: 2 }] }, 'BEHAVIOR_COMPANION_INPUT_INVALID', 'schedule[1].id'],
    ['a quiet window ending before it starts', { quietHours: [{ fromS: 50, toS: 50 }] }, 'BEHAVIOR_COMPANION_INPUT_INVALID', 'quietHours[0]'],
    ['an unknown reminder kind', { schedule: [{ id: 'r', kind: 'nap', atS: 1 }] }, 'CONFIG_INVALID', 'schedule[0].kind'],
    ['a misspelt key', { peple: [] }, 'CONFIG_UNKNOWN_KEY', ''],
    ['a check-in timeout of zero', { timing: { checkInTimeoutS: 0 } }, 'CONFIG_INVALID', 'timing.checkInTimeoutS'],
  ])('rejects %s', (_name, data, code, field) => {
    const e = codeOf(() => parseCompanionInput(data));
    expect(e.code).toBe(code);
    if (field !== '') expect(e.field).toBe(field);
  });

  it('names the plan file and the line of a bad value', () => {
    const source = parseYaml('kind: companion_plan\nschedule:\n  - { id: r, kind: water, atS: -5 }\n', '/plans/home.yaml');
    try {
      parseCompanionInput(source.data, { file: source.file, locate: (p) => source.locate(p) });
      throw new Error('expected a failure');
    } catch (e) {
      if (!isKindredError(e)) throw e;
      expect(e.code).toBe('CONFIG_INVALID');
      expect(e.context.file).toBe('/plans/home.yaml');
      expect(e.context.line).toBe(3);
    }
  });
});
