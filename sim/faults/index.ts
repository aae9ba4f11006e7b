export {
  FaultTable,
  FAULT_SLOTS,
  FAULT_MAX_DELAY_CYCLES,
  FAULT_TARGETS,
  STATE_FAULT_KINDS,
  COMMAND_FAULT_KINDS,
  ACTUATOR_FAULT_KINDS,
  BUS_FAULT_KINDS,
} from './FaultTable.js';
export type { ActiveFault, ActuatorFaultKind, BusFaultKind, CommandFaultKind, FaultReport, FaultSpec, FaultTarget, StateFaultKind } from './FaultTable.js';
