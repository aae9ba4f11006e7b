import { describe, expect, it } from 'vitest';
import { setup } from 'xstate';
import { defineBehavior, isSafetyStop, type KindredBehaviorEvent } from './conventions.js';

describe('defineBehavior', () => {
  const withSafety = setup({ types: { events: {} as KindredBehaviorEvent | { type: 'go' } } }).createMachine({ initial: 'a', states: { a: {} } });
  const withoutSafety = setup({ types: { events: {} as { type: 'go' } } }).createMachine({ initial: 'a', states: { a: {} } });

  it('accepts a machine whose events include the safety events, unchanged', () => {
    const d = { id: 'ok', machine: withSafety, description: { en: 'ok', zh: '好' }, explore: { events: [{ type: 'go' as const }], safetyBound: 1 } };
    expect(defineBehavior(d)).toBe(d);
  });

  it('refuses at compile time a machine that cannot receive safety.stop', () => {
    // @ts-expect-error the machine's events lack safety.stop and safety.estop
    const d = defineBehavior({ id: 'bad', machine: withoutSafety, description: { en: 'bad', zh: '坏' }, explore: { events: [{ type: 'go' }], safetyBound: 1 } });
    expect(d.id).toBe('bad');
  });

  it('isSafetyStop: safety.stop and safety.estop stop; safety.cleared and operator.stop do not', () => {
    expect([{ type: 'safety.stop' }, { type: 'safety.estop' }, { type: 'safety.cleared' }, { type: 'operator.stop' }].map(isSafetyStop)).toEqual([true, true, false, false]);
  });
});
