import { show, type KindredError } from '../../errors/index.js';
import { resolveName } from './names.js';
import { rosbridgeError } from './rosbridgeErrors.js';

/** A client connection that provides services (`advertise_service`) or actions (`advertise_action`). */
export interface ServiceProvider {
  readonly clientId: string;
  readonly open: boolean;
  /** Send one rosbridge op to the client. */
  sendOp(op: Readonly<Record<string, unknown>>): void;
}

/** A name a client advertised (a service or an action another client provides). */
export interface RemoteEntry {
  readonly kind: 'remote';
  readonly name: string;
  readonly type: string;
  /** The name as the client spelt it (with or without the leading slash). */
  readonly spelling: string;
  readonly provider: ServiceProvider;
}

/**
 * The names a registry offers — Kindred's own (`local`) or advertised by a client (`remote`) — with the
 * rules the service and the action registries share: a client cannot take a name Kindred provides, a
 * later client replaces an earlier one, and a client's names go when it leaves. `onDrop` fails whatever
 * waits on a remote entry that goes.
 */
export class ProvidedNames<L extends { readonly kind: 'local'; readonly name: string; readonly type: string }> {
  readonly entries = new Map<string, L | RemoteEntry>();

  constructor(
    private readonly what: 'service' | 'action',
    private readonly onDrop: (entry: RemoteEntry, why: string) => void,
  ) {}

  /**
   * Offer a name as Kindred's own (`build` makes the entry from the resolved name); a client's entry
   * under it is dropped. Returns a function that withdraws it. Throws ROSBRIDGE_CONFIG_INVALID for a
   * name that is not a ROS 2 name, ROSBRIDGE_SERVICE_DUPLICATE / ROSBRIDGE_ACTION_DUPLICATE when
   * Kindred already offers it.
   */
  addLocal(name: string, build: (resolved: string) => L): () => void {
    const resolved = resolveName(name);
    if (resolved === undefined) {
      throw rosbridgeError('ROSBRIDGE_CONFIG_INVALID', `${this.what} name ${show(name)} is not a valid ROS 2 name; expected e.g. /kindred/reset`, {
        field: 'name',
        value: name,
        expected: 'a ROS 2 name: segments of [A-Za-z0-9_] separated by /',
      });
    }
    const existing = this.entries.get(resolved);
    if (existing?.kind === 'local') {
      throw rosbridgeError(this.what === 'service' ? 'ROSBRIDGE_SERVICE_DUPLICATE' : 'ROSBRIDGE_ACTION_DUPLICATE', `${this.what} ${resolved} is already registered (type ${existing.type}); expected each ${this.what} name once`, {
        field: 'name',
        value: name,
        expected: `a ${this.what} name not yet registered`,
      });
    }
    if (existing?.kind === 'remote') this.drop(existing, `${this.what} ${resolved} was taken over by Kindred`);
    const entry = build(resolved);
    this.entries.set(resolved, entry);
    return () => {
      if (this.entries.get(resolved) === entry) this.entries.delete(resolved);
    };
  }

  /** The entry a caller names (with or without the leading slash), or ROSBRIDGE_SERVICE_UNKNOWN / ROSBRIDGE_ACTION_UNKNOWN listing those offered. */
  find(name: string): L | RemoteEntry | KindredError {
    const resolved = resolveName(name) ?? name;
    const entry = this.entries.get(resolved);
    if (entry !== undefined) return entry;
    const known = [...this.entries.keys()].sort();
    return rosbridgeError(this.what === 'service' ? 'ROSBRIDGE_SERVICE_UNKNOWN' : 'ROSBRIDGE_ACTION_UNKNOWN', `no ${this.what} ${show(resolved)}; ${known.length === 0 ? 'none are offered' : `offered: ${known.join(', ')}`}`, {
      field: this.what,
      value: name,
      expected: `a registered or advertised ${this.what}`,
    });
  }

  /** A client's `advertise_service` / `advertise_action`; 'taken' when Kindred provides that name. */
  advertise(name: string, spelling: string, type: string, provider: ServiceProvider): 'ok' | 'replaced' | 'taken' {
    const existing = this.entries.get(name);
    if (existing?.kind === 'local') return 'taken';
    if (existing !== undefined) this.drop(existing, `${this.what} ${name} was advertised again by another client`);
    this.entries.set(name, { kind: 'remote', name, type, spelling, provider });
    return existing === undefined ? 'ok' : 'replaced';
  }

  /** A client's `unadvertise_…`; false when that client does not provide the name. */
  unadvertise(name: string, provider: ServiceProvider): boolean {
    const existing = this.entries.get(name);
    if (existing?.kind !== 'remote' || existing.provider !== provider) return false;
    this.drop(existing, `${this.what} ${name} was unadvertised`);
    return true;
  }

  /** A client left: its names go, and what waits on them fails. */
  dropProvider(provider: ServiceProvider): void {
    for (const e of [...this.entries.values()]) if (e.kind === 'remote' && e.provider === provider) this.drop(e, `the client providing ${e.name} disconnected`);
  }

  /** Remove a remote entry (if it is still the one under its name) and fail what waits on it. */
  drop(entry: RemoteEntry, why: string): void {
    if (this.entries.get(entry.name) === entry) this.entries.delete(entry.name);
    this.onDrop(entry, why);
  }
}
