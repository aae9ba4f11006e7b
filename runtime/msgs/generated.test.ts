import { parse } from '@foxglove/rosmsg';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generateMessageFiles, staleGeneratedFiles } from './generateMessageFiles.js';
import { messageDefinitions } from './generated/index.js';
import { readGeneratedFiles, readMessageSources, STANDARD_MSGDEFS_DIR, STANDARD_PACKAGES } from './readMessageSources.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const sources = readMessageSources(root);

describe('committed generated files', () => {
  it('equal a fresh generation from the .msg files (run `npm run gen:msgs` if this fails)', () => {
    expect(staleGeneratedFiles(generateMessageFiles(sources), readGeneratedFiles(root))).toEqual([]);
  });

  it('go stale when a .msg file changes', () => {
    const changed = sources.map((s) => (s.pkg === 'kindred_msgs' && s.name === 'SafetyFault' ? { ...s, text: `${s.text}\nfloat64 extra\n` } : s));
    expect(staleGeneratedFiles(generateMessageFiles(changed), readGeneratedFiles(root))).toEqual(['index.ts', 'kindred_msgs.ts']);
  });

  it('cover every standard package asked for, and no test_msgs', () => {
    const packages = new Set(Object.keys(messageDefinitions).map((t) => t.split('/')[0]));
    for (const pkg of STANDARD_PACKAGES) expect(packages.has(pkg), pkg).toBe(true);
    expect(packages.has('kindred_msgs')).toBe(true);
    expect(packages.has('test_msgs')).toBe(false);
    expect(Object.keys(messageDefinitions)).toHaveLength(sources.length);
  });
});

describe('messageDefinitions[...].text', () => {
  const standard = sources.filter((s) => s.bundled);
  it.each(standard.map((s) => [`${s.pkg}/msg/${s.name}`, s.file] as const))('%s is exactly the upstream rosbag2 text', (typeName, file) => {
    expect(messageDefinitions[typeName as keyof typeof messageDefinitions].text).toBe(readFileSync(join(root, file), 'utf8'));
  });

  it('reads the upstream files from the expected place', () => {
    expect(standard.length).toBeGreaterThan(100);
    expect(standard.every((s) => s.file.startsWith(STANDARD_MSGDEFS_DIR))).toBe(true);
  });
});

describe('kindred_msgs', () => {
  const kindred = Object.values(messageDefinitions).filter((d) => d.name.startsWith('kindred_msgs/'));

  it('has its eighteen messages', () => {
    expect(kindred.map((d) => d.name)).toEqual([
      'kindred_msgs/msg/BehaviorChart',
      'kindred_msgs/msg/BehaviorCommand',
      'kindred_msgs/msg/BehaviorStatus',
      'kindred_msgs/msg/BodyPosture',
      'kindred_msgs/msg/CaregiverAlert',
      'kindred_msgs/msg/ComponentState',
      'kindred_msgs/msg/ControllerState',
      'kindred_msgs/msg/Intent',
      'kindred_msgs/msg/LoopStatistics',
      'kindred_msgs/msg/PatientContact',
      'kindred_msgs/msg/PatientSignal',
      'kindred_msgs/msg/RehabRepetition',
      'kindred_msgs/msg/RehabSessionRecord',
      'kindred_msgs/msg/SafetyFault',
      'kindred_msgs/msg/SafetyState',
      'kindred_msgs/msg/SpeechRequest',
      'kindred_msgs/msg/SpeechStatus',
      'kindred_msgs/msg/TransferStatus',
    ]);
  });

  it.each(kindred.map((d) => [d.name, d] as const))('%s: full text parses with @foxglove/rosmsg and every dependency resolves', (_, def) => {
    // parse() resolves every complex type against the MSG: blocks and throws when one is missing.
    const parsed = parse(def.text, { ros2: true });
    const top = parsed[0];
    expect(top?.definitions.filter((f) => f.isConstant !== true).map((f) => f.name)).toEqual(def.fields.map((f) => f.name));
    const names = new Set(parsed.slice(1).map((d) => d.name));
    for (const f of def.fields) {
      if (f.isComplex && !f.type.startsWith('builtin_interfaces/')) expect(names.has(f.type.replace('/msg/', '/')), f.type).toBe(true);
    }
  });

  it('SafetyState lays out its dependencies as rosbag2 does', () => {
    const text = messageDefinitions['kindred_msgs/msg/SafetyState'].text;
    const blocks = [...text.matchAll(/^={80}\nMSG: (\S+)$/gm)].map((m) => m[1]);
    expect(blocks).toEqual(['std_msgs/Header', 'kindred_msgs/SafetyFault']);
    expect(text.startsWith(readFileSync(join(root, 'runtime/msgs/kindred_msgs/msg/SafetyState.msg'), 'utf8').trimEnd())).toBe(true);
  });

  it('SafetyState constants and defaults match the safety design', () => {
    const def = messageDefinitions['kindred_msgs/msg/SafetyState'];
    expect(Object.fromEntries(def.constants.map((c) => [c.name, c.value]))).toEqual({
      NORMAL: 0,
      REDUCED_SPEED: 1,
      PROTECTIVE_STOP: 2,
      EMERGENCY_STOP: 3,
      RECOVERY: 4,
      STOP_CATEGORY_NONE: -1,
      STOP_CATEGORY_0: 0,
      STOP_CATEGORY_1: 1,
      STOP_CATEGORY_2: 2,
    });
    expect(def.fields.find((f) => f.name === 'active_faults')).toEqual({
      name: 'active_faults',
      type: 'kindred_msgs/msg/SafetyFault',
      isComplex: true,
      isArray: true,
    });
  });
});
