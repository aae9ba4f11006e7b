import { WebSocket, type RawData } from 'ws';
import type { KindredError } from '../../errors/index.js';
import type { Logger } from '../../logging/index.js';
import { msFromNs, nsFromMs, type Clock, type Timer } from '../../time/index.js';
import { backoffDelayMs, type BackoffSettings } from './backoff.js';
import { rosClientError } from './rosClientErrors.js';

/**
 * Where the client's link to the rosbridge server stands: `idle` before `connect()`, `connecting`
 * during an attempt, `connected`, `backoff` while waiting for the next attempt, `closed` after `close()`.
 */
export type ClientState = 'idle' | 'connecting' | 'connected' | 'backoff' | 'closed';

/** One change of `ClientState`, as the client's `onState` listeners receive it. */
export interface ClientStateChange {
  readonly state: ClientState;
  readonly previous: ClientState;
  /** Consecutive failed attempts (or connections that did not stay up) so far. */
  readonly failures: number;
  /** In `backoff`: how long until the next attempt. */
  readonly delayMs?: number;
  /** Why the link went or the attempt failed (ROS_CLIENT_DISCONNECTED, ROS_CLIENT_AUTH_FAILED, …). */
  readonly error?: KindredError;
}

/** What the socket tells its owner. */
export interface SocketHooks {
  /** A connection opened: send what must come first (auth, re-advertising) before anything else. */
  onOpen(): void;
  onFrame(data: Buffer, isBinary: boolean): void;
  /** An open connection was lost (not by `stop`): whatever waits on it must fail with `error`. */
  onDrop(error: KindredError): void;
  onState(change: ClientStateChange): void;
}

/** How the socket connects and retries. */
export interface SocketSettings {
  readonly url: string;
  readonly backoff: BackoffSettings;
  readonly connectTimeoutMs: number;
  /** Largest frame accepted from the server (larger closes the connection, 1009). */
  readonly maxPayloadBytes: number;
}

const CLOSE_GRACE_MS = 1000;
/** WebSocket close code for a policy violation; rosbridge servers use it for a refused token. */
const POLICY_VIOLATION = 1008;

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

/**
 * A WebSocket to one URL that comes back by itself: after a failed attempt or a lost connection it
 * waits (exponential back-off with jitter, on the injected clock) and tries again, until `stop()`.
 * The failure count is reset only by a connection that stayed up for at least `backoff.maxMs`, so a
 * server that accepts and at once drops the link (a refused token, a crash loop) is not hammered.
 * Nothing rosbridge-specific: the owner reacts to `onOpen`, `onFrame` and `onDrop`.
 */
export class ReconnectingSocket {
  private socket: WebSocket | undefined;
  private timer: Timer | undefined;
  private current: ClientState = 'idle';
  private failures = 0;
  private openedAtNs: bigint | undefined;
  private lastError: string | undefined;
  private lastFailureCode: string | undefined;
  private stopping: Promise<void> | undefined;

  constructor(
    private readonly settings: SocketSettings,
    private readonly hooks: SocketHooks,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly random: () => number,
  ) {}

  get state(): ClientState {
    return this.current;
  }

  /** Bytes handed to the socket and not yet sent (0 when not connected). */
  get bufferedBytes(): number {
    return this.socket?.bufferedAmount ?? 0;
  }

  /** Begin connecting (idempotent; nothing after `stop`). */
  start(): void {
    if (this.current === 'idle') this.attempt();
  }

  /** Send one frame if connected; false (nothing sent) otherwise. */
  send(data: string | Buffer, binary = false): boolean {
    const socket = this.socket;
    if (this.current !== 'connected' || socket === undefined || socket.readyState !== WebSocket.OPEN) return false;
    socket.send(data, { binary });
    return true;
  }

  /** Stop for good: no more attempts; an open connection is closed (1000). Resolves once it has closed. */
  stop(): Promise<void> {
    if (this.stopping !== undefined) return this.stopping;
    this.timer?.cancel();
    this.timer = undefined;
    const socket = this.socket;
    this.socket = undefined;
    this.setState('closed', {});
    this.stopping = new Promise<void>((resolve) => {
      if (socket === undefined || socket.readyState === WebSocket.CLOSED) return resolve();
      const grace = setTimeout(() => socket.terminate(), CLOSE_GRACE_MS);
      socket.once('close', () => {
        clearTimeout(grace);
        resolve();
      });
      if (socket.readyState === WebSocket.CONNECTING) socket.terminate();
      else socket.close(1000, 'client closing');
    });
    return this.stopping;
  }

  private attempt(): void {
    this.timer = undefined;
    this.lastError = undefined;
    this.openedAtNs = undefined;
    this.setState('connecting', {});
    const socket = new WebSocket(this.settings.url, {
      handshakeTimeout: this.settings.connectTimeoutMs,
      perMessageDeflate: false,
      maxPayload: this.settings.maxPayloadBytes,
    });
    this.socket = socket;
    socket.on('open', () => {
      if (this.socket !== socket) return;
      this.openedAtNs = this.clock.now();
      // Connected for `send` first, so what must come first (auth, re-advertising) goes out before
      // any state listener can send anything.
      const previous = this.current;
      this.current = 'connected';
      try {
        this.hooks.onOpen();
      } catch (e) {
        this.logger.error({ err: e }, 'rosbridge client: setting up the connection failed');
      }
      if (this.socket !== socket) return; // stopped meanwhile
      this.logger.info({ url: this.settings.url, failures: this.failures }, 'rosbridge client connected');
      this.hooks.onState({ state: 'connected', previous, failures: this.failures });
    });
    socket.on('message', (data, isBinary) => {
      if (this.socket === socket) this.hooks.onFrame(toBuffer(data), isBinary);
    });
    socket.on('error', (e) => {
      this.lastError = e.message;
    });
    socket.on('close', (code, reason) => {
      if (this.socket !== socket) return; // stopped, or replaced
      this.socket = undefined;
      this.closed(code, reason.toString('utf8'));
    });
  }

  private closed(code: number, reason: string): void {
    const wasOpen = this.openedAtNs !== undefined;
    const upMs = wasOpen ? msFromNs(this.clock.now() - (this.openedAtNs ?? 0n)) : 0;
    const url = this.settings.url;
    const refused = code === POLICY_VIOLATION || /\b401\b/.test(this.lastError ?? '');
    let error: KindredError;
    if (refused) {
      error = rosClientError('ROS_CLIENT_AUTH_FAILED', `the rosbridge server at ${url} refused the token (${wasOpen ? `closed ${code}${reason === '' ? '' : ` "${reason}"`}` : (this.lastError ?? 'HTTP 401')}); check the token the robot's rosbridge_server expects`, {
        field: 'token',
        url,
      });
    } else if (wasOpen) {
      error = rosClientError('ROS_CLIENT_DISCONNECTED', `the connection to the rosbridge server at ${url} closed (code ${code}${reason === '' ? '' : `, "${reason}"`}) after ${Math.round(upMs)} ms`, { url, code });
    } else {
      error = rosClientError('ROS_CLIENT_DISCONNECTED', `could not connect to the rosbridge server at ${url}: ${this.lastError ?? `closed with code ${code}`}`, { url, code });
    }
    if (wasOpen && upMs >= this.settings.backoff.maxMs) this.failures = 0;
    this.failures++;
    if (wasOpen) this.hooks.onDrop(error);
    if (this.current === 'closed') return;
    const delayMs = backoffDelayMs(this.failures, this.settings.backoff, this.random);
    // A lost link, the first failure of a streak, or a new kind of failure is worth a warning; the
    // rest of a streak (a robot that stays off for hours) goes to debug.
    const worthWarning = wasOpen || this.failures === 1 || error.code !== this.lastFailureCode;
    this.lastFailureCode = error.code;
    if (worthWarning) this.logger.warn({ url, code: error.code, delayMs, failures: this.failures }, error.message);
    else this.logger.debug({ url, code: error.code, delayMs, failures: this.failures }, error.message);
    this.setState('backoff', { delayMs, error });
    this.timer = this.clock.setTimer(nsFromMs(delayMs), () => this.attempt(), { oneShot: true });
  }

  private setState(state: ClientState, extra: { delayMs?: number; error?: KindredError }): void {
    const previous = this.current;
    this.current = state;
    this.hooks.onState({ state, previous, failures: this.failures, ...extra });
  }
}
