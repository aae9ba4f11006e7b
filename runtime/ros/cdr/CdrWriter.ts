/**
 * A growable little-endian XCDR1 (plain CDR) writer, the encoding ROS 2 puts on the wire and
 * rosbag2 stores: a 4-byte encapsulation header `00 01 00 00` (CDR_LE, options 0), then every
 * primitive aligned to its own size (8-byte types to 8) counted from the end of that header.
 *
 * One writer is reused across messages (`reset`), so encoding allocates only the returned copy.
 * Strings are written as UTF-8: a uint32 byte count including the terminating NUL, the bytes, NUL.
 * (`@foxglove/cdr`'s writer sizes strings by UTF-16 length and cuts non-ASCII text short, which is
 * one reason Kindred has its own.)
 */
export class CdrWriter {
  private buf: Uint8Array;
  private view: DataView;
  /** Next byte to write; alignment is relative to byte 4 (after the encapsulation header). */
  offset = 4;

  constructor(initialBytes = 4096) {
    this.buf = new Uint8Array(Math.max(64, initialBytes));
    this.view = new DataView(this.buf.buffer);
    this.reset();
  }

  /** Start a new message: write the CDR_LE encapsulation header. */
  reset(): void {
    const b = this.buf;
    b[0] = 0x00;
    b[1] = 0x01;
    b[2] = 0x00;
    b[3] = 0x00;
    this.offset = 4;
  }

  /** A copy of the bytes written since `reset`. */
  toBytes(): Uint8Array {
    return this.buf.slice(0, this.offset);
  }

  /** Give back the memory a one-off large message grew the buffer to (above 4 MiB). */
  shrink(): void {
    if (this.buf.length <= 4 * 1024 * 1024) return;
    this.buf = new Uint8Array(64 * 1024);
    this.view = new DataView(this.buf.buffer);
    this.reset();
  }

  private ensure(n: number): void {
    const need = this.offset + n;
    if (need <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.offset));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  /** Zero padding up to a multiple of `n` (1, 2, 4 or 8) counted from the end of the header. */
  align(n: number): void {
    const rem = (this.offset - 4) & (n - 1);
    if (rem === 0) return;
    const pad = n - rem;
    this.ensure(pad);
    this.buf.fill(0, this.offset, this.offset + pad);
    this.offset += pad;
  }

  uint8(v: number): void {
    this.ensure(1);
    this.buf[this.offset++] = v;
  }

  int8(v: number): void {
    this.ensure(1);
    this.buf[this.offset++] = v & 0xff;
  }

  int16(v: number): void {
    this.align(2);
    this.ensure(2);
    this.view.setInt16(this.offset, v, true);
    this.offset += 2;
  }

  uint16(v: number): void {
    this.align(2);
    this.ensure(2);
    this.view.setUint16(this.offset, v, true);
    this.offset += 2;
  }

  int32(v: number): void {
    this.align(4);
    this.ensure(4);
    this.view.setInt32(this.offset, v, true);
    this.offset += 4;
  }

  uint32(v: number): void {
    this.align(4);
    this.ensure(4);
    this.view.setUint32(this.offset, v, true);
    this.offset += 4;
  }

  int64(v: bigint): void {
    this.align(8);
    this.ensure(8);
    this.view.setBigInt64(this.offset, v, true);
    this.offset += 8;
  }

  uint64(v: bigint): void {
    this.align(8);
    this.ensure(8);
    this.view.setBigUint64(this.offset, v, true);
    this.offset += 8;
  }

  float32(v: number): void {
    this.align(4);
    this.ensure(4);
    this.view.setFloat32(this.offset, v, true);
    this.offset += 4;
  }

  float64(v: number): void {
    this.align(8);
    this.ensure(8);
    this.view.setFloat64(this.offset, v, true);
    this.offset += 8;
  }

  /** Raw bytes with no alignment (the elements of a uint8/byte array). */
  bytes(v: Uint8Array): void {
    this.ensure(v.length);
    this.buf.set(v, this.offset);
    this.offset += v.length;
  }

  /**
   * A string: uint32 byte count (UTF-8 bytes + 1), the UTF-8 bytes, NUL. Returns the UTF-8 byte
   * count so callers can check a bound. ASCII is copied directly; other text goes through TextEncoder.
   */
  string(s: string): number {
    const n = s.length;
    this.align(4);
    this.ensure(4 + n * 3 + 1);
    const start = this.offset + 4;
    const b = this.buf;
    let p = start;
    let i = 0;
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) break;
      b[p++] = c;
    }
    if (i < n) p += encoder.encodeInto(i === 0 ? s : s.slice(i), b.subarray(p)).written;
    b[p] = 0;
    const byteLength = p - start;
    this.view.setUint32(this.offset, byteLength + 1, true);
    this.offset = p + 1;
    return byteLength;
  }
}

const encoder = new TextEncoder();
