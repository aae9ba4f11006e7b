import { KindredError, show } from '../errors/index.js';
import { DEFAULT_QOS, type Delivery, type Durability, type Qos, type ResolvedQos } from './Qos.js';

const DURABILITIES: readonly Durability[] = ['volatile', 'transient_local'];
const DELIVERIES: readonly Delivery[] = ['sync', 'queued'];

/**
 * Validate a QoS given for `topic` and fill in the defaults. Values may come from bridges or config
 * at run time, so each field is checked, not only typed. Throws BUS_BAD_QOS.
 */
export function resolveQos(topic: string, qos: Qos | undefined): ResolvedQos {
  if (qos === undefined) return DEFAULT_QOS;
  const depth: unknown = qos.depth ?? DEFAULT_QOS.depth;
  if (typeof depth !== 'number' || !Number.isInteger(depth) || depth < 1) {
    throw bad(topic, 'depth', depth, 'a whole number ≥ 1');
  }
  const durability: unknown = qos.durability ?? DEFAULT_QOS.durability;
  if (!DURABILITIES.includes(durability as Durability)) {
    throw bad(topic, 'durability', durability, `one of ${DURABILITIES.join(', ')}`);
  }
  const delivery: unknown = qos.delivery ?? DEFAULT_QOS.delivery;
  if (!DELIVERIES.includes(delivery as Delivery)) {
    throw bad(topic, 'delivery', delivery, `one of ${DELIVERIES.join(', ')}`);
  }
  return { depth, durability: durability as Durability, delivery: delivery as Delivery };
}

function bad(topic: string, field: string, value: unknown, expected: string): KindredError {
  return new KindredError('BUS_BAD_QOS', `topic ${show(topic)}: qos.${field} is ${show(value)}; expected ${expected}`, {
    field: `qos.${field}`,
    value,
    expected,
    topic,
  });
}
