import { describe, expect, it } from 'vitest';
import { isKindredError } from '../../runtime/errors/index.js';
import type { BehaviorDefinition } from '../core/conventions.js';
import { toyTransfer } from './testing/toyTransfer.js';
import { verifyBehavior } from './verifyBehavior.js';

const base = toyTransfer as BehaviorDefinition;

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('verifyBehavior refuses definitions it cannot work with', () => {
  it.each([
    { field: 'id', definition: { ...base, id: 'Toy Transfer' } },
    { field: 'machine', definition: { ...base, machine: {} } },
    { field: 'description.en', definition: { ...base, description: { en: ' ', zh: '转移' } } },
    { field: 'description.zh', definition: { ...base, description: { en: 'transfer', zh: 'transfer' } } },
    { field: 'explore.safetyBound', definition: { ...base, explore: { ...base.explore, safetyBound: 0 } } },
    { field: 'explore.safetyBound', definition: { ...base, explore: { ...base.explore, safetyBound: 2.5 } } },
    { field: 'explore.maxDepth', definition: { ...base, explore: { ...base.explore, maxDepth: -1 } } },
    { field: 'explore.maxStates', definition: { ...base, explore: { ...base.explore, maxStates: Number.NaN } } },
    { field: 'explore.events', definition: { ...base, explore: { ...base.explore, events: 'caregiver.confirm' } } },
    { field: 'explore.actorOutputs.lift', definition: { ...base, explore: { ...base.explore, actorOutputs: { lift: [] } } } },
    { field: 'explore.safetyEvents[0]', definition: { ...base, explore: { ...base.explore, safetyEvents: [{ type: 'safety.cleared' }] } } },
  ])('$field: BEHAVIOR_DEFINITION_INVALID naming the field', ({ field, definition }) => {
    const e = thrown(() => verifyBehavior(definition as unknown as BehaviorDefinition));
    expect(isKindredError(e, 'BEHAVIOR_DEFINITION_INVALID')).toBe(true);
    expect((e as { context: { field?: string } }).context.field).toBe(field);
    expect((e as Error).message).toMatch(new RegExp(`^behaviour [a-zA-Z? -]+: ${field.replace(/[.[\]]/g, '\\$&')} is .*; expected `));
  });

  it('an explore.events function that throws: BEHAVIOR_EXPLORE_EVENTS_INVALID naming the state', () => {
    const definition: BehaviorDefinition = {
      ...base,
      explore: {
        ...base.explore,
        events: (snapshot) => {
          if (snapshot.matches('holding')) throw new Error('no sample for holding');
          return [{ type: 'caregiver.confirm' }];
        },
      },
    };
    const e = thrown(() => verifyBehavior(definition));
    expect(isKindredError(e, 'BEHAVIOR_EXPLORE_EVENTS_INVALID')).toBe(true);
    expect((e as Error).message).toBe('behaviour toy-transfer: explore.events threw in state holding: no sample for holding');
  });

  it('an explore.events entry without a type: BEHAVIOR_EXPLORE_EVENTS_INVALID naming the index', () => {
    const e = thrown(() => verifyBehavior({ ...base, explore: { ...base.explore, events: [{ type: 'caregiver.confirm' }, { kind: 'x' } as never] } }));
    expect(isKindredError(e, 'BEHAVIOR_EXPLORE_EVENTS_INVALID')).toBe(true);
    expect((e as { context: { field?: string } }).context.field).toBe('explore.events[1]');
  });
});
