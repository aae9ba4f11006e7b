import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { messageDataFrame, parseClientBinary, serviceCallResponseFrame, timeFrame } from './binaryFrames.js';

/** A client frame laid out as the spec's tables say, written independently of the parser. */
function serviceCallRequest(serviceId: number, callId: number, encoding: string, data: Uint8Array): Buffer {
  const enc = Buffer.from(encoding, 'utf8');
  const head = Buffer.alloc(13);
  head[0] = 2;
  head.writeUInt32LE(serviceId, 1);
  head.writeUInt32LE(callId, 5);
  head.writeUInt32LE(enc.length, 9);
  return Buffer.concat([head, enc, data]);
}

const u32 = fc.integer({ min: 0, max: 0xffff_ffff });

describe('binary frames', () => {
  it('parses any service call request the spec allows, field for field', () => {
    fc.assert(
      fc.property(u32, u32, fc.string({ maxLength: 20 }), fc.uint8Array({ maxLength: 64 }), (serviceId, callId, encoding, data) => {
        const parsed = parseClientBinary(serviceCallRequest(serviceId, callId, encoding, data));
        expect(parsed.op === 'serviceCallRequest' ? { ...parsed, data: [...parsed.data] } : parsed).toEqual({ op: 'serviceCallRequest', serviceId, callId, encoding, data: [...data] });
      }),
    );
  });

  it('parses client message data and never throws on truncated frames', () => {
    fc.assert(
      fc.property(u32, fc.uint8Array({ maxLength: 64 }), fc.integer({ min: 0, max: 12 }), (channelId, data, cut) => {
        const frame = Buffer.concat([Buffer.from([1, 0, 0, 0, 0]), data]);
        frame.writeUInt32LE(channelId, 1);
        const whole = parseClientBinary(frame);
        expect(whole.op === 'messageData' ? { ...whole, data: [...whole.data] } : whole).toEqual({ op: 'messageData', channelId, data: [...data] });
        const truncated = parseClientBinary(frame.subarray(0, Math.min(cut, 4)));
        expect(truncated.op).toBe('invalid');
      }),
    );
  });

  it('writes message data, time and service call response frames little-endian as the spec lays them out', () => {
    const md = messageDataFrame(0x01020304, 0x1122334455667788n, new Uint8Array([9, 8, 7]));
    expect([...md]).toEqual([1, 4, 3, 2, 1, 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11, 9, 8, 7]);
    expect([...timeFrame(258n)]).toEqual([2, 2, 1, 0, 0, 0, 0, 0, 0]);
    const r = serviceCallResponseFrame(5, 6, 'json', new Uint8Array([123, 125]));
    expect([...r]).toEqual([3, 5, 0, 0, 0, 6, 0, 0, 0, 4, 0, 0, 0, 106, 115, 111, 110, 123, 125]);
  });
});
