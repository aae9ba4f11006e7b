import { Bus } from '../../bus/index.js';
import type { Logger } from '../../logging/index.js';
import type { MessageTypeMap } from '../../msgs/index.js';
import { WallClock } from '../../time/index.js';
import type { RosbridgeStatus, RosPublisher } from '../client/index.js';
import { McapFile, McapReplayer, type McapReplaySummary } from '../mcap/index.js';
import { connectRemote } from './connectRemote.js';

export interface ReplayRemoteOptions {
  readonly url: string;
  readonly token?: string;
  /** The recording. */
  readonly input: string;
  /** 1 = as recorded. */
  readonly rate?: number;
  /** Only these topics of the recording. */
  readonly topics?: readonly string[];
  /**
   * Publish each topic under this namespace (`/review` → `/review/joint_states`), so a recording can be
   * reviewed next to the live topics it would otherwise clash with. The remote's allowPublish must admit it.
   */
  readonly prefix?: string;
  readonly signal?: AbortSignal;
  readonly logger?: Logger;
}

export interface ReplayRemoteSummary extends McapReplaySummary {
  /** What the remote refused (each status it sent while replaying), e.g. a topic outside its allowPublish. */
  readonly refusals: readonly RosbridgeStatus[];
  /** The topics published on the remote, as named there. */
  readonly topics: readonly string[];
}

/**
 * `kindred replay`: publish a recording to a running system over rosbridge at the recorded pace
 * (times `rate`), as `ros2 bag play` publishes into a running graph. The remote decides what it takes:
 * topics outside its publish allow-list are refused there (and reported here), and commands it takes
 * still pass its SafetyGate.
 */
export async function replayRemote(options: ReplayRemoteOptions): Promise<ReplayRemoteSummary> {
  const file = await McapFile.open(options.input);
  const client = await connectRemote(options.url, { ...(options.token === undefined ? {} : { token: options.token }), ...(options.logger === undefined ? {} : { logger: options.logger }) });
  const refusals: RosbridgeStatus[] = [];
  const stopListening = client.onStatus((s) => {
    if (s.level === 'error' || s.level === 'warning') refusals.push(s);
  });
  const bus = new Bus<MessageTypeMap>();
  const publishers: RosPublisher[] = [];
  const remoteTopics: string[] = [];
  const prefix = options.prefix === undefined ? '' : `/${options.prefix.replace(/^\/+|\/+$/g, '')}`;
  bus.onTopicAdded((info) => {
    const remote = `${prefix}${info.name}`;
    const publisher = client.advertise(remote, info.type);
    publishers.push(publisher);
    remoteTopics.push(remote);
    bus.subscribeAny(info.name, (m) => publisher.publish(m));
  });
  try {
    const replayer = await McapReplayer.open({
      bus,
      clock: new WallClock(),
      input: file,
      ...(options.rate === undefined ? {} : { rate: options.rate }),
      ...(options.topics === undefined ? {} : { topics: options.topics }),
    });
    options.signal?.addEventListener('abort', () => void replayer.stop(), { once: true });
    await replayer.start();
    const summary = await replayer.finished();
    // Give the remote a moment to answer the last publishes before the connection closes.
    await new Promise((r) => setTimeout(r, 200));
    return { ...summary, refusals, topics: remoteTopics };
  } finally {
    stopListening();
    for (const p of publishers) p.unadvertise();
    await client.close();
    await file.close();
  }
}
