export { FaultTable, FAULT_SLOTS, FAULT_MAX_DELAY_CYCLES, STATE_FAULT_KINDS, COMMAND_FAULT_KINDS, ACTUATOR_FAULT_KINDS } from './FaultTable.js';
export type { ActiveFault, ActuatorFaultKind, CommandFaultKind, FaultSpec, FaultTarget, StateFaultKind } from './FaultTable.js';
