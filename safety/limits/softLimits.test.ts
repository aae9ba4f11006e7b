import { describe, expect, it } from 'vitest';
import { SOFT_IO_LENGTH, SOFT_LIMIT_REACH_VELOCITY as REACH, softEffortBounds, SoftIo, softVelocityEnvelope } from './softLimits.js';

/** The envelope for hard [0, 2], soft limits sL/sU, k_position and V, at reference q and measured q_m. */
function envelope(reference: number, measured: number, vMax = 4, kPosition = 100, softLower = 0.1, softUpper = 1.9): [number, number] {
  const io = new Float64Array(SOFT_IO_LENGTH);
  io[SoftIo.lower] = 0;
  io[SoftIo.upper] = 2;
  io[SoftIo.softLower] = softLower;
  io[SoftIo.softUpper] = softUpper;
  io[SoftIo.kPosition] = kPosition;
  io[SoftIo.vMax] = vMax;
  io[SoftIo.reference] = reference;
  io[SoftIo.measured] = measured;
  softVelocityEnvelope(io);
  return [io[SoftIo.velocityMin]!, io[SoftIo.velocityMax]!];
}

// knee-like joint: hard [0, 2], soft [0.1, 1.9], k_position 100 /s, V 4 rad/s.
const bound = (side: -1 | 1, reference: number, measured: number, vMax = 4, kPosition = 100): number => envelope(reference, measured, vMax, kPosition)[side < 0 ? 0 : 1];

/** [e_min, e_max] for k_v, E, a velocity envelope [vMin, vMax] and measured velocity v_m. */
function effort(kVelocity: number, effortMax: number, vMin: number, vMax: number, vm: number): [number, number] {
  const io = new Float64Array(SOFT_IO_LENGTH);
  io[SoftIo.kVelocity] = kVelocity;
  io[SoftIo.effortMax] = effortMax;
  io[SoftIo.velocityMin] = vMin;
  io[SoftIo.velocityMax] = vMax;
  io[SoftIo.measuredVelocity] = vm;
  softEffortBounds(io);
  return [io[SoftIo.effortMin]!, io[SoftIo.effortMaxBound]!];
}

describe('soft velocity envelope (ros2_control JointSoftLimiter)', () => {
  it.each([
    // reference, v_min = clamp(−k_p·(q − sL), −V, V), v_max = clamp(−k_p·(q − sU), −V, V)
    [1.0, -4, 4],
    [1.89, -4, 1.0000000000000009],
    [1.9, -4, -0],
    [0.12, -2.0000000000000018, 4],
    [0.1, -0, 4],
  ])('q = %s → [%s, %s]', (q, vMin, vMax) => {
    expect(bound(-1, q, q)).toBeCloseTo(vMin, 12);
    expect(bound(1, q, q)).toBeCloseTo(vMax, 12);
  });

  it('creeps back at 1°/s while the measured position is beyond a soft limit', () => {
    // Command (reference) already beyond sU: both bounds negative → −1°/s each.
    expect(bound(-1, 1.95, 1.95)).toBe(-REACH);
    expect(bound(1, 1.95, 1.95)).toBe(-REACH);
    // Command inside, measurement beyond (tracking lag): ±1°/s.
    expect(bound(-1, 1.85, 1.95)).toBe(-REACH);
    expect(bound(1, 1.85, 1.95)).toBe(REACH);
    expect(REACH).toBeCloseTo(Math.PI / 180, 15);
  });

  it('freezes when the measured position is beyond the hard range by more than 0.002', () => {
    expect(bound(-1, 1.9, 2.0021)).toBe(0);
    expect(bound(1, 1.9, 2.0021)).toBe(0);
    // Within the tolerance the soft rule applies instead.
    expect(bound(1, 1.95, 2.0019)).toBe(-REACH);
  });

  it('is ±V without k_position or soft limits, and absent (±∞) without a velocity limit', () => {
    expect(bound(1, 1.89, 1.89, 4, 0)).toBe(4);
    expect(envelope(1.99, 1.99, 4, 100, -Infinity, Infinity)).toEqual([-4, 4]);
    expect(bound(-1, 1.89, 1.89, Infinity)).toBe(-Infinity);
  });
});

describe('soft effort bound', () => {
  it.each([
    // k_v, E, [v_min, v_max], v_m → clamp(−k_v·(v_m − v_min|max), −E, E)
    [10, 80, -4, 1, 0.5, -45, 5],
    [10, 80, -4, 4, 0, -40, 40],
    [10, 80, -4, 4, 10, -80, -60],
    [2000, 3000, -0.05, 0.05, 0, -100, 100],
  ])('k_v %s, E %s, [%s, %s], v_m %s → [%s, %s]', (kv, e, vMin, vMax, vm, eMin, eMax) => {
    const [lo, hi] = effort(kv, e, vMin, vMax, vm);
    expect(lo).toBeCloseTo(eMin, 12);
    expect(hi).toBeCloseTo(eMax, 12);
  });

  it('applies no bound without k_velocity, an effort limit or a measured velocity', () => {
    expect(effort(0, 80, -4, 1, 0.5)).toEqual([-80, 80]);
    expect(effort(10, Infinity, -4, 1, 0.5)).toEqual([-Infinity, Infinity]);
    expect(effort(10, 80, -4, 1, Number.NaN)).toEqual([-80, 80]);
  });
});
