import { assign, setup } from 'xstate';
import { unboundBehaviorActors, type IntentEvent, type MotionResult } from '../../actors/index.js';
import { defineBehavior, type KindredBehaviorEvent } from '../../core/index.js';

/** The demo's input: which knee angle to move to, rad. */
export interface DemoInput {
  readonly targetRad: number;
}

/** What the demo reports when it ends. */
export interface DemoOutput {
  readonly moves: number;
  readonly ended: 'finished' | 'stopped';
}

/**
 * A small behaviour for the runner's tests, shaped like the real ones: says hello, waits for the
 * patient's "go", moves the knee (pausable, stoppable), stops safely on any safety event, and ends.
 */
export const demoMachine = setup({
  types: {
    context: {} as { targetRad: number; moves: number; last?: MotionResult; ended?: DemoOutput['ended'] },
    events: {} as KindredBehaviorEvent | IntentEvent<'go' | 'stop'>,
    input: {} as DemoInput,
    output: {} as DemoOutput,
  },
  actors: unboundBehaviorActors,
}).createMachine({
  id: 'demo',
  context: ({ input }) => ({ targetRad: input.targetRad, moves: 0 }),
  invoke: { id: 'intents', src: 'intentEvents', onError: '.stopped' },
  initial: 'greeting',
  on: {
    'safety.stop': '.safetyStopped',
    'safety.estop': '.safetyStopped',
  },
  states: {
    greeting: {
      tags: ['safe'],
      invoke: { id: 'hello', src: 'speak', input: { text_zh: '准备好了就说“开始”。', text_en: 'Say "go" when you are ready.' }, onDone: 'waiting', onError: 'waiting' },
    },
    waiting: { tags: ['safe'], on: { 'intent.go': 'moving', 'intent.stop': 'stopped' } },
    moving: {
      tags: ['pausable'],
      invoke: {
        id: 'move',
        src: 'moveJoints',
        input: ({ context }) => ({ controller: 'legs', joints: ['knee_left'], targets: [context.targetRad], durationS: 2 }),
        onDone: { target: 'finished', actions: assign({ moves: ({ context }) => context.moves + 1, last: ({ event }) => event.output }) },
        onError: 'stopped',
      },
      on: { 'operator.pause': 'paused', 'operator.stop': 'stopped', 'intent.stop': 'stopped' },
    },
    paused: { tags: ['safe', 'resumable'], on: { 'operator.resume': 'moving', 'operator.stop': 'stopped' } },
    safetyStopped: { tags: ['safe'], on: { 'safety.cleared': 'waiting', 'operator.stop': 'stopped' } },
    stopped: { tags: ['safe'], type: 'final', entry: assign({ ended: 'stopped' as const }) },
    finished: { tags: ['safe'], type: 'final', entry: assign({ ended: 'finished' as const }) },
  },
  output: ({ context }) => ({ moves: context.moves, ended: context.ended ?? 'stopped' }),
});

/** The demo as a shipped behaviour would declare it. */
export const demoBehavior = defineBehavior({
  id: 'demo',
  machine: demoMachine,
  description: { en: 'Runner test: greet, wait for "go", move the knee.', zh: '运行器测试：问候，等待“开始”，移动膝关节。' },
  explore: { events: [{ type: 'intent.go', role: 'patient', text: '', language: 'zh', confidence: 1, source: 'cli' }], safetyBound: 2, input: { targetRad: 0.5 } },
});
