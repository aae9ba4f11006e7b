export { cdrCodec, cdrCodecFromSchema } from './cdrCodec.js';
export type { CdrCodec } from './cdrCodec.js';
export { typeHashFromSchema, kindredTypeHash } from './typeHash.js';
export { layoutDifference } from './layoutDifference.js';
export { kindredCdr } from './kindredCdr.js';
