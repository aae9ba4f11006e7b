import { describe, expect, it } from 'vitest';
import { FaultSlots } from './FaultSlots.js';
import { HardwareFaultMonitor } from './HardwareFaultMonitor.js';
import { createInputs, INPUT } from './Monitor.js';

function rig() {
  const slots = new FaultSlots();
  const m = new HardwareFaultMonitor(slots, 'stop0', [{ joint: 'knee_left', index: 1 }], 'stop1');
  slots.seal();
  const state = Float64Array.of(0.3, 1);
  const inputs = createInputs(0.002);
  return { slots, m, state, inputs };
}

describe('hardware monitor', () => {
  it('a failed hardware component is a fault in the cycle the manager counts it, for as long as it stays failed', () => {
    const { slots, m, state, inputs } = rig();
    expect(m.check(state, new Float64Array(0), inputs)).toBe(false);
    inputs[INPUT.HARDWARE_FAULTS] = 1;
    expect(m.check(state, new Float64Array(0), inputs)).toBe(true);
    expect(slots.specs()[0]).toMatchObject({ code: 'SAFETY_HARDWARE_FAULT', reaction: 'stop0' });
    expect(Array.from(slots.tripped)).toEqual([1, 0]);
  });

  it('a drive that switched itself off trips its own slot while torque should be on, and not during a stop that removed torque', () => {
    const { slots, m, state, inputs } = rig();
    state[1] = 0;
    expect(m.check(state, new Float64Array(0), inputs)).toBe(true);
    expect(slots.specs()[1]).toMatchObject({ code: 'SAFETY_DRIVE_DISABLED', subject: 'knee_left', reaction: 'stop1' });
    expect(Array.from(slots.tripped)).toEqual([0, 1]);
    inputs[INPUT.TORQUE_ON] = 0;
    expect(m.check(state, new Float64Array(0), inputs)).toBe(false);
    inputs[INPUT.TORQUE_ON] = 1;
    state[1] = 1;
    expect(m.check(state, new Float64Array(0), inputs)).toBe(false);
  });
});
