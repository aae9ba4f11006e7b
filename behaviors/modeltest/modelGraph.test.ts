import { describe, expect, it } from 'vitest';
import { buildModelGraph, drivableValues, planPath } from './modelGraph.js';
import { classifyEvent } from './stimuli.js';
import { generatePlan } from './testPlan.js';
import { swingBehavior } from './testing/swingBehavior.js';

const graph = buildModelGraph(swingBehavior({ brokenPause: false }).definition);

describe('model graph', () => {
  it('has the machine’s state values with what each offers', () => {
    expect([...graph.nodes.keys()].sort()).toEqual(['back', 'finished', 'out', 'paused', 'safetyStopped', 'stopped', 'waiting']);
    expect(graph.initial).toBe('waiting');
    const out = graph.nodes.get('out')!;
    expect(out).toMatchObject({ pausable: true, stopOffered: true, final: false, depth: 1 });
    expect(graph.nodes.get('paused')).toMatchObject({ pausable: false, stopOffered: true, tags: ['resumable', 'safe'] });
    expect(graph.nodes.get('finished')).toMatchObject({ final: true, stopOffered: false });
  });

  it('classes each edge by how the tester brings it about', () => {
    const kinds = (from: string): Record<string, string> => Object.fromEntries((graph.edges.get(from) ?? []).map((e) => [`${e.event.type}→${e.to}`, e.cls.kind]));
    expect(kinds('waiting')).toMatchObject({ 'intent.go→out': 'input', 'operator.stop→stopped': 'input', 'safety.estop→safetyStopped': 'input', 'safety.stop→safetyStopped': 'fault' });
    expect(kinds('out')).toMatchObject({ 'xstate.done.actor.out→back': 'natural', 'xstate.error.actor.out→stopped': 'fault', 'operator.pause→paused': 'input' });
  });

  it('plans the shortest path the tester can drive, never through a fault', () => {
    expect(planPath(graph, 'waiting', (v) => v === 'back')?.map((e) => `${e.from}--${e.event.type}-->${e.to}`)).toEqual(['waiting--intent.go-->out', 'out--xstate.done.actor.out-->back']);
    expect(planPath(graph, 'out', (v) => v === 'out')).toEqual([]);
    // Avoiding the intent leaves only the e-stop, its reset, and then the intent again: no way.
    expect(planPath(graph, 'waiting', (v) => v === 'out', new Set(['waiting|' + graph.edges.get('waiting')!.find((e) => e.event.type === 'intent.go')!.eventKey]))).toBeUndefined();
    expect(drivableValues(graph).has('finished')).toBe(true);
  });

  it('generates pause cases in one run, a stop for every state offering it, an e-stop where the work happens', () => {
    const plan = generatePlan(graph);
    expect(plan.runs[0]!.map((c) => `${c.probe} ${c.target}`)).toEqual(['pause out', 'pause back']);
    const single = plan.runs.slice(1).map((r) => {
      expect(r).toHaveLength(1);
      return `${r[0]!.probe} ${r[0]!.target}`;
    });
    expect(single.sort()).toEqual(['estop back', 'estop out', 'stop back', 'stop out', 'stop paused', 'stop safetyStopped', 'stop waiting'].sort());
    expect(plan.notGenerated).toEqual([]);
    expect(generatePlan(graph, ['stop']).runs.flat().every((c) => c.probe === 'stop')).toBe(true);
  });
});

describe('classifyEvent', () => {
  it('turns people’s and operators’ events into the inputs they would give', () => {
    expect(classifyEvent({ type: 'intent.好', role: 'caregiver', text: '好', language: 'zh' } as never)).toEqual({ kind: 'input', stimulus: { intent: { name: '好', role: 'caregiver', text: '好', language: 'zh' } } });
    expect(classifyEvent({ type: 'operator.resume' })).toEqual({ kind: 'input', stimulus: { command: 'resume' } });
    expect(classifyEvent({ type: 'safety.cleared' })).toEqual({ kind: 'input', stimulus: { safetyReset: true } });
    expect(classifyEvent({ type: 'patient.fatigue', level: 0.7 } as never)).toEqual({ kind: 'input', stimulus: { patientSignal: { kind: 'fatigue', level: 0.7 } } });
    expect(classifyEvent({ type: 'person.fallen' })).toMatchObject({ kind: 'input', stimulus: { sim: { op: 'human', command: { op: 'fall' } } } });
  });

  it('waits for what the system does by itself and never fakes a fault', () => {
    expect(classifyEvent({ type: 'xstate.after.5000.swing.out' }).kind).toBe('natural');
    expect(classifyEvent({ type: 'xstate.done.actor.move' }).kind).toBe('natural');
    expect(classifyEvent({ type: 'monitor.tick' }).kind).toBe('natural');
    expect(classifyEvent({ type: 'xstate.error.actor.move' }).kind).toBe('fault');
    expect(classifyEvent({ type: 'safety.stop' }).kind).toBe('fault');
    expect(classifyEvent({ type: 'monitor.anomaly' }).kind).toBe('fault');
    expect(classifyEvent({ type: 'monitor.anomaly' }, (e) => (e.type === 'monitor.anomaly' ? { kind: 'natural' } : undefined)).kind).toBe('natural');
  });
});
