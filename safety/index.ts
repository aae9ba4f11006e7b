export { SafetyGate } from './SafetyGate.js';
export type { GatedInterface, GatedTarget, GateCounters } from './SafetyGate.js';
export type { CycleStatus, GatedCommands, GatedWriter } from './GatedCommands.js';
