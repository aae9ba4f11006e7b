import { KindredError, show } from '../errors/index.js';
import type { Publisher } from './Publisher.js';
import type { Qos, ResolvedQos } from './Qos.js';
import { resolveQos } from './resolveQos.js';
import type { Subscription } from './Subscription.js';
import { Topic } from './Topic.js';
import type { TopicInfo } from './TopicInfo.js';
import { TopicPublisher } from './TopicPublisher.js';
import { TopicSubscriber, type SubscriberHooks } from './TopicSubscriber.js';

export interface BusOptions {
  /**
   * Called when a subscription callback or a topic listener throws. The bus catches the error so the
   * publisher and the other subscribers carry on; this hook is the only place it surfaces.
   */
  readonly onError?: (topic: string, error: unknown) => void;
  /**
   * Runs queued deliveries later. Default `setImmediate`: the drain runs in the event loop's check
   * phase, after pending I/O, so a slow queued subscriber takes its turn with sockets and worker
   * messages instead of running ahead of them (as a microtask would, before the loop can do anything
   * else), and a burst published in one turn is coalesced to the newest `depth` messages.
   * Tests and lock-step simulation may pass their own.
   */
  readonly schedule?: (task: () => void) => void;
}

type TopicListener = (info: TopicInfo) => void;

/**
 * Kindred's in-process publish/subscribe bus: topics named like ROS 2 topics, each carrying one
 * ROS 2 message type fixed by its first advertiser or subscriber.
 *
 * `M` maps ROS 2 type names to message types, e.g. `{ 'sensor_msgs/msg/JointState': JointState }`;
 * the app uses the generated `MessageTypeMap`. Bridges that learn names at run time use
 * `advertiseAny` / `subscribeAny`, typed by `unknown`.
 *
 * Synchronous subscriptions are called inside `publish`, in subscription order; a topic with no
 * subscriptions and no transient-local publisher costs one array-length check per publish.
 * Topics disappear when their last publisher and subscription leave (`onTopicRemoved`).
 */
export class Bus<M extends object> {
  private readonly byName = new Map<string, Topic>();
  private readonly added: TopicListener[] = [];
  private readonly removed: TopicListener[] = [];
  private readonly onError: ((topic: string, error: unknown) => void) | undefined;
  private readonly hooks: SubscriberHooks;
  private readonly dropTopic = (topic: Topic): void => this.forget(topic);
  private errors = 0;

  constructor(options: BusOptions = {}) {
    this.onError = options.onError;
    const schedule = options.schedule ?? ((task: () => void) => void setImmediate(task));
    this.hooks = { report: (topic, error) => this.report(topic, error), schedule };
  }

  /** How many callback or listener errors the bus has caught. */
  get errorCount(): number {
    return this.errors;
  }

  /** Start publishing `type` on `topic`. Throws BUS_BAD_QOS, or BUS_TYPE_MISMATCH naming both types. */
  advertise<K extends keyof M & string>(topic: string, type: K, qos?: Qos): Publisher<M[K]> {
    return this.advertiseAny(topic, type, qos) as Publisher<M[K]>;
  }

  /** `advertise` for bridges that know the type name only at run time. */
  advertiseAny(topic: string, type: string, qos?: Qos): Publisher<unknown> {
    const resolved = resolveQos(topic, qos);
    const { entry, created } = this.topicFor(topic, type, 'advertise');
    const publisher = new TopicPublisher<unknown>(entry, resolved);
    entry.addPublisher(publisher);
    if (created) this.announce(this.added, entry);
    return publisher;
  }

  /**
   * Receive `type` messages on `topic`. With `durability: 'transient_local'` the messages kept by
   * transient-local publishers are delivered first (synchronous ones before this returns).
   * Throws BUS_BAD_QOS, or BUS_TYPE_MISMATCH naming both types.
   */
  subscribe<K extends keyof M & string>(topic: string, type: K, callback: (msg: M[K]) => void, qos?: Qos): Subscription {
    const resolved = resolveQos(topic, qos);
    const { entry, created } = this.topicFor(topic, type, 'subscribe');
    return this.attach(entry, created, callback as (msg: unknown) => void, resolved);
  }

  /** Subscribe to an existing topic by name alone, whatever its type. Throws BUS_UNKNOWN_TOPIC. */
  subscribeAny(topic: string, callback: (msg: unknown) => void, qos?: Qos): Subscription {
    const resolved = resolveQos(topic, qos);
    const entry = this.byName.get(topic);
    if (entry === undefined) {
      throw new KindredError('BUS_UNKNOWN_TOPIC', `topic ${show(topic)} does not exist; expected one of the topics bus.topics() lists`, {
        field: 'topic',
        value: topic,
        expected: 'an advertised or subscribed topic',
      });
    }
    return this.attach(entry, false, callback, resolved);
  }

  /** A snapshot of every topic, sorted by name. */
  topics(): TopicInfo[] {
    return [...this.byName.values()].map((t) => t.info()).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** One topic's snapshot, or undefined when it does not exist. */
  topic(name: string): TopicInfo | undefined {
    return this.byName.get(name)?.info();
  }

  /** Call `listener` whenever a topic comes into being; returns a function that stops it. */
  onTopicAdded(listener: TopicListener): () => void {
    return listen(this.added, listener);
  }

  /** Call `listener` whenever a topic's last publisher and subscription have left. */
  onTopicRemoved(listener: TopicListener): () => void {
    return listen(this.removed, listener);
  }

  private attach(entry: Topic, created: boolean, callback: (msg: unknown) => void, qos: ResolvedQos): Subscription {
    const subscriber = new TopicSubscriber(entry, callback, qos, this.hooks);
    const kept = qos.durability === 'transient_local' ? entry.keptMessages() : [];
    entry.addReceiver(subscriber);
    if (created) this.announce(this.added, entry);
    for (const msg of kept) subscriber.receive(msg);
    return subscriber;
  }

  private topicFor(name: string, type: string, verb: string): { entry: Topic; created: boolean } {
    const existing = this.byName.get(name);
    if (existing !== undefined) {
      if (existing.type !== type) {
        throw new KindredError(
          'BUS_TYPE_MISMATCH',
          `topic ${show(name)} carries ${existing.type}; cannot ${verb} it as ${type}`,
          { field: 'type', value: type, expected: existing.type, topic: name },
        );
      }
      return { entry: existing, created: false };
    }
    const entry = new Topic(name, type, this.dropTopic);
    this.byName.set(name, entry);
    return { entry, created: true };
  }

  private forget(topic: Topic): void {
    if (this.byName.get(topic.name) !== topic) return;
    this.byName.delete(topic.name);
    this.announce(this.removed, topic);
  }

  private announce(listeners: readonly TopicListener[], topic: Topic): void {
    if (listeners.length === 0) return;
    const info = topic.info();
    for (const listener of [...listeners]) {
      try {
        listener(info);
      } catch (error) {
        this.report(topic.name, error);
      }
    }
  }

  private report(topic: string, error: unknown): void {
    this.errors++;
    if (this.onError === undefined) return;
    try {
      this.onError(topic, error);
    } catch {
      // The hook is the last place an error can go; a throwing hook must not break delivery.
    }
  }
}

function listen(list: TopicListener[], listener: TopicListener): () => void {
  list.push(listener);
  return () => {
    const at = list.indexOf(listener);
    if (at >= 0) list.splice(at, 1);
  };
}
