import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isKindredError, type KindredError } from '../../runtime/errors/index.js';
import { readYamlFile } from '../../launch/index.js';
import { checkHumanProfile, defaultProfiles, loadHumanProfile } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'kindred-profiles-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

function failure(file: string): KindredError {
  try {
    loadHumanProfile(file);
  } catch (e) {
    if (isKindredError(e)) return e;
    throw e;
  }
  throw new Error(`${file} loaded without error`);
}

const PATIENT = 'kind: patient_profile\nageYears: 70\nsex: male\nheightM: 1.70\nmassKg: 70\n';
const PERSON = 'kind: person_profile\nname: Li\nageYears: 80\nsex: female\nheightM: 1.60\nmassKg: 55\n';

describe('shipped human profiles', () => {
  it.each(Object.entries(defaultProfiles))('%s loads and passes kindred check', (name, file) => {
    const p = loadHumanProfile(file);
    expect(p.kind).toBe(name.startsWith('exo') ? 'patient_profile' : name.startsWith('bed') ? 'bed_patient_profile' : 'person_profile');
    const line = checkHumanProfile(readYamlFile(file));
    expect(line).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: ok — ${p.kind}`));
    expect(line).not.toMatch(/\n/);
  });

  it('the spastic profile has knee spasticity and a fading effort; the default has none', () => {
    const spastic = loadHumanProfile(defaultProfiles.exo_patient_spastic);
    const normal = loadHumanProfile(defaultProfiles.exo_patient_default);
    expect(spastic.kind === 'patient_profile' && spastic.spasticity.enabled && spastic.spasticity.joints.knee !== undefined).toBe(true);
    expect(normal.kind === 'patient_profile' && !normal.spasticity.enabled).toBe(true);
    expect(checkHumanProfile(readYamlFile(defaultProfiles.exo_patient_spastic))).toMatch(/spasticity on \(knee, ankle\), effort helps 0.3/);
  });

  it('fills literature defaults for what a minimal profile leaves out', () => {
    const p = loadHumanProfile(write('minimal.yaml', PATIENT));
    if (p.kind !== 'patient_profile') throw new Error('wrong kind');
    expect(p.joints.knee).toEqual({ stiffnessNmPerRad: 5, dampingNmsPerRad: 0.5, neutralRad: 0, maxVoluntaryTorqueNm: 50 });
    expect(p.voluntaryEffort.mode).toBe('passive');
    expect(p.cuffs).toEqual({ stiffnessNPerM: 8000, dampingNsPerM: 250 });
    expect(Object.isFrozen(p.joints)).toBe(true);
  });
});

describe('bad profiles give coded errors at file:line:column', () => {
  it.each([
    ['unknown kind', 'kind: patient\n', 'CONFIG_INVALID', 1, 7, 'kind', 'patient', /one of patient_profile \| bed_patient_profile \| person_profile/],
    ['misspelt key', `${PATIENT}joints:\n  knee: { stifness: 3 }\n`, 'CONFIG_UNKNOWN_KEY', 7, 21, 'joints.knee.stifness', 3, /stiffnessNmPerRad/],
    ['negative stiffness', `${PATIENT}joints:\n  knee: { stiffnessNmPerRad: -3 }\n`, 'CONFIG_INVALID', 7, 30, 'joints.knee.stiffnessNmPerRad', -3, /a number between 0 and 200/],
    ['missing height', 'kind: bed_patient_profile\nageYears: 80\nsex: female\nmassKg: 50\n', 'CONFIG_MISSING_KEY', 1, 1, 'heightM', undefined, /a number between 1.2 and 2.2/],
    ['child age', PATIENT.replace('ageYears: 70', 'ageYears: 9'), 'CONFIG_INVALID', 2, 11, 'ageYears', 9, /between 18 and 110/],
    ['impossible body-mass index', PATIENT.replace('massKg: 70', 'massKg: 190'), 'HUMAN_PROFILE_IMPLAUSIBLE', 5, 9, 'massKg', 190, /body-mass index between 12 and 60/],
    [
      'effort profile going back in time',
      `${PATIENT}voluntaryEffort:\n  mode: helps\n  timeProfile:\n    - { tS: 10, level: 0.3 }\n    - { tS: 5, level: 0.1 }\n`,
      'HUMAN_PROFILE_IMPLAUSIBLE',
      10,
      13,
      'voluntaryEffort.timeProfile[1].tS',
      5,
      /> 10/,
    ],
    ['bad posture', 'kind: bed_patient_profile\nageYears: 80\nsex: female\nheightM: 1.6\nmassKg: 50\nposture: prone\n', 'CONFIG_INVALID', 6, 10, 'posture', 'prone', /supine \| lateral_left \| lateral_right/],
    ['unknown activity', `${PERSON}script:\n  - { atS: 1, do: jump }\n`, 'CONFIG_INVALID', 8, 19, 'script[0].do', 'jump', /walkTo \| sit \| stand \| lieDown \| fall/],
    ['unknown place', `${PERSON}places:\n  sofa: { x: 1, y: 1, surfaceHeightM: 0.45 }\nscript:\n  - { atS: 1, do: sit, on: bed }\n`, 'HUMAN_PROFILE_UNKNOWN_PLACE', 10, 28, 'script[0].on', 'bed', /sofa/],
    ['script out of order', `${PERSON}script:\n  - { atS: 5, do: stand }\n  - { atS: 2, do: stand }\n`, 'HUMAN_PROFILE_IMPLAUSIBLE', 9, 12, 'script[1].atS', 2, /≥ 5/],
    ['yaml syntax', 'kind: person_profile\nname: [unclosed\n', 'YAML_SYNTAX', 3, 1, undefined, undefined, /well-formed YAML/],
  ])('%s', (_label, text, code, line, column, field, value, expected) => {
    const file = write(`bad-${String(_label).replace(/\W+/g, '_')}.yaml`, text);
    const e = failure(file);
    expect(e.code).toBe(code);
    expect(e.context.file).toBe(file);
    expect([e.context.line, e.context.column]).toEqual([line, column]);
    expect(e.context.field).toBe(field);
    if (value !== undefined) expect(e.context.value).toEqual(value);
    expect(String(e.context.expected)).toMatch(expected);
    expect(e.format()).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:${line}:${column}: ${code} `));
  });

  it('a missing file is FILE_NOT_FOUND naming it', () => {
    const e = failure(join(dir, 'nope.yaml'));
    expect(e.code).toBe('FILE_NOT_FOUND');
    expect(e.message).toContain('nope.yaml');
  });
});
