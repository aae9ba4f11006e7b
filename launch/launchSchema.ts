import { z } from 'zod';
import { controllerTypes } from '../runtime/control/index.js';
import { LOOP_RATE_MAX_HZ, LOOP_RATE_MIN_HZ } from '../runtime/loop/index.js';

const jointName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a joint name of letters, digits and _');

const mockJoint = z.strictObject({
  name: jointName,
  command: z.array(z.enum(['position', 'velocity', 'effort'])).min(1).default(['position']),
  initialPositionRad: z.number().finite().optional(),
  min: z.number().finite().optional(),
  max: z.number().finite().optional(),
});

/**
 * A launch file: which robot, which hardware, which controllers with which parameters, the loop rate
 * and the services to start. Every key is checked; unknown keys are rejected.
 */
export const launchSchema = z.strictObject({
  kind: z.literal('launch'),
  name: z.string().min(1).describe('a short name for this deployment, shown in /healthz'),
  robot: z.strictObject({
    name: z.string().min(1),
  }),
  hardware: z.strictObject({
    type: z.enum(['mock']).describe('mock (sim arrives with the simulator, ros2 with the ROS 2 bridge)'),
    joints: z.array(mockJoint).min(1),
  }),
  loop: z
    .strictObject({
      rateHz: z.number().min(LOOP_RATE_MIN_HZ).max(LOOP_RATE_MAX_HZ).default(500),
      mode: z.enum(['realtime', 'lockstep']).default('realtime'),
      stallTimeoutMs: z.number().min(20).max(10_000).default(200),
      spinUs: z.number().min(0).max(2000).default(200),
    })
    .prefault({}),
  controllers: z
    .array(
      z.strictObject({
        name: z.string().min(1),
        type: z.enum(controllerTypes as [string, ...string[]]),
        joints: z.array(jointName).min(1),
        interface: z.enum(['position', 'velocity', 'effort']).default('position'),
        params: z.record(z.string(), z.number().finite()).default({}),
        autostart: z.boolean().default(true),
      }),
    )
    .default([]),
  services: z
    .strictObject({
      http: z
        .strictObject({
          enabled: z.boolean().default(true),
          host: z.string().default('127.0.0.1'),
          port: z.number().int().min(0).max(65535).default(8080),
        })
        .prefault({}),
    })
    .prefault({}),
  logging: z.strictObject({ level: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info') }).prefault({}),
});

export type LaunchFile = z.output<typeof launchSchema>;
