import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { parseYaml, readYamlFile, type YamlSource } from '../../launch/readYaml.js';
import { KindredError } from '../../runtime/errors/index.js';
import { validateConfig } from '../../runtime/params/index.js';
import { bedPatientProfileSchema, type BedPatientProfile } from './bedPatientProfile.js';
import { BMI_RANGE } from './common.js';
import { exoPatientProfileSchema, type ExoPatientProfile } from './exoPatientProfile.js';
import { personProfileSchema, type PersonProfile } from './personProfile.js';

/** Any validated human profile, told apart by `kind`. */
export type HumanProfile = ExoPatientProfile | BedPatientProfile | PersonProfile;
export type HumanProfileKind = HumanProfile['kind'];

const schemas = {
  patient_profile: exoPatientProfileSchema,
  bed_patient_profile: bedPatientProfileSchema,
  person_profile: personProfileSchema,
} as const;

/** The `kind:` values of human profiles (what `kindred check` recognises as a human profile). */
export const HUMAN_PROFILE_KINDS = Object.keys(schemas) as readonly HumanProfileKind[];

const kindOnly = z.looseObject({ kind: z.enum(HUMAN_PROFILE_KINDS as [HumanProfileKind, ...HumanProfileKind[]]) });

/** The shipped profiles: name → absolute path of the YAML file. */
export const defaultProfiles = Object.freeze({
  exo_patient_default: fileURLToPath(new URL('./exo_patient_default.yaml', import.meta.url)),
  exo_patient_spastic: fileURLToPath(new URL('./exo_patient_spastic.yaml', import.meta.url)),
  bed_patient_default: fileURLToPath(new URL('./bed_patient_default.yaml', import.meta.url)),
  person_default: fileURLToPath(new URL('./person_default.yaml', import.meta.url)),
});

function implausible(source: YamlSource, path: (string | number)[], message: string, value: unknown, expected: string): KindredError {
  const field = path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('').replace(/^\./, '');
  return new KindredError('HUMAN_PROFILE_IMPLAUSIBLE', `${field} ${message}`, {
    file: source.file,
    ...source.locate(path),
    field,
    value,
    expected,
  });
}

/** Checks across fields that a schema of independent ranges cannot express. */
function crossCheck(profile: HumanProfile, source: YamlSource): void {
  const bmi = profile.massKg / (profile.heightM * profile.heightM);
  if (bmi < BMI_RANGE.min || bmi > BMI_RANGE.max) {
    throw implausible(
      source,
      ['massKg'],
      `is ${profile.massKg} kg for ${profile.heightM} m: a body-mass index of ${bmi.toFixed(1)} kg/m²; expected ${BMI_RANGE.min}–${BMI_RANGE.max} kg/m²`,
      profile.massKg,
      `a body-mass index between ${BMI_RANGE.min} and ${BMI_RANGE.max} kg/m²`,
    );
  }
  if (profile.kind === 'patient_profile') {
    const points = profile.voluntaryEffort.timeProfile ?? [];
    points.forEach((p, i) => {
      const prev = points[i - 1];
      if (prev !== undefined && p.tS <= prev.tS) {
        throw implausible(source, ['voluntaryEffort', 'timeProfile', i, 'tS'], `is ${p.tS} s, not after the previous point's ${prev.tS} s; expected increasing times`, p.tS, `> ${prev.tS}`);
      }
    });
  }
  if (profile.kind === 'person_profile') {
    profile.script.forEach((a, i) => {
      const prev = profile.script[i - 1];
      if (prev !== undefined && a.atS < prev.atS) {
        throw implausible(source, ['script', i, 'atS'], `is ${a.atS} s, before the previous activity's ${prev.atS} s; expected activities in time order`, a.atS, `≥ ${prev.atS}`);
      }
      if ((a.do === 'sit' || a.do === 'lieDown') && a.on !== undefined && !Object.hasOwn(profile.places, a.on)) {
        const known = Object.keys(profile.places);
        throw new KindredError(
          'HUMAN_PROFILE_UNKNOWN_PLACE',
          `script[${i}].on is ${JSON.stringify(a.on)}; expected one of the places: ${known.length === 0 ? '(none defined)' : known.join(', ')}`,
          { file: source.file, ...source.locate(['script', i, 'on']), field: `script[${i}].on`, value: a.on, expected: known.length === 0 ? 'a place defined under places' : known.join(' | ') },
        );
      }
    });
  }
}

/**
 * Validate a parsed human profile: pick the schema by `kind`, apply defaults, reject unknown keys,
 * then check what spans fields (body-mass index, time order, place names). Errors carry file, line,
 * column, field, value and expected.
 */
export function validateHumanProfile(source: YamlSource): HumanProfile {
  const { kind } = validateConfig(kindOnly, source.data, { file: source.file, locate: (p) => source.locate(p) });
  const profile = validateConfig(schemas[kind], source.data, { file: source.file, locate: (p) => source.locate(p) }) as HumanProfile;
  crossCheck(profile, source);
  return profile;
}

/** Read, parse and validate a human profile YAML file (`kind: patient_profile | bed_patient_profile | person_profile`). */
export function loadHumanProfile(file: string): HumanProfile {
  return validateHumanProfile(readYamlFile(file));
}

/** Validate profile data given in memory (tests, scenarios, plugin config); `label` names it in errors. */
export function parseHumanProfile(data: unknown, label = '<profile>'): HumanProfile {
  return validateHumanProfile({ file: label, data, locate: () => undefined });
}

/** Parse and validate profile YAML text (e.g. a profile edited in the UI); `file` names it in errors. */
export function parseHumanProfileText(text: string, file: string): HumanProfile {
  return validateHumanProfile(parseYaml(text, file));
}

/** Load one of the shipped profiles by name. */
export function loadDefaultProfile(name: keyof typeof defaultProfiles): HumanProfile {
  return loadHumanProfile(defaultProfiles[name]);
}

/** True when parsed YAML data declares one of the human profile kinds (for `kindred check`'s dispatch). */
export function isHumanProfileKind(kind: unknown): kind is HumanProfileKind {
  return typeof kind === 'string' && (HUMAN_PROFILE_KINDS as readonly string[]).includes(kind);
}

/**
 * What `kindred check` prints for a human profile: validate `source` (already parsed, with positions)
 * and summarise it in one line, e.g. `exo_patient_spastic.yaml: ok — patient_profile, 72 kg, 1.70 m,
 * spasticity on (knee), effort helps 0.3`.
 */
export function checkHumanProfile(source: YamlSource): string {
  const p = validateHumanProfile(source);
  const body = `${p.massKg} kg, ${p.heightM.toFixed(2)} m, ${p.ageYears} y`;
  switch (p.kind) {
    case 'patient_profile': {
      const spastic = Object.entries(p.spasticity.joints).filter(([, v]) => v !== undefined).map(([k]) => k);
      const sp = p.spasticity.enabled && spastic.length > 0 ? `spasticity on (${spastic.join(', ')})` : 'no spasticity';
      return `${source.file}: ok — patient_profile, ${body}, ${sp}, effort ${p.voluntaryEffort.mode} ${p.voluntaryEffort.level}, cuffs ${p.cuffs.stiffnessNPerM} N/m`;
    }
    case 'bed_patient_profile':
      return `${source.file}: ok — bed_patient_profile, ${body}, ${p.posture}, tone ${p.muscleTone}`;
    case 'person_profile':
      return `${source.file}: ok — person_profile ${JSON.stringify(p.name)}, ${body}, walks ${p.walkingSpeedMPerS} m/s, ${Object.keys(p.places).length} places, ${p.script.length} scripted activities`;
  }
}

