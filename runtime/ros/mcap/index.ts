export { McapRecorder } from './McapRecorder.js';
export type { McapRecorderOptions, McapRecordingSummary, McapTopicSummary, McapCompression, RecordableBus } from './McapRecorder.js';
export { McapFile, readMcap } from './McapFile.js';
export type { McapInput, McapChannelInfo, McapMessage, McapReadOptions } from './McapFile.js';
export { McapReplayer } from './McapReplayer.js';
export type { McapReplayerOptions, McapReplaySummary, ReplayBus } from './McapReplayer.js';
export { BufferWritable, BytesReadable, FileReadable, FileWritable } from './McapIo.js';
export type { McapSink, McapSource } from './McapIo.js';
export { offeredQosProfiles, durabilityOfProfiles, ROSBAG2_METADATA_VERSION } from './rosbag2Metadata.js';
