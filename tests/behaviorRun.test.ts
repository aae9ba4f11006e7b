// `kindred behavior run` as a behaviour developer uses it (issue 8): a behaviour runs headless against
// Kindred in lock-step, its script's inputs arrive at their simulated times on the same bus topics the
// tablet and voice will use, and the run's record comes back. The demo behaviour on mock joints keeps
// this test independent of the shipped behaviours (each has its own end-to-end test in the simulator).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoBehavior } from '../behaviors/runtime/testing/demoBehavior.js';
import type { ScriptedInput, ShippedBehavior } from '../behaviors/ShippedBehavior.js';
import { headlessLaunch, runShippedBehavior, startLiveBehavior } from '../runtime/cli/behaviorCommand.js';
import { loadLaunchFile } from '../launch/index.js';
import { silentLogger } from '../runtime/logging/index.js';

const dir = mkdtempSync(join(tmpdir(), 'kindred-behavior-'));
const launchFile = join(dir, 'demo.launch.yaml');
writeFileSync(
  launchFile,
  `kind: launch
name: demo
robot: { name: test_leg }
hardware: { type: mock, joints: [{ name: knee_left, min: -0.1, max: 1.5 }] }
loop: { rateHz: 200 }
controllers: [{ name: legs, type: forward_command, joints: [knee_left] }]
`,
);

const demo = (script: readonly ScriptedInput[]): ShippedBehavior => ({
  definition: demoBehavior,
  launchFile,
  prepare: () => ({ input: { targetRad: 0.6 }, script, timeoutS: 20 }),
});

describe('running a behaviour headless (kindred behavior run)', () => {
  it('makes a launch file lock-step and headless: no viewer, bridges or HTTP', () => {
    const l = headlessLaunch(loadLaunchFile(launchFile));
    expect(l.loop.mode).toBe('lockstep');
    expect(l.services.http.enabled).toBe(false);
    expect(l.services.rosbridge.enabled).toBe(false);
    expect(l.services.foxglove.enabled).toBe(false);
    expect(l.services.rclnodejs.enabled).toBe(false);
  });

  it('delivers the scripted intent at its time and returns the behaviour’s record', async () => {
    const run = await runShippedBehavior(demo([{ atS: 3, intent: { name: 'go', role: 'patient' } }]), { logger: silentLogger() });
    expect(run.result.status).toBe('done');
    expect(run.record).toEqual({ moves: 1, ended: 'finished' });
    // The intent came at 3 s and the move takes 2 s plus settling: the run cannot have ended before 5 s.
    expect(run.simulatedS).toBeGreaterThan(5);
  });

  it('an e-stop in the script reaches the behaviour as a safety event; the timeout stops a run that never ends', async () => {
    const run = await runShippedBehavior(demo([{ atS: 1, estop: 'tablet' }, { atS: 2, intent: { name: 'go', role: 'patient' } }]), { logger: silentLogger() });
    expect(run.result.state).toBe('safetyStopped');
    expect(run.result.status).toBe('stopped');
    expect(run.result.history.map((h) => h.type)).toContain('safety.estop');
    expect(run.simulatedS).toBeGreaterThanOrEqual(20);
  });
});

describe('a behaviour running live (kindred behavior start)', () => {
  it('is driven by an intent over the HTTP API and publishes its state on /behavior/status', async () => {
    const liveLaunch = join(dir, 'live.launch.yaml');
    writeFileSync(
      liveLaunch,
      `kind: launch
name: demo-live
robot: { name: test_leg }
hardware: { type: mock, joints: [{ name: knee_left, min: -0.1, max: 1.5 }] }
loop: { rateHz: 200 }
controllers: [{ name: legs, type: forward_command, joints: [knee_left] }]
services: { http: { port: 0 } }
`,
    );
    const live = await startLiveBehavior({ definition: demoBehavior, launchFile: liveLaunch, prepare: () => ({ input: { targetRad: 0.4 }, script: [], timeoutS: 30 }) }, { logger: silentLogger() });
    try {
      const states: string[] = [];
      live.kindred.bus.subscribe('/behavior/status', 'kindred_msgs/msg/BehaviorStatus', (m) => states.push(m.state));
      // Real time: wait until the greeting is over and it listens.
      const until = Date.now() + 10_000;
      while (live.runner.snapshot().value !== 'waiting' && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
      const res = await fetch(`${live.kindred.url}/api/intents`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'go', role: 'patient' }) });
      expect(res.status).toBe(200);
      const result = await live.runner.done();
      expect(result.status).toBe('done');
      expect(result.output).toEqual({ moves: 1, ended: 'finished' });
      expect(states).toEqual(expect.arrayContaining(['waiting', 'moving', 'finished']));
    } finally {
      await live.stop();
    }
  }, 60_000);
});
