import type { AnyMachineSnapshot, AnyStateMachine } from 'xstate';
import type { BehaviorDefinition } from '../core/conventions.js';
import type { EventSource } from './explorationEvents.js';
import { StateSpace } from './StateSpace.js';
import { defaultStateKey } from './stateKey.js';

/**
 * The state space a behaviour definition explores: its events, actor outputs, safety events and
 * state key, over `machine` (the definition's own with stand-in actors) from `input` (default: the
 * exploration's). Shared by the verifier and the model-based tests' graph.
 */
export function explorationSpace(definition: BehaviorDefinition, machine: AnyStateMachine, input: unknown = definition.explore.input): StateSpace {
  const explore = definition.explore;
  const source: EventSource = {
    behaviorId: definition.id,
    events: explore.events as EventSource['events'],
    actorOutputs: explore.actorOutputs ?? {},
    safetyEvents: explore.safetyEvents ?? [],
  };
  const stateKey = (explore.stateKey as ((s: AnyMachineSnapshot) => string) | undefined) ?? defaultStateKey;
  return new StateSpace(machine, source, stateKey, input);
}
