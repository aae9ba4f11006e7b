import { Bus } from '../../bus/index.js';
import type { Logger } from '../../logging/index.js';
import { isMessageTypeName, type MessageTypeMap } from '../../msgs/index.js';
import { WallClock } from '../../time/index.js';
import type { RosSubscription } from '../client/index.js';
import { McapRecorder, type McapCompression, type McapRecordingSummary } from '../mcap/index.js';
import { connectRemote } from './connectRemote.js';

export interface RecordRemoteOptions {
  /** The rosbridge server of the running system. */
  readonly url: string;
  readonly token?: string;
  /** The file to write (created or truncated). */
  readonly output: string;
  /** Topics to record (exact names); default every topic, including those that appear while recording. */
  readonly topics?: readonly string[];
  readonly compression?: McapCompression;
  /** Ends the recording when aborted (Ctrl+C). */
  readonly signal?: AbortSignal;
  /** Ends the recording after this many seconds. */
  readonly durationS?: number;
  readonly logger?: Logger;
  /** Told of each topic as recording of it starts. */
  readonly onTopic?: (topic: string, type: string) => void;
  /** Topics the remote has of types Kindred has no definition of (not recorded). */
  readonly onSkipped?: (topic: string, type: string) => void;
}

interface TopicsAnswer {
  readonly topics?: readonly string[];
  readonly types?: readonly string[];
}

/**
 * `kindred record`: subscribe to a running system's topics over rosbridge (CBOR, so NaN and byte
 * arrays arrive intact) and write them to MCAP in rosbag2's layout, as `ros2 bag record` would, until
 * the signal aborts or the duration ends. Log times are this machine's wall clock at arrival. Without
 * a topic list, the remote's topic list is polled every second so topics that appear later are recorded.
 */
export async function recordRemote(options: RecordRemoteOptions): Promise<McapRecordingSummary> {
  const client = await connectRemote(options.url, { ...(options.token === undefined ? {} : { token: options.token }), ...(options.logger === undefined ? {} : { logger: options.logger }) });
  const bus = new Bus<MessageTypeMap>();
  const clock = new WallClock();
  const subscriptions = new Map<string, RosSubscription>();
  const skipped = new Set<string>();
  const wanted = options.topics === undefined ? undefined : new Set(options.topics);
  let recorder: McapRecorder | undefined;
  let poll: NodeJS.Timeout | undefined;
  try {
    recorder = await McapRecorder.start({
      bus,
      clock,
      output: options.output,
      ...(options.topics === undefined ? {} : { topics: options.topics }),
      ...(options.compression === undefined ? {} : { compression: options.compression }),
      onError: (e) => options.logger?.warn({ err: e }, 'recorder'),
    });
    const refresh = async (): Promise<void> => {
      const answer = (await client.callService('/rosapi/topics', 'rosapi/Topics', {})) as TopicsAnswer;
      const topics = answer.topics ?? [];
      topics.forEach((topic, i) => {
        const type = answer.types?.[i] ?? '';
        if (subscriptions.has(topic) || (wanted !== undefined && !wanted.has(topic))) return;
        if (!isMessageTypeName(type)) {
          if (!skipped.has(topic)) options.onSkipped?.(topic, type);
          skipped.add(topic);
          return;
        }
        const publisher = bus.advertiseAny(topic, type);
        subscriptions.set(
          topic,
          client.subscribe(topic, type, (m) => publisher.publish(m), { compression: 'cbor' }),
        );
        options.onTopic?.(topic, type);
      });
    };
    await refresh();
    if (wanted === undefined) poll = setInterval(() => void refresh().catch((e: unknown) => options.logger?.warn({ err: e }, 'topic list')), 1000);
    await new Promise<void>((resolve) => {
      if (options.signal?.aborted === true) return resolve();
      options.signal?.addEventListener('abort', () => resolve(), { once: true });
      if (options.durationS !== undefined) setTimeout(resolve, options.durationS * 1000).unref();
    });
  } finally {
    clearInterval(poll);
    for (const s of subscriptions.values()) s.unsubscribe();
    await client.close();
  }
  return recorder.stop();
}
