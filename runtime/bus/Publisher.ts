/** The sending end of a topic, from `Bus.advertise`. */
export interface Publisher<T> {
  readonly topic: string;
  /** The ROS 2 type name, e.g. `sensor_msgs/msg/JointState`. */
  readonly type: string;
  /**
   * Deliver `msg` to every subscription: synchronous ones before this returns, queued ones later.
   * The bus does not copy messages; do not mutate one after publishing it if any subscriber is
   * queued or the publisher is transient-local. Throws BUS_ENDPOINT_CLOSED after `close()`.
   */
  publish(msg: T): void;
  /** Leave the topic; a transient-local publisher's kept messages go with it. Idempotent. */
  close(): void;
  readonly closed: boolean;
}
