import { cdrCodec } from './cdrCodec.js';

/**
 * CDR for messages of any Kindred type by name (each type's codec is compiled once, on first use):
 * what a bridge needs to send `cbor-raw` or `cdr` frames of whatever topics clients subscribe to.
 * Throws ROS_CDR_UNKNOWN_TYPE for a type Kindred has no definition of.
 */
export const kindredCdr: { encode(type: string, message: unknown): Uint8Array; decode(type: string, bytes: Uint8Array): unknown } = Object.freeze({
  encode: (type: string, message: unknown) => cdrCodec(type).encode(message),
  decode: (type: string, bytes: Uint8Array) => cdrCodec(type).decode(bytes),
});
