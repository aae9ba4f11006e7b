export { FoxgloveServer } from './FoxgloveServer.js';
export type { FoxgloveAddress, FoxgloveStats } from './FoxgloveServer.js';
export { DEFAULT_FOXGLOVE_PORT, foxgloveConfigSchema, resolveFoxgloveConfig } from './foxgloveOptions.js';
export type { FoxgloveConfig, FoxgloveServerOptions } from './foxgloveOptions.js';
export { FOXGLOVE_SUBPROTOCOL } from './protocol.js';
export type { Capability } from './protocol.js';
export type { FoxgloveErrorCode } from './foxgloveErrors.js';
