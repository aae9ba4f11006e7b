import type { ServiceInfo, ServiceRegistry } from '../rosbridge/index.js';
import type { ServiceAdvertisement, ServiceMessageSchema } from './protocol.js';

/** One service offered to clients. */
export interface OfferedService {
  readonly id: number;
  readonly name: string;
  readonly type: string;
  readonly advertisement: ServiceAdvertisement;
}

/** Told when the set of services changes. */
export interface ServiceListener {
  added(services: readonly OfferedService[]): void;
  removed(services: readonly OfferedService[]): void;
}

/**
 * How Kindred's services are described to clients. Kindred has no generated `.srv` definitions
 * (runtime/msgs holds messages only), so a service's request and response travel as JSON — the values
 * the registry's handlers take and return — with an empty JSON schema, which Foxglove reads as
 * schema-less JSON (its Service Call panel takes the request as JSON text).
 */
function jsonSchemaOf(type: string, part: 'Request' | 'Response'): ServiceMessageSchema {
  return { encoding: 'json', schemaName: `${type}_${part}`, schemaEncoding: 'jsonschema', schema: '' };
}

/**
 * The registry's services as Foxglove services, each with an id kept for the life of the server (a
 * service that goes and comes back with the same name and type gets its old id, as the spec allows).
 * `refresh()` compares the registry with what was offered and reports the difference; the server calls
 * it on a timer and whenever a client connects, because services advertised by rosbridge clients come
 * and go without notice.
 */
export class ServiceTable {
  private readonly offered = new Map<string, OfferedService>();
  private readonly byId = new Map<number, OfferedService>();
  private readonly ids = new Map<string, number>();
  private nextId = 1;

  constructor(
    private readonly registry: ServiceRegistry,
    private readonly listener: ServiceListener,
  ) {}

  get(id: number): OfferedService | undefined {
    return this.byId.get(id);
  }

  list(): OfferedService[] {
    return [...this.offered.values()];
  }

  /** Bring the offered services in line with the registry, telling the listener what changed. */
  refresh(): void {
    const now = new Map<string, ServiceInfo>();
    for (const info of this.registry.list()) now.set(`${info.name}\u0000${info.type}`, info);
    const gone: OfferedService[] = [];
    for (const [key, service] of this.offered) {
      if (!now.has(key)) {
        gone.push(service);
        this.offered.delete(key);
        this.byId.delete(service.id);
      }
    }
    const added: OfferedService[] = [];
    for (const [key, info] of now) {
      if (this.offered.has(key)) continue;
      let id = this.ids.get(key);
      if (id === undefined) {
        id = this.nextId++;
        this.ids.set(key, id);
      }
      const service: OfferedService = {
        id,
        name: info.name,
        type: info.type,
        advertisement: Object.freeze({ id, name: info.name, type: info.type, request: jsonSchemaOf(info.type, 'Request'), response: jsonSchemaOf(info.type, 'Response') }),
      };
      this.offered.set(key, service);
      this.byId.set(id, service);
      added.push(service);
    }
    if (gone.length > 0) this.listener.removed(gone);
    if (added.length > 0) this.listener.added(added);
  }

  /** Forget what was offered (server stop); ids are kept. */
  clear(): void {
    this.offered.clear();
    this.byId.clear();
  }
}
