export { exoPatientProfileSchema, PATIENT_JOINT_TYPES } from './exoPatientProfile.js';
export type { ExoPatientProfile, PatientJointType } from './exoPatientProfile.js';
export { bedPatientProfileSchema } from './bedPatientProfile.js';
export type { BedPatientProfile } from './bedPatientProfile.js';
export { personProfileSchema } from './personProfile.js';
export type { PersonActivity, PersonProfile } from './personProfile.js';
export { BMI_RANGE } from './common.js';
export {
  checkHumanProfile,
  defaultProfiles,
  HUMAN_PROFILE_KINDS,
  isHumanProfileKind,
  loadDefaultProfile,
  loadHumanProfile,
  parseHumanProfile,
  parseHumanProfileText,
  validateHumanProfile,
} from './loadHumanProfile.js';
export type { HumanProfile, HumanProfileKind } from './loadHumanProfile.js';
