import { describe, expect, it } from 'vitest';
import { loadLaunchFile, toLoopConfig } from '../../launch/index.js';
import { resolveLimits } from '../../safety/index.js';
import { REHAB_DEMO_PLANS, REHAB_LAUNCH_FILE, rehabBehavior } from './index.js';
import { loadRehabPlan } from './plan/loadRehabPlan.js';
import { withPrescription } from './plan/prescriptionLayer.js';
import type { RehabInput } from './rehabContext.js';
import { controllerNames, modeControllers, REHAB_EXO_CONTROLLERS, streamController } from './rehabControllers.js';

describe('rehab as a shipped behaviour', () => {
  const launch = loadLaunchFile(REHAB_LAUNCH_FILE);

  it('its launch file has every controller the session switches to, of the right type; only the position controller starts', () => {
    const byName = new Map(launch.controllers.map((c) => [c.name, c]));
    for (const name of controllerNames(REHAB_EXO_CONTROLLERS)) expect(byName.has(name), name).toBe(true);
    expect(byName.get('legs_position')).toMatchObject({ type: 'forward_command', interface: 'position', autostart: true });
    expect(byName.get('legs_position')!.joints).toHaveLength(8);
    expect(byName.get('knees_assist')).toMatchObject({ type: 'assist_as_needed', interface: 'effort', autostart: false });
    expect(byName.get('knees_resist')).toMatchObject({ type: 'joint_impedance', autostart: false });
    expect(launch.controllers.filter((c) => c.autostart).map((c) => c.name)).toEqual(['legs_position']);
    // Each non-passive mode's controllers cover the eight leg joints exactly once.
    const modes = [
      ['knee_flexion_extension', 'active_assisted'],
      ['knee_flexion_extension', 'active'],
      ['knee_flexion_extension', 'resistive'],
      ['hip_flexion', 'active_assisted'],
    ] as const;
    for (const [kind, mode] of modes) {
      const joints = modeControllers(REHAB_EXO_CONTROLLERS, { kind, mode }).flatMap((n) => byName.get(n)!.joints);
      expect([...joints].sort()).toEqual([...byName.get('legs_position')!.joints].sort());
    }
    expect(streamController(REHAB_EXO_CONTROLLERS, { kind: 'hip_flexion', mode: 'active_assisted' })).toBe('hips_assist');
    expect(streamController(REHAB_EXO_CONTROLLERS, { kind: 'knee_flexion_extension', mode: 'resistive' })).toBeUndefined();
    // The hips have no compliant mode left to the patient (no gravity compensation).
    expect(() => modeControllers(REHAB_EXO_CONTROLLERS, { kind: 'hip_flexion', mode: 'resistive' })).toThrow(expect.objectContaining({ code: 'BEHAVIOR_REHAB_MODE_UNSUPPORTED' }));
  });

  it('prepare loads the default plan, adds its prescription as the SafetyGate layer, scripts the demo and bounds the run', () => {
    const run = rehabBehavior.prepare({});
    const input = run.input as RehabInput;
    expect(input.plan.name).toContain('Post-stroke knee');
    expect(input.controllers).toBe(REHAB_EXO_CONTROLLERS);
    const adjusted = run.launch!(launch);
    const layer = adjusted.safety!.layers.find((l) => l.name === 'prescription');
    expect(layer).toEqual({ name: 'prescription', joints: expect.objectContaining({ knee_left: { position: { lower: 0, upper: 1.1 }, velocity: 0.9, effort: 40 } }) });
    // The worker composes it over the robot description: the knee is now limited to the prescription.
    const limits = resolveLimits(toLoopConfig(adjusted, { type: 'plugin', name: 'sim', module: 'x', config: {} }).safety!);
    expect(limits.joints.find((j) => j.joint === 'knee_left')).toMatchObject({ position: { lower: 0, upper: 1.1 }, velocity: 0.9, effort: 40 });
    // Applying it twice keeps one prescription layer.
    expect(withPrescription(adjusted, input.plan).safety!.layers.filter((l) => l.name === 'prescription')).toHaveLength(1);
    expect(run.script[0]).toMatchObject({ intent: { name: 'ready', role: 'patient' } });
    expect(run.script.filter((s) => 'command' in s).map((s) => ('command' in s ? s.command : ''))).toEqual(['pause', 'resume']);
    expect(run.timeoutS).toBeGreaterThan(60);
  });

  it('prepare takes --plan and --script; a missing plan file is FILE_NOT_FOUND', () => {
    const run = rehabBehavior.prepare({ planFile: REHAB_DEMO_PLANS.hip_flexion, script: [{ atS: 2, intent: { name: 'start', role: 'therapist' } }] });
    expect((run.input as RehabInput).plan).toEqual(loadRehabPlan(REHAB_DEMO_PLANS.hip_flexion).data);
    expect(run.script).toEqual([{ atS: 2, intent: { name: 'start', role: 'therapist' } }]);
    expect(() => rehabBehavior.prepare({ planFile: '/no/such/plan.yaml' })).toThrow(expect.objectContaining({ code: 'FILE_NOT_FOUND' }));
  });

  it('declares its own actors besides Kindred’s, and its record is the session record', () => {
    expect(rehabBehavior.definition.id).toBe('rehab');
    expect(rehabBehavior.record!({ kind: 'rehab_session_record' })).toEqual({ kind: 'rehab_session_record' });
    const names = Object.keys((rehabBehavior.definition.machine.implementations as { actors: Record<string, unknown> }).actors);
    expect(names).toEqual(expect.arrayContaining(['moveJoints', 'followTrajectory', 'switchController', 'releaseHold', 'speak', 'intentEvents', 'patientSignals', 'watchJoints', 'publishSessionRecord', 'sessionTimer', 'setAssistance']));
  });
});
