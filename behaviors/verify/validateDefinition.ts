import { StateMachine } from 'xstate';
import { KindredError, show } from '../../runtime/errors/index.js';
import type { BehaviorDefinition } from '../core/conventions.js';

const ID = /^[a-z][a-z0-9_-]*$/;
const HAN = /[\u4e00-\u9fff]/;

function invalid(id: string, field: string, value: unknown, expected: string): KindredError {
  return new KindredError('BEHAVIOR_DEFINITION_INVALID', `behaviour ${id}: ${field} is ${show(value)}; expected ${expected}`, { field, value, expected });
}

function positiveInteger(id: string, field: string, value: unknown, optional: boolean): void {
  if (optional && value === undefined) return;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw invalid(id, field, value, 'an integer ≥ 1');
}

/**
 * Checks a behaviour definition's shape before any exploration, so a mistake in it is reported
 * as such (BEHAVIOR_DEFINITION_INVALID, naming the field) and never as a problem of the machine.
 */
export function validateDefinition(definition: BehaviorDefinition): void {
  const d = definition as Partial<BehaviorDefinition> | null | undefined;
  if (typeof d !== 'object' || d === null) throw invalid('?', 'definition', d, 'a behaviour definition object');
  const id = typeof d.id === 'string' ? d.id : '?';
  if (typeof d.id !== 'string' || !ID.test(d.id)) throw invalid(id, 'id', d.id, 'lower-case letters, digits, - or _, starting with a letter');
  if (!(d.machine instanceof StateMachine)) throw invalid(id, 'machine', d.machine === undefined ? undefined : typeof d.machine, 'an XState v5 machine (setup(...).createMachine(...))');
  const description = d.description as Partial<BehaviorDefinition['description']> | undefined;
  if (typeof description?.en !== 'string' || description.en.trim() === '') throw invalid(id, 'description.en', description?.en, 'a non-empty English description');
  if (typeof description.zh !== 'string' || !HAN.test(description.zh)) throw invalid(id, 'description.zh', description.zh, 'a Chinese description');
  const explore = d.explore as Partial<BehaviorDefinition['explore']> | undefined;
  if (typeof explore !== 'object' || explore === null) throw invalid(id, 'explore', explore, 'the exploration settings { events, safetyBound, ... }');
  positiveInteger(id, 'explore.safetyBound', explore.safetyBound, false);
  positiveInteger(id, 'explore.maxDepth', explore.maxDepth, true);
  positiveInteger(id, 'explore.maxStates', explore.maxStates, true);
  if (!Array.isArray(explore.events) && typeof explore.events !== 'function') throw invalid(id, 'explore.events', explore.events, 'a list of events or a function of the state returning one');
  if (explore.stateKey !== undefined && typeof explore.stateKey !== 'function') throw invalid(id, 'explore.stateKey', explore.stateKey, 'a function of the state returning a string');
  if (explore.actorOutputs !== undefined) {
    for (const [name, outputs] of Object.entries(explore.actorOutputs)) {
      if (!Array.isArray(outputs) || outputs.length === 0) throw invalid(id, `explore.actorOutputs.${name}`, outputs, 'a non-empty list of outputs');
    }
  }
  for (const [i, e] of (explore.safetyEvents ?? []).entries()) {
    if (e.type !== 'safety.stop' && e.type !== 'safety.estop') throw invalid(id, `explore.safetyEvents[${i}]`, e, 'a safety.stop or safety.estop event');
  }
}
