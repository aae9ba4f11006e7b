/**
 * A bounds-checked XCDR1 (plain CDR) reader for the two encapsulations ROS 2 uses, CDR_LE and CDR_BE.
 * Every read checks the remaining length first and throws a `CdrFault` naming the offset, so a
 * truncated or corrupt message never reads past its end or allocates from a garbage length.
 */
import { CdrFault } from './CdrFault.js';

/** Encapsulation kinds (second header byte) this reader accepts: 0 = CDR_BE, 1 = CDR_LE. */
const CDR_BE = 0x00;
const CDR_LE = 0x01;

export class CdrReader {
  readonly bytes: Uint8Array;
  private readonly view: DataView;
  private readonly le: boolean;
  /** Next byte to read. */
  offset = 4;
  readonly end: number;

  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
    this.end = bytes.length;
    if (bytes.length < 4) throw new CdrFault(`is ${bytes.length} bytes long; a CDR message has at least the 4-byte encapsulation header`, 0);
    const kind = bytes[1] ?? -1;
    if (bytes[0] !== 0 || (kind !== CDR_LE && kind !== CDR_BE)) {
      const header = Array.from(bytes.subarray(0, 4), (x) => x.toString(16).padStart(2, '0')).join(' ');
      throw new CdrFault(
        `starts with encapsulation header ${header}; expected 00 01 (CDR little-endian) or 00 00 (CDR big-endian), the plain XCDR1 ROS 2 uses`,
        0,
      );
    }
    this.le = kind === CDR_LE;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** Bytes left after the read position. */
  get remaining(): number {
    return this.end - this.offset;
  }

  private need(n: number, what: string): void {
    if (this.offset + n > this.end) {
      throw new CdrFault(`needs ${n} byte${n === 1 ? '' : 's'} for ${what} at offset ${this.offset}, but the message is ${this.end} bytes long`, this.offset);
    }
  }

  /** Skip padding up to a multiple of `n` counted from the end of the header. */
  align(n: number): void {
    const rem = (this.offset - 4) & (n - 1);
    if (rem !== 0) this.offset += n - rem;
  }

  uint8(): number {
    this.need(1, 'a uint8');
    return this.bytes[this.offset++] ?? 0;
  }

  int8(): number {
    this.need(1, 'an int8');
    return this.view.getInt8(this.offset++);
  }

  int16(): number {
    this.align(2);
    this.need(2, 'an int16');
    const v = this.view.getInt16(this.offset, this.le);
    this.offset += 2;
    return v;
  }

  uint16(): number {
    this.align(2);
    this.need(2, 'a uint16');
    const v = this.view.getUint16(this.offset, this.le);
    this.offset += 2;
    return v;
  }

  int32(): number {
    this.align(4);
    this.need(4, 'an int32');
    const v = this.view.getInt32(this.offset, this.le);
    this.offset += 4;
    return v;
  }

  uint32(): number {
    this.align(4);
    this.need(4, 'a uint32');
    const v = this.view.getUint32(this.offset, this.le);
    this.offset += 4;
    return v;
  }

  int64(): bigint {
    this.align(8);
    this.need(8, 'an int64');
    const v = this.view.getBigInt64(this.offset, this.le);
    this.offset += 8;
    return v;
  }

  uint64(): bigint {
    this.align(8);
    this.need(8, 'a uint64');
    const v = this.view.getBigUint64(this.offset, this.le);
    this.offset += 8;
    return v;
  }

  float32(): number {
    this.align(4);
    this.need(4, 'a float32');
    const v = this.view.getFloat32(this.offset, this.le);
    this.offset += 4;
    return v;
  }

  float64(): number {
    this.align(8);
    this.need(8, 'a float64');
    const v = this.view.getFloat64(this.offset, this.le);
    this.offset += 8;
    return v;
  }

  /**
   * A sequence length, checked against what is left: each element takes at least `minElementBytes`,
   * so a corrupt length is caught here rather than by allocating a huge array.
   */
  sequenceLength(minElementBytes: number): number {
    this.align(4);
    const at = this.offset;
    const n = this.uint32();
    if (n * minElementBytes > this.end - this.offset) {
      throw new CdrFault(
        `has a sequence length of ${n} at offset ${at}, but only ${this.end - this.offset} bytes follow (at least ${minElementBytes} per element)`,
        at,
      );
    }
    return n;
  }

  /** `n` raw bytes, copied (the result does not keep the input buffer alive). */
  byteArray(n: number): Uint8Array {
    this.need(n, `${n} array bytes`);
    const v = this.bytes.slice(this.offset, this.offset + n);
    this.offset += n;
    return v;
  }

  /** A string: uint32 length including the NUL, then UTF-8 bytes (invalid sequences become U+FFFD). */
  string(): string {
    this.align(4);
    const at = this.offset;
    const length = this.uint32();
    if (length > this.end - this.offset) {
      throw new CdrFault(`has a string length of ${length} at offset ${at}, but only ${this.end - this.offset} bytes follow`, at);
    }
    const start = this.offset;
    this.offset += length;
    if (length <= 1) return '';
    const stop = start + length - 1;
    const b = this.bytes;
    if (length <= 33) {
      let s = '';
      for (let i = start; i < stop; i++) {
        const c = b[i] ?? 0;
        if (c >= 0x80) return decoder.decode(b.subarray(start, stop));
        s += String.fromCharCode(c);
      }
      return s;
    }
    return decoder.decode(b.subarray(start, stop));
  }
}

const decoder = new TextDecoder('utf-8');
