import { describe, expect, it } from 'vitest';
import { isNode, LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { isKindredError, type KindredError } from '../errors/index.js';
import { validateConfig, type ValidateConfigOptions } from './validateConfig.js';

const launchSchema = z.strictObject({
  kind: z.literal('launch'),
  robot: z.string().min(1),
  loop: z.strictObject({ rateHz: z.number().min(10).max(2000).default(500), jitterBudgetUs: z.int().min(0).default(200) }).default({ rateHz: 500, jitterBudgetUs: 200 }),
  hardware: z.strictObject({ type: z.enum(['mock', 'sim', 'ros2']) }),
  controllers: z
    .array(z.strictObject({ name: z.string(), type: z.string(), rateHz: z.int().positive().optional(), joints: z.array(z.string()).min(1) }))
    .default([]),
});

/** Parse YAML with the real parser and locate paths through its node ranges. */
function yamlSource(text: string): { data: unknown; locate: NonNullable<ValidateConfigOptions['locate']> } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  return {
    data: doc.toJS(),
    locate: (path) => {
      const node = path.length === 0 ? doc.contents : doc.getIn(path, true);
      if (!isNode(node) || node.range == null) return undefined;
      const pos = lineCounter.linePos(node.range[0]);
      return { line: pos.line, column: pos.col };
    },
  };
}

function rejection(f: () => unknown): KindredError {
  try {
    f();
  } catch (e) {
    if (isKindredError(e)) return e;
    throw e;
  }
  throw new Error('expected validateConfig to throw');
}

const good = { kind: 'launch', robot: 'exo_v2', hardware: { type: 'sim' } };

describe('validateConfig', () => {
  it('applies defaults and deep-freezes the result', () => {
    const cfg = validateConfig(launchSchema, { ...good, controllers: [{ name: 'knee', type: 'pid', joints: ['knee_left'] }] });
    expect(cfg).toEqual({
      ...good,
      loop: { rateHz: 500, jitterBudgetUs: 200 },
      controllers: [{ name: 'knee', type: 'pid', joints: ['knee_left'] }],
    });
    expect(Object.isFrozen(cfg)).toBe(true);
    expect(Object.isFrozen(cfg.loop)).toBe(true);
    expect(Object.isFrozen(cfg.controllers[0]?.joints)).toBe(true);
  });

  it.each<[string, unknown, string, string, string[]]>([
    ['out of range', { ...good, loop: { rateHz: 5 } }, 'CONFIG_INVALID', 'loop.rateHz', ['loop.rateHz is 5; expected a number between 10 and 2000']],
    ['wrong type', { ...good, loop: { rateHz: 'fast' } }, 'CONFIG_INVALID', 'loop.rateHz', ['loop.rateHz is "fast"', 'a number between 10 and 2000']],
    ['enum', { ...good, hardware: { type: 'real' } }, 'CONFIG_INVALID', 'hardware.type', ['hardware.type is "real"; expected one of mock | sim | ros2']],
    ['literal', { ...good, kind: 'scenario' }, 'CONFIG_INVALID', 'kind', ['kind is "scenario"; expected exactly "launch"']],
    ['null value', { ...good, robot: null }, 'CONFIG_INVALID', 'robot', ['robot is null; expected a non-empty string']],
    ['missing key', { kind: 'launch', robot: 'x', hardware: {} }, 'CONFIG_MISSING_KEY', 'hardware.type', ['missing required key hardware.type; expected one of mock | sim | ros2']],
    ['missing section', { kind: 'launch', robot: 'x' }, 'CONFIG_MISSING_KEY', 'hardware', ['missing required key hardware; expected a mapping with keys type']],
    ['unknown key at root', { ...good, hardwear: {} }, 'CONFIG_UNKNOWN_KEY', 'hardwear', ['unknown key "hardwear" at hardwear', 'allowed keys here: kind | robot | loop | hardware | controllers']],
    ['unknown nested key', { ...good, loop: { rateHZ: 100 } }, 'CONFIG_UNKNOWN_KEY', 'loop.rateHZ', ['unknown key "rateHZ" at loop.rateHZ; allowed keys here: rateHz | jitterBudgetUs']],
    [
      'nested array element',
      { ...good, controllers: [{ name: 'a', type: 'pid', joints: ['j'] }, { name: 'b', type: 'pid', joints: ['j'], rateHz: 2.5 }] },
      'CONFIG_INVALID',
      'controllers[1].rateHz',
      ['controllers[1].rateHz is 2.5; expected a whole number > 0'],
    ],
    ['empty list', { ...good, controllers: [{ name: 'a', type: 'pid', joints: [] }] }, 'CONFIG_INVALID', 'controllers[0].joints', ['expected a list of at least 1 item']],
    ['unknown key in array element', { ...good, controllers: [{ name: 'a', type: 'pid', joints: ['j'], gain: 2 }] }, 'CONFIG_UNKNOWN_KEY', 'controllers[0].gain', ['allowed keys here: name | type | rateHz | joints']],
    ['not a mapping', 42, 'CONFIG_INVALID', '', ['the document is 42; expected a mapping with keys kind, robot, loop, hardware, controllers']],
  ])('%s → %s at %s', (_, data, code, field, fragments) => {
    const e = rejection(() => validateConfig(launchSchema, data));
    expect(e.code).toBe(code);
    expect(e.context.field).toBe(field);
    for (const f of fragments) expect(e.message).toContain(f);
  });

  it('context carries the value and what was expected', () => {
    const e = rejection(() => validateConfig(launchSchema, { ...good, loop: { rateHz: 5000 } }, { file: 'launch/exo.yaml' }));
    expect(e.context).toEqual({ file: 'launch/exo.yaml', field: 'loop.rateHz', value: 5000, expected: 'a number between 10 and 2000' });
  });

  it('counts the further issues', () => {
    const e = rejection(() => validateConfig(launchSchema, { kind: 'launch', robot: '', hardware: { type: 'x' } }));
    expect(e.message).toBe('robot is ""; expected a non-empty string (and 1 more issue)');
    expect(e.context['moreIssues']).toBe(1);
  });

  it('reports a misspelt key as unknown before the key it should have been', () => {
    const e = rejection(() => validateConfig(launchSchema, { kind: 'launch', robot: 'x', hardware: { tpye: 'sim' } }));
    expect(e.code).toBe('CONFIG_UNKNOWN_KEY');
    expect(e.message).toBe('unknown key "tpye" at hardware.tpye; allowed keys here: type (and 1 more issue)');
    expect(e.context).toMatchObject({ key: 'tpye', value: 'sim', allowed: ['type'], expected: 'one of type' });
  });

  it('puts file:line:column from locate() into the error', () => {
    const text = ['kind: launch', 'robot: exo_v2', 'hardware:', '  type: sim', 'controllers:', '  - name: knee', '    type: pid', '    joints: [knee_left]', '    rateHz: -3', ''].join('\n');
    const { data, locate } = yamlSource(text);
    const e = rejection(() => validateConfig(launchSchema, data, { file: 'launch/exo.yaml', locate }));
    expect(e.context).toMatchObject({ file: 'launch/exo.yaml', line: 9, column: 13, field: 'controllers[0].rateHz', value: -3 });
    expect(e.format()).toBe('launch/exo.yaml:9:13: CONFIG_INVALID controllers[0].rateHz is -3; expected a whole number > 0 (配置值类型错误或超出范围。)');
  });

  it('locates an unknown key at its value and a missing key at its parent mapping', () => {
    const unknown = yamlSource('kind: launch\nrobot: x\nhardware:\n  type: sim\nloop:\n  rate: 100\n');
    expect(rejection(() => validateConfig(launchSchema, unknown.data, unknown)).context).toMatchObject({ line: 6, column: 9 });
    const missing = yamlSource('kind: launch\nrobot: x\nhardware:\n  name: sim\n');
    const e = rejection(() => validateConfig(launchSchema, missing.data, missing));
    expect(e.code).toBe('CONFIG_UNKNOWN_KEY');
    expect(e.context).toMatchObject({ line: 4, column: 9 });
    const absent = yamlSource('kind: launch\nrobot: x\nhardware: {}\n');
    expect(rejection(() => validateConfig(launchSchema, absent.data, absent)).context).toMatchObject({ field: 'hardware.type', line: 3, column: 11 });
  });
});
