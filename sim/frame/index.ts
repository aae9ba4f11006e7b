export { createSimFrameBuffer, frameLayoutOf, SimFrameReader, SimFrameWriter } from './SimFrameBuffer.js';
export type { SimFrameLayout, SimFrameSnapshot } from './SimFrameBuffer.js';
export { resolveForceAnchor } from './forceAnchor.js';
export type { ForceAnchor } from './forceAnchor.js';
