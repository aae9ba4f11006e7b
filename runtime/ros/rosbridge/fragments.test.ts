import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileAllowList, resolveMessageType, resolveName } from './names.js';
import { Defragmenter, fragmentFrames } from './fragments.js';
import { parseClientOp } from './protocol.js';

const limits = { maxChars: 1_000_000, maxPending: 4, timeoutNs: 1_000_000_000n };

describe('fragments', () => {
  it('joins its own fragments back into the text, whatever the order and size (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), fc.integer({ min: 1, max: 50 }), fc.infiniteStream(fc.nat()), (text, size, randoms) => {
        const frames = fragmentFrames('m', text.length === 0 ? ' ' : text, size).map((f) => parseClientOp(JSON.parse(f)));
        const order = frames.map((_, i) => i).sort(() => (randoms.next().value % 3) - 1);
        const d = new Defragmenter(limits, () => 0n);
        let joined: string | undefined;
        for (const i of order) {
          const p = frames[i];
          if (p === undefined || !p.ok || p.op.op !== 'fragment') throw new Error('not a fragment op');
          const outcome = d.add(p.op.id, p.op.data, p.op.num, p.op.total);
          if (outcome.kind === 'complete') joined = outcome.text;
        }
        expect(joined).toBe(text.length === 0 ? ' ' : text);
        expect(d.unfinished).toBe(0);
      }),
    );
  });

  it('bounds what it holds: unfinished messages, characters, and age', () => {
    let now = 0n;
    const d = new Defragmenter({ maxChars: 10, maxPending: 2, timeoutNs: 100n }, () => now);
    expect(d.add('a', 'xx', 0, 2).kind).toBe('waiting');
    expect(d.add('b', 'xx', 0, 2).kind).toBe('waiting');
    expect(d.add('c', 'xx', 0, 2)).toEqual({ kind: 'refused', problem: '2 fragmented messages are already unfinished; expected at most 2' });
    expect(d.add('a', 'x'.repeat(9), 1, 2).kind).toBe('refused');
    expect(d.unfinished).toBe(1);
    now = 101n;
    expect(d.add('d', 'yy', 0, 2).kind).toBe('waiting');
    expect(d.unfinished).toBe(1);
    expect(d.add('d', 'zz', 0, 3).kind).toBe('refused');
  });
});

describe('names', () => {
  it.each([
    ['chatter', '/chatter'],
    ['/joint_states', '/joint_states'],
    ['rosapi/topics', '/rosapi/topics'],
    ['/a//b', undefined],
    ['/trailing/', undefined],
    ['/9lives', undefined],
    ['/has space', undefined],
    ['', undefined],
  ])('resolves %j to %j', (name, resolved) => {
    expect(resolveName(name)).toBe(resolved);
  });

  it('accepts short and long message type names', () => {
    expect(resolveMessageType('sensor_msgs/JointState')).toBe('sensor_msgs/msg/JointState');
    expect(resolveMessageType('sensor_msgs/msg/JointState')).toBe('sensor_msgs/msg/JointState');
    expect(resolveMessageType('sensor_msgs/msg/Nope')).toBeUndefined();
  });

  it('matches the allow-list by exact name or glob, and allows nothing when empty', () => {
    const allowed = compileAllowList(['/kindred/estop_request', 'cmd/*', '/arm_?/goal']);
    expect(['/kindred/estop_request', '/cmd/vel', '/cmd/a/b', '/arm_1/goal'].map(allowed)).toEqual([true, true, true, true]);
    expect(['/kindred/estop', '/cmdx', '/arm_12/goal', '/joint_commands'].map(allowed)).toEqual([false, false, false, false]);
    expect(compileAllowList([])('/anything')).toBe(false);
  });
});
