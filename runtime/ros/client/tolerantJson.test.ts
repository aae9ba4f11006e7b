import { describe, expect, it } from 'vitest';
import { parseRosbridgeJson } from './tolerantJson.js';

describe('reading rosbridge_suite frames with non-finite floats', () => {
  it('reads bare NaN and ±Infinity inside arrays, as rosbridge_suite writes a JointState with unknown efforts', () => {
    const text = '{"op": "publish", "topic": "/joint_states", "msg": {"effort": [NaN, 1.5, Infinity, -Infinity], "position": [-1.0]}}';
    const frame = parseRosbridgeJson(text) as { msg: { effort: number[]; position: number[] } };
    expect(frame.msg.effort[0]).toBeNaN();
    expect(frame.msg.effort.slice(1)).toEqual([1.5, Infinity, -Infinity]);
    expect(frame.msg.position).toEqual([-1]);
  });

  it('leaves the same words inside strings alone', () => {
    const text = '{"msg": {"data": "NaN Infinity -Infinity \\"NaN\\""}, "x": NaN}';
    const frame = parseRosbridgeJson(text) as { msg: { data: string }; x: number };
    expect(frame.msg.data).toBe('NaN Infinity -Infinity "NaN"');
    expect(frame.x).toBeNaN();
  });

  it('still refuses text that is not JSON, with the parser’s own error', () => {
    expect(() => parseRosbridgeJson('{"op": publish}')).toThrow(SyntaxError);
    expect(() => parseRosbridgeJson('{"a": NaN')).toThrow(SyntaxError);
  });
});
