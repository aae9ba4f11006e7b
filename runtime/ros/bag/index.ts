export { connectRemote, DEFAULT_BRIDGE_URL } from './connectRemote.js';
export { recordRemote } from './recordRemote.js';
export type { RecordRemoteOptions } from './recordRemote.js';
export { replayRemote } from './replayRemote.js';
export type { ReplayRemoteOptions, ReplayRemoteSummary } from './replayRemote.js';
