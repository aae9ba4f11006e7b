/**
 * The codec's internal failure while encoding or decoding: what went wrong, the byte offset (decode)
 * and the field path collected on the way out of nested structs and arrays. `cdrCodec` turns it
 * into a coded `KindredError` naming the message type.
 */
export class CdrFault extends Error {
  /** Field names and array indices from the message root to the failing value, innermost last. */
  readonly path: (string | number)[] = [];
  /** Byte offset in the message (decode only). */
  readonly offset: number | undefined;
  /** True when the definition uses something the codec does not support (wstring), rather than being wrong. */
  readonly unsupported: boolean;

  constructor(detail: string, offset?: number, unsupported = false) {
    super(detail);
    this.offset = offset;
    this.unsupported = unsupported;
  }

  /** `header.frame_id`, `name[2]`, or '' at the root. */
  pathText(): string {
    let s = '';
    for (const p of this.path) s += typeof p === 'number' ? `[${p}]` : s === '' ? p : `.${p}`;
    return s;
  }
}
