import { KindredError, show } from '../errors/index.js';
import { MessageRing } from './MessageRing.js';
import type { Publisher } from './Publisher.js';
import type { ResolvedQos } from './Qos.js';
import type { HistorySource, Topic } from './Topic.js';

/** A publisher on one topic (internal to the bus; handed out as `Publisher<T>`). */
export class TopicPublisher<T> implements Publisher<T>, HistorySource {
  readonly history: MessageRing<unknown> | null;
  private target: Topic | null;
  private readonly topicName: string;
  private readonly typeName: string;

  constructor(topic: Topic, qos: ResolvedQos) {
    this.target = topic;
    this.topicName = topic.name;
    this.typeName = topic.type;
    this.history = qos.durability === 'transient_local' ? new MessageRing<unknown>(qos.depth) : null;
  }

  get topic(): string {
    return this.topicName;
  }

  get type(): string {
    return this.typeName;
  }

  get closed(): boolean {
    return this.target === null;
  }

  publish(msg: T): void {
    const topic = this.target;
    if (topic === null) {
      throw new KindredError('BUS_ENDPOINT_CLOSED', `topic ${show(this.topicName)}: publish on a closed publisher; advertise the topic again`, {
        field: 'topic',
        value: this.topicName,
      });
    }
    if (this.history !== null) this.history.push(msg, topic.sequence++);
    const receivers = topic.receivers;
    for (let i = 0; i < receivers.length; i++) receivers[i]!.receive(msg);
  }

  close(): void {
    const topic = this.target;
    if (topic === null) return;
    this.target = null;
    this.history?.clear();
    topic.removePublisher(this);
  }
}
