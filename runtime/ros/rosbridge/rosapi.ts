import type { Bus } from '../../bus/index.js';
import { isKindredError } from '../../errors/index.js';
import { definitionOf, stampFromNs, type MessageField, type MessageTypeMap } from '../../msgs/index.js';
import type { ParameterStore } from '../../params/index.js';
import type { Clock } from '../../time/index.js';
import type { ActionRegistry } from './ActionRegistry.js';
import { valueToJson } from './messageJson.js';
import { resolveMessageType, resolveName } from './names.js';
import type { ServiceHandler, ServiceRegistry } from './ServiceRegistry.js';

/** The node that serves the rosapi services, as rosbridge_suite's launch file names it. */
export const ROSAPI_NODE = '/rosapi';
/** The bridge's own node; client-advertised services and the bridge's topics belong to it. */
export const BRIDGE_NODE = '/rosbridge_websocket';

/** What the rosapi services read and change. */
export interface RosapiDeps {
  readonly bus: Bus<MessageTypeMap>;
  readonly services: ServiceRegistry;
  readonly actions: ActionRegistry;
  /** Kindred's live parameters; without them the parameter services answer that there are none. */
  readonly parameters: ParameterStore | undefined;
  readonly clock: Clock;
  /** The ROS node name Kindred's topics, services and parameters appear under, e.g. `/kindred`. */
  readonly nodeName: string;
  /** Topics clients publish to and subscribe to through the bridge. */
  readonly bridgeTopics: () => { readonly publishing: readonly string[]; readonly subscribing: readonly string[] };
}

/** A request's fields by name, whether the client sent an object or rosbridge's positional list. */
function argsOf(request: unknown, order: readonly string[]): Record<string, unknown> {
  if (Array.isArray(request)) return Object.fromEntries(order.map((name, i) => [name, request[i]]));
  if (typeof request === 'object' && request !== null) return request as Record<string, unknown>;
  return {};
}

function text(request: unknown, order: readonly string[], name: string): string {
  const v = argsOf(request, order)[name];
  if (typeof v !== 'string') throw new Error(`request field "${name}" is ${v === undefined ? 'missing' : JSON.stringify(v)}; expected a string`);
  return v;
}

function optionalText(request: unknown, order: readonly string[], name: string): string {
  const v = argsOf(request, order)[name];
  return typeof v === 'string' ? v : '';
}

function reasonOf(e: unknown): string {
  if (isKindredError(e)) return `${e.code}: ${e.message}`;
  return e instanceof Error ? e.message : String(e);
}

/** rosapi's `example` text for one field: what a zero value looks like in JSON. */
function example(f: MessageField): string {
  if (f.isArray) return '[]';
  if (f.isComplex) return '{}';
  if (f.type === 'bool') return 'false';
  if (f.type === 'string' || f.type === 'wstring') return '""';
  return '0';
}

/** rosapi's TypeDef list for a message type and every type it contains, the type itself first. */
function typedefs(type: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const seen = new Set<string>();
  const queue = [type];
  for (let i = 0; i < queue.length; i++) {
    const name = queue[i] as string;
    if (seen.has(name)) continue;
    seen.add(name);
    const d = definitionOf(name);
    out.push({
      type: name,
      fieldnames: d.fields.map((f) => f.name),
      fieldtypes: d.fields.map((f) => f.type),
      fieldarraylen: d.fields.map((f) => (f.isArray ? (f.arrayLength ?? 0) : -1)),
      examples: d.fields.map(example),
      constnames: d.constants.map((c) => c.name),
      constvalues: d.constants.map((c) => c.valueText),
    });
    for (const f of d.fields) if (f.isComplex) queue.push(f.type);
  }
  return out;
}

/**
 * The rosapi services roslib's `Ros` and `Param` call (`getTopics`, `getServices`, `getNodes`,
 * `getTopicType`, `getParams`, `Param.get/set`, ...), registered under `/rosapi/...` (clients may
 * omit the leading slash, as roslib does). Parameters are Kindred's `ParameterStore`, named
 * `<node>:<parameter>` as ROS 2's rosapi names them (`/kindred:state_publisher.joint_states_hz`);
 * a bare parameter name is accepted too. Values travel as JSON text, as rosapi's do; a refused
 * value answers `successful: false` with the code and reason and leaves the old value in force.
 */
export function installRosapi(deps: RosapiDeps): void {
  const { bus, services, actions, clock, nodeName } = deps;
  const reg = (name: string, type: string, handler: ServiceHandler): void => {
    services.register(`${ROSAPI_NODE}/${name}`, `rosapi_msgs/srv/${type}`, handler, 'rosapi');
  };

  /** The Kindred parameter a rosapi name refers to, or why none does. */
  const parameterOf = (name: string): { ok: true; name: string } | { ok: false; reason: string } => {
    const store = deps.parameters;
    if (store === undefined) return { ok: false, reason: `PARAM_UNKNOWN: Kindred serves no parameters through this bridge` };
    const colon = name.indexOf(':');
    if (colon >= 0) {
      const node = resolveName(name.slice(0, colon));
      if (node !== nodeName) return { ok: false, reason: `PARAM_UNKNOWN: no node ${JSON.stringify(name.slice(0, colon))}; Kindred's parameters are on ${nodeName}` };
      return { ok: true, name: name.slice(colon + 1) };
    }
    if (!store.has(name) && name.startsWith('/') && store.has(name.slice(1))) return { ok: true, name: name.slice(1) };
    return { ok: true, name };
  };

  reg('topics', 'Topics', () => {
    const topics = bus.topics();
    return { topics: topics.map((t) => t.name), types: topics.map((t) => t.type) };
  });
  reg('topics_for_type', 'TopicsForType', (req) => {
    const wanted = text(req, ['type'], 'type');
    const type = resolveMessageType(wanted) ?? wanted;
    return { topics: bus.topics().filter((t) => t.type === type).map((t) => t.name) };
  });
  reg('topics_and_raw_types', 'TopicsAndRawTypes', () => {
    const topics = bus.topics();
    return {
      topics: topics.map((t) => t.name),
      types: topics.map((t) => t.type),
      typedefs_full_text: topics.map((t) => (resolveMessageType(t.type) === undefined ? '' : definitionOf(t.type).text)),
    };
  });
  reg('topic_type', 'TopicType', (req) => {
    const topic = text(req, ['topic'], 'topic');
    return { type: bus.topic(resolveName(topic) ?? topic)?.type ?? '' };
  });
  reg('services', 'Services', () => ({ services: services.list().map((s) => s.name) }));
  reg('services_for_type', 'ServicesForType', (req) => {
    const type = text(req, ['type'], 'type');
    return { services: services.list().filter((s) => s.type === type).map((s) => s.name) };
  });
  reg('service_type', 'ServiceType', (req) => ({ type: services.typeOf(text(req, ['service'], 'service')) ?? '' }));
  reg('service_node', 'ServiceHost', (req) => {
    const info = services.list().find((s) => s.name === (resolveName(text(req, ['service'], 'service')) ?? ''));
    return { node: info === undefined ? '' : info.provider === 'kindred' ? nodeName : info.provider === 'rosapi' ? ROSAPI_NODE : BRIDGE_NODE };
  });
  reg('nodes', 'Nodes', () => ({ nodes: [nodeName, ROSAPI_NODE, BRIDGE_NODE].sort() }));
  reg('node_details', 'NodeDetails', (req) => {
    const node = resolveName(text(req, ['node'], 'node'));
    const all = services.list();
    if (node === nodeName) {
      const topics = bus.topics();
      return {
        publishing: topics.filter((t) => t.publishers > 0).map((t) => t.name),
        subscribing: topics.filter((t) => t.subscribers > 0).map((t) => t.name),
        services: all.filter((s) => s.provider === 'kindred').map((s) => s.name),
      };
    }
    if (node === ROSAPI_NODE) return { publishing: [], subscribing: [], services: all.filter((s) => s.provider === 'rosapi').map((s) => s.name) };
    if (node === BRIDGE_NODE) {
      const bridge = deps.bridgeTopics();
      return { publishing: [...bridge.publishing], subscribing: [...bridge.subscribing], services: all.filter((s) => s.provider !== 'kindred' && s.provider !== 'rosapi').map((s) => s.name) };
    }
    return { publishing: [], subscribing: [], services: [] };
  });
  reg('action_servers', 'GetActionServers', () => ({ action_servers: actions.list().map((a) => a.name) }));
  reg('get_time', 'GetTime', () => ({ time: stampFromNs(clock.now()) }));
  reg('message_details', 'MessageDetails', (req) => {
    const wanted = text(req, ['type'], 'type');
    const type = resolveMessageType(wanted);
    if (type === undefined) throw new Error(`no message type ${JSON.stringify(wanted)}; expected e.g. sensor_msgs/msg/JointState`);
    return { typedefs: typedefs(type) };
  });

  reg('get_param_names', 'GetParamNames', () => ({ names: (deps.parameters?.list() ?? []).map((p) => `${nodeName}:${p.name}`) }));
  reg('has_param', 'HasParam', (req) => {
    const p = parameterOf(text(req, ['name'], 'name'));
    return { exists: p.ok && deps.parameters?.has(p.name) === true };
  });
  reg('get_param', 'GetParam', (req) => {
    const order = ['name', 'default'];
    const p = parameterOf(text(req, order, 'name'));
    const fallback = optionalText(req, order, 'default');
    if (p.ok && deps.parameters?.has(p.name) === true) return { value: valueToJson(deps.parameters.get(p.name)), successful: true, reason: '' };
    if (fallback !== '') return { value: fallback, successful: true, reason: '' };
    return { value: '', successful: false, reason: p.ok ? `PARAM_UNKNOWN: unknown parameter ${JSON.stringify(p.name)}` : p.reason };
  });
  reg('set_param', 'SetParam', (req) => {
    const order = ['name', 'value'];
    const p = parameterOf(text(req, order, 'name'));
    if (!p.ok) return { successful: false, reason: p.reason };
    const raw = text(req, order, 'value');
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      return { successful: false, reason: `PARAM_INVALID: value ${JSON.stringify(raw)} is not JSON text; rosapi's set_param takes the value JSON-encoded, e.g. "0.5" or "\\"text\\""` };
    }
    try {
      deps.parameters?.set(p.name, value);
    } catch (e) {
      return { successful: false, reason: reasonOf(e) };
    }
    return { successful: true, reason: '' };
  });
  reg('delete_param', 'DeleteParam', (req) => {
    const p = parameterOf(text(req, ['name'], 'name'));
    return { successful: false, reason: p.ok ? `PARAM_READ_ONLY: Kindred's parameters are declared by the runtime and cannot be deleted` : p.reason };
  });
}
