import { isKindredError, type KindredError } from '../../errors/index.js';
import type { Clock, Timer } from '../../time/index.js';
import { resolveName } from './names.js';
import { rosbridgeError } from './rosbridgeErrors.js';
import { ProvidedNames, type RemoteEntry, type ServiceProvider } from './ProvidedNames.js';

/** Who made a call: a client connection's id, or undefined for Kindred itself. */
export interface ServiceCallContext {
  readonly service: string;
  readonly client?: string;
}

/**
 * Answers one request. The request is the client's `args` as sent (JSON values, or CBOR-decoded);
 * the returned value (or the promise's) is the response's `values`. Throwing fails the call: the
 * caller gets `result: false` and the error's text.
 */
export type ServiceHandler = (request: unknown, context: ServiceCallContext) => unknown;

export type { ServiceProvider } from './ProvidedNames.js';

/** One service as `/rosapi/services` lists it. */
export interface ServiceInfo {
  readonly name: string;
  readonly type: string;
  /** `kindred`, `rosapi`, or the id of the client that advertised it. */
  readonly provider: string;
}

/** How one call is made: its timeout and the calling client. */
export interface CallOptions {
  /** Fail the call after this long; default the registry's (5 s unless configured). */
  readonly timeoutMs?: number;
  /** The calling client's id, handed to the handler. */
  readonly client?: string;
}

type LocalEntry = { readonly kind: 'local'; readonly name: string; readonly type: string; readonly owner: string; readonly handler: ServiceHandler };
type Entry = LocalEntry | RemoteEntry;

interface PendingCall {
  readonly provider: ServiceProvider;
  readonly service: string;
  readonly resolve: (values: unknown) => void;
  readonly reject: (e: KindredError) => void;
}

/** The text a failed call's caller receives as `values`. */
export function failureText(e: unknown): string {
  if (isKindredError(e)) {
    const reason = e.context['reason'];
    const code: string = e.code;
    return (code === 'ROSBRIDGE_SERVICE_FAILED' || code === 'ROSBRIDGE_ACTION_FAILED') && typeof reason === 'string' ? reason : `${code}: ${e.message}`;
  }
  return e instanceof Error ? e.message : String(e);
}

/**
 * The services the bridge offers: Kindred's own (`register`), rosapi's, and those clients
 * advertise (`advertise_service`), which a call forwards to the client as `call_service` and
 * completes when its `service_response` with the same id comes back. Names are resolved (`x` is
 * `/x`). A client may not take over a name Kindred registered; a second client advertising a
 * name replaces the first, as in rosbridge_suite.
 */
export class ServiceRegistry {
  private readonly names = new ProvidedNames<LocalEntry>('service', (entry, why) => this.failWaiting(entry, why));
  private get entries(): Map<string, Entry> {
    return this.names.entries;
  }
  private readonly pending = new Map<string, PendingCall>();
  private nextId = 1;

  constructor(
    private readonly clock: Clock,
    private readonly defaultTimeoutMs: number,
  ) {}

  /**
   * Offer a service to clients (and to `call`). Returns a function that withdraws it.
   * Throws ROSBRIDGE_CONFIG_INVALID for a bad name, ROSBRIDGE_SERVICE_DUPLICATE if Kindred already offers it.
   */
  register(name: string, type: string, handler: ServiceHandler, owner = 'kindred'): () => void {
    return this.names.addLocal(name, (resolved) => ({ kind: 'local', name: resolved, type, owner, handler }));
  }

  /** A client's `advertise_service`; 'taken' when Kindred provides that service. */
  advertise(name: string, spelling: string, type: string, provider: ServiceProvider): 'ok' | 'replaced' | 'taken' {
    return this.names.advertise(name, spelling, type, provider);
  }

  /** A client's `unadvertise_service`; false when that client does not provide the service. */
  unadvertise(name: string, provider: ServiceProvider): boolean {
    return this.names.unadvertise(name, provider);
  }

  /** A client left: its services go, and what waits on them fails. */
  dropProvider(provider: ServiceProvider): void {
    this.names.dropProvider(provider);
  }

  /**
   * Call a service by name, whoever provides it. Resolves with the response's values; rejects with
   * ROSBRIDGE_SERVICE_UNKNOWN, ROSBRIDGE_SERVICE_FAILED (the handler threw or the providing client
   * answered `result: false`; `context.reason` has its text) or ROSBRIDGE_SERVICE_TIMEOUT.
   */
  call(name: string, request: unknown = {}, options: CallOptions = {}): Promise<unknown> {
    const entry = this.names.find(name);
    if (isKindredError(entry)) return Promise.reject(entry);
    const resolved = entry.name;
    const timeoutMs = options.timeoutMs !== undefined && options.timeoutMs > 0 ? options.timeoutMs : this.defaultTimeoutMs;
    return new Promise<unknown>((resolve, reject) => {
      let done = false;
      const requestId = entry.kind === 'remote' ? `service_request:${resolved}:${this.nextId++}` : undefined;
      const finish = (): boolean => {
        if (done) return false;
        done = true;
        timer.cancel();
        if (requestId !== undefined) this.pending.delete(requestId);
        return true;
      };
      const timer: Timer = this.clock.setTimer(
        BigInt(Math.round(timeoutMs * 1e6)),
        () => {
          if (!finish()) return;
          reject(rosbridgeError('ROSBRIDGE_SERVICE_TIMEOUT', `service ${resolved} did not answer within ${timeoutMs} ms`, { field: 'service', value: resolved, expected: `a response within ${timeoutMs} ms` }));
        },
        { oneShot: true },
      );
      const ok = (values: unknown): void => {
        if (finish()) resolve(values ?? {});
      };
      const fail = (e: KindredError): void => {
        if (finish()) reject(e);
      };
      if (entry.kind === 'local') {
        const context: ServiceCallContext = options.client === undefined ? { service: resolved } : { service: resolved, client: options.client };
        try {
          Promise.resolve(entry.handler(request, context)).then(ok, (e: unknown) => fail(serviceFailed(resolved, e)));
        } catch (e) {
          fail(serviceFailed(resolved, e));
        }
        return;
      }
      if (requestId === undefined) return;
      this.pending.set(requestId, { provider: entry.provider, service: resolved, resolve: ok, reject: fail });
      entry.provider.sendOp({ op: 'call_service', id: requestId, service: entry.spelling, args: request });
    });
  }

  /**
   * A providing client's `service_response`. False when no call with that id is waiting on that
   * client (a late answer after a timeout, or an id it was never sent).
   */
  respond(provider: ServiceProvider, id: string | undefined, result: boolean, values: unknown): boolean {
    if (id === undefined) return false;
    const call = this.pending.get(id);
    if (call === undefined || call.provider !== provider) return false;
    if (result) call.resolve(values);
    else call.reject(serviceFailed(call.service, typeof values === 'string' && values !== '' ? values : `the client providing ${call.service} answered result: false`));
    return true;
  }

  /** Every service, sorted by name. */
  list(): ServiceInfo[] {
    return [...this.entries.values()]
      .map((e) => ({ name: e.name, type: e.type, provider: e.kind === 'local' ? e.owner : e.provider.clientId }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** The type of a service, or undefined. */
  typeOf(name: string): string | undefined {
    return this.entries.get(resolveName(name) ?? name)?.type;
  }

  /** Fail every waiting call (server stop). */
  close(): void {
    for (const e of [...this.entries.values()]) if (e.kind === 'remote') this.names.drop(e, 'the rosbridge server stopped');
  }

  /** Fail what waits on a client's entry that went. */
  private failWaiting(entry: RemoteEntry, why: string): void {
    for (const [id, call] of [...this.pending]) {
      if (call.provider === entry.provider && call.service === entry.name) {
        this.pending.delete(id);
        call.reject(serviceFailed(entry.name, why));
      }
    }
  }
}

function serviceFailed(service: string, cause: unknown): KindredError {
  const reason = typeof cause === 'string' ? cause : failureText(cause);
  return rosbridgeError('ROSBRIDGE_SERVICE_FAILED', `service ${service} failed: ${reason}`, { field: 'service', value: service, reason }, typeof cause === 'string' ? undefined : cause);
}
