export { DriveBank, DEFAULT_DRIVE_OPTIONS, DRIVE_MODE, DRIVE_MODE_NAMES, FAULT_EFFECT } from './DriveBank.js';
export type { DriveJoint, DriveModeName, DriveOptions, DriveViews } from './DriveBank.js';
