export { Bus } from './Bus.js';
export type { BusOptions } from './Bus.js';
export type { Publisher } from './Publisher.js';
export type { Subscription } from './Subscription.js';
export type { TopicInfo } from './TopicInfo.js';
export { DEFAULT_QOS } from './Qos.js';
export type { Qos, ResolvedQos, Durability, Delivery } from './Qos.js';
export { resolveQos } from './resolveQos.js';
export { MessageRing } from './MessageRing.js';
