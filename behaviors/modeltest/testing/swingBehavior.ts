import { fileURLToPath } from 'node:url';
import { setup } from 'xstate';
import { unboundBehaviorActors, type IntentEvent } from '../../actors/index.js';
import { defineBehavior, type KindredBehaviorEvent } from '../../core/index.js';
import type { ShippedBehavior } from '../../ShippedBehavior.js';

const REHAB_LAUNCH = fileURLToPath(new URL('../../../launch/rehab_exo.launch.yaml', import.meta.url));

const swingOut = { controller: 'legs_position', joints: ['hip_flexion_left', 'knee_left'], targets: [0.5, 0.7], durationS: 5 } as const;
const swingBack = { controller: 'legs_position', joints: ['hip_flexion_left', 'knee_left'], targets: [0.5, 0.3], durationS: 5 } as const;

/**
 * A small knee-swing behaviour on the simulated exoskeleton for the model-based tester's own tests:
 * waits for "go", lifts the left leg (hip and knee, as the rehab calibration does) and swings the knee back (pausable, stoppable), and ends. With
 * `brokenPause` its paused state carries on swinging — the mistake a model-based test must catch
 * and the verifier cannot (the tags and the actors' cancellation are all in order).
 */
export function swingBehavior(options: { brokenPause: boolean }): ShippedBehavior {
  const machine = setup({
    types: { events: {} as KindredBehaviorEvent | IntentEvent<'go'>, output: {} as { ended: string } },
    actors: unboundBehaviorActors,
  }).createMachine({
    id: 'swing',
    invoke: { id: 'intents', src: 'intentEvents', onError: '.stopped' },
    initial: 'waiting',
    on: { 'safety.stop': '.safetyStopped', 'safety.estop': '.safetyStopped' },
    states: {
      waiting: { tags: ['safe'], on: { 'intent.go': 'out', 'operator.stop': 'stopped' } },
      out: {
        tags: ['pausable'],
        invoke: { id: 'out', src: 'moveJoints', input: swingOut, onDone: 'back', onError: 'stopped' },
        on: { 'operator.pause': 'paused', 'operator.stop': 'stopped' },
      },
      back: {
        tags: ['pausable'],
        invoke: { id: 'back', src: 'moveJoints', input: swingBack, onDone: 'finished', onError: 'stopped' },
        on: { 'operator.pause': 'paused', 'operator.stop': 'stopped' },
      },
      paused: {
        tags: ['safe', 'resumable'],
        ...(options.brokenPause ? { invoke: { id: 'stillSwinging', src: 'moveJoints', input: swingOut, onDone: 'finished', onError: 'stopped' } } : {}),
        on: { 'operator.resume': 'out', 'operator.stop': 'stopped' },
      },
      safetyStopped: { tags: ['safe'], on: { 'safety.cleared': 'waiting', 'operator.stop': 'stopped' } },
      stopped: { tags: ['safe'], type: 'final' },
      finished: { tags: ['safe'], type: 'final' },
    },
    output: () => ({ ended: 'yes' }),
  });
  const definition = defineBehavior({
    id: options.brokenPause ? 'swing_broken_pause' : 'swing',
    machine,
    description: { en: 'Model-based tester test: swing the left knee.', zh: '基于模型测试的测试：摆动左膝。' },
    explore: { events: [{ type: 'intent.go', role: 'patient', text: '开始', language: 'zh', confidence: 1, source: 'cli' }], safetyBound: 2 },
  });
  return { definition, launchFile: REHAB_LAUNCH, prepare: () => ({ input: undefined, script: [], timeoutS: 60 }) };
}
