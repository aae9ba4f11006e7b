export type { HumanModel, HumanSignal, MjcfFragment } from './HumanModel.js';
export { createExoPatient, createPatientLegs, ExoPatientModel, EFFORT_VELOCITY_SCALE_RAD_PER_S, EFFORT_VARIATION_PERIOD_S } from './ExoPatient.js';
export type { ExoPatientOptions, PatientLegsOptions } from './ExoPatient.js';
export { exoPatientNames, JOINT_ARMATURE_KGM2 } from './exoPatientMjcf.js';
export { anthropometricLegChain, robotLegChain, ANATOMICAL_RANGE_RAD, SIDES } from './legGeometry.js';
export type { LegChain, Side } from './legGeometry.js';
export { createBedPatient, BedPatientModel, BED_POSTURE_CODES } from './BedPatient.js';
export type { BedPatientOptions } from './BedPatient.js';
export { BED_PATIENT_REGIONS, DEFAULT_BED_TOP } from './bedPatientMjcf.js';
export type { BedPatientRegion, BedTop } from './bedPatientMjcf.js';
export { createHomePerson, HomePersonModel, PERSON_POSTURE, FALL_DIRECTIONS, PERSON_TIMING } from './HomePerson.js';
export type { FallDirection, HomePersonOptions, PersonObserver, PersonPostureName } from './HomePerson.js';
export { hriMessagesFromPerson, personGroundTruthFromSignals, SIM_GROUND_TRUTH, SIM_WORLD_FRAME } from './hriGroundTruth.js';
export type { HriBodyPosture, HriGroundTruthMessage, HriIds, HriIdsList, PersonGroundTruth } from './hriGroundTruth.js';
export { bodyAnthropometry, legAnthropometry, SEGMENT_TABLE, STATURE_FRACTIONS } from './anthropometrics.js';
export type { BodyAnthropometry, LegAnthropometry, SegmentInertia } from './anthropometrics.js';
export { StretchReflex } from './StretchReflex.js';
export { verifyContactLayout, CONTACT_LAYOUT } from './contactLayout.js';
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
} from '../profiles/index.js';
export type { BedPatientProfile, ExoPatientProfile, HumanProfile, HumanProfileKind, PersonProfile } from '../profiles/index.js';
export type { PersonProfile as HomePersonProfile } from '../profiles/index.js';
