import { createServer, type IncomingMessage, type Server } from 'node:http';
import { listenHttp, wsAddress } from '../common/listenHttp.js';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Bus } from '../../bus/index.js';
import { silentLogger, type Logger } from '../../logging/index.js';
import type { MessageTypeMap } from '../../msgs/index.js';
import type { ParameterStore } from '../../params/index.js';
import { WallClock, type Clock, type Timer } from '../../time/index.js';
import type { ServiceRegistry } from '../rosbridge/index.js';
import { compileAllowList } from '../rosbridge/names.js';
import { tokenMatches } from '../rosbridge/tokenAuth.js';
import { timeFrame } from './binaryFrames.js';
import { ChannelStreams, type StreamCounters } from './ChannelStreams.js';
import { ChannelTable, type Channel } from './ChannelTable.js';
import { FoxgloveConnection, type ConnectionContext, type ConnectionCounters } from './FoxgloveConnection.js';
import { foxgloveError } from './foxgloveErrors.js';
import { resolveFoxgloveConfig, type FoxgloveConfig, type FoxgloveServerOptions } from './foxgloveOptions.js';
import { parameterEntry } from './parameterValues.js';
import { FOXGLOVE_SUBPROTOCOL, SUPPORTED_ENCODINGS, type Capability } from './protocol.js';
import { ServiceTable, type OfferedService } from './ServiceTable.js';

/** Counters since the server was made. */
export interface FoxgloveStats {
  /** Clients connected now. */
  readonly clients: number;
  /** Channels offered now (bus topics Kindred can encode). */
  readonly channels: number;
  /** Client subscriptions now, across all channels. */
  readonly subscriptions: number;
  readonly framesReceived: number;
  readonly framesSent: number;
  /** Message data frames sent to clients. */
  readonly messagesSent: number;
  /** Topic messages a client did not get because its socket was congested. */
  readonly messagesDropped: number;
  /** Bus messages that could not be encoded (not sent to anyone). */
  readonly encodeFailures: number;
  /** Messages clients published onto the bus. */
  readonly messagesPublished: number;
  /** Service calls made by clients. */
  readonly serviceCalls: number;
  /** Operations refused with an error status or a service call failure. */
  readonly refused: number;
}

/** Where a started server listens. */
export interface FoxgloveAddress {
  readonly host: string;
  readonly port: number;
  /** `ws://host:port`, for Foxglove's "Open connection" dialog (add `?token=…` when the server has one). */
  readonly url: string;
}

const CLOSE_GRACE_MS = 1000;
/** The ROS distribution Kindred's message definitions come from, in serverInfo's metadata (Foxglove reads `ROS_DISTRO`). */
const ROS_DISTRO = 'jazzy';

/**
 * A Foxglove WebSocket server (protocol `foxglove.websocket.v1`) over Kindred's bus, so Foxglove and
 * Lichtblick show the robot live, as they show a ROS 2 robot through foxglove_bridge:
 * - every bus topic Kindred can encode is a channel (`cdr`, schema the `ros2msg` text of its ROS 2
 *   type); topics that appear or go later are advertised or withdrawn at once;
 * - subscriptions get binary message data (one CDR encoding per message for all clients), dropped and
 *   counted for a client whose socket is congested instead of buffering without bound;
 * - clients may publish (`cdr` or `json`) only to `allowPublish` topics; what they publish goes on the
 *   bus like any publisher's, so actuator commands still pass the controllers and the SafetyGate;
 * - parameters (a `ParameterStore`): get, set (validated, all or nothing) and change subscriptions;
 * - services: those of a rosbridge `ServiceRegistry`, so both bridges offer the same ones (JSON).
 * Listens on 127.0.0.1:8765 by default; any other interface needs a token. Bad frames get a `status`
 * message and the connection stays open.
 */
export class FoxgloveServer {
  readonly config: FoxgloveConfig;
  /** What serverInfo announces. */
  readonly capabilities: ReadonlySet<Capability>;
  private readonly bus: Bus<MessageTypeMap>;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly parameters: ParameterStore | undefined;
  private readonly registry: ServiceRegistry | undefined;
  private readonly channels: ChannelTable;
  private readonly streams: ChannelStreams;
  private readonly services: ServiceTable | undefined;
  private readonly context: ConnectionContext;
  private readonly connections = new Map<FoxgloveConnection, WebSocket>();
  private readonly streamCounters: StreamCounters = { messagesSent: 0, messagesDropped: 0, encodeFailures: 0 };
  private readonly counters: ConnectionCounters = { framesReceived: 0, framesSent: 0, messagesPublished: 0, serviceCalls: 0, refused: 0 };
  private readonly wss: WebSocketServer;
  private readonly sessionId = `${Date.now()}`;
  private http: Server | undefined;
  private address: FoxgloveAddress | undefined;
  private stopParameters: (() => void) | undefined;
  private servicePoll: NodeJS.Timeout | undefined;
  private timeTimer: Timer | undefined;
  private nextClient = 1;

  /** Throws FOXGLOVE_CONFIG_INVALID or FOXGLOVE_TOKEN_REQUIRED for bad options; starts nothing. */
  constructor(options: FoxgloveServerOptions) {
    this.config = resolveFoxgloveConfig(options);
    this.bus = options.bus;
    this.clock = options.clock ?? new WallClock();
    this.logger = options.logger ?? silentLogger();
    this.parameters = options.parameters;
    this.registry = options.services;
    const caps = new Set<Capability>();
    if (this.config.allowPublish.length > 0) caps.add('clientPublish');
    if (this.parameters !== undefined) {
      caps.add('parameters');
      caps.add('parametersSubscribe');
    }
    if (this.registry !== undefined) caps.add('services');
    if (this.clock.kind === 'sim') caps.add('time');
    this.capabilities = caps;
    this.streams = new ChannelStreams(this.bus, this.clock, this.logger, this.streamCounters);
    this.channels = new ChannelTable(this.bus, this.logger, {
      added: (channel) => this.channelAdded(channel),
      removed: (channel) => this.channelRemoved(channel),
    });
    this.services =
      this.registry === undefined
        ? undefined
        : new ServiceTable(this.registry, {
            added: (services) => this.forEachConnection((c) => c.advertiseServices(services)),
            removed: (services: readonly OfferedService[]) => this.forEachConnection((c) => c.unadvertiseServices(services)),
          });
    const allowed = this.config.allowPublish;
    this.context = {
      bus: this.bus,
      channels: this.channels,
      streams: this.streams,
      services: this.services,
      registry: this.registry,
      parameters: this.parameters,
      capabilities: caps,
      logger: this.logger,
      canPublish: compileAllowList(allowed),
      allowPublishText: allowed.length === 0 ? 'none' : allowed.join(', '),
      maxBufferedBytes: this.config.maxBufferedBytes,
      serviceTimeoutMs: this.config.serviceTimeoutMs,
      counters: this.counters,
    };
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: this.config.maxMessageBytes,
      perMessageDeflate: false,
      clientTracking: false,
      handleProtocols: (protocols) => (protocols.has(FOXGLOVE_SUBPROTOCOL) ? FOXGLOVE_SUBPROTOCOL : false),
    });
  }

  /** Listen, and start following the bus, the parameters and the services. Throws FOXGLOVE_PORT_IN_USE when the port is taken. */
  async start(): Promise<FoxgloveAddress> {
    if (this.address !== undefined) return this.address;
    const http = createServer((_req, res) => {
      res.writeHead(426, { 'content-type': 'text/plain; charset=utf-8', upgrade: 'websocket' });
      res.end(
        `Foxglove WebSocket server (${FOXGLOVE_SUBPROTOCOL}): open it in Foxglove or Lichtblick with "Foxglove WebSocket" and this address.\n` +
          `Foxglove WebSocket 服务器（${FOXGLOVE_SUBPROTOCOL}）：请在 Foxglove 或 Lichtblick 中选择 "Foxglove WebSocket" 并填入此地址。\n`,
      );
    });
    http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => this.upgrade(req, socket, head));
    const { host, port } = this.config;
    await listenHttp(http, host, port, () =>
      foxgloveError('FOXGLOVE_PORT_IN_USE', `port ${port} on ${host} is in use; stop the other Foxglove bridge or choose another port`, { field: 'port', value: port, expected: 'a free TCP port' }),
    );
    http.on('error', (e) => this.logger.error({ err: e }, 'Foxglove HTTP server error'));
    this.http = http;
    this.channels.start();
    if (this.parameters !== undefined) {
      const store = this.parameters;
      this.stopParameters = store.onChange('*', (name) => {
        const entry = store.list().find((p) => p.name === name);
        if (entry !== undefined) {
          const wire = parameterEntry(entry);
          this.forEachConnection((c) => c.parameterChanged(wire));
        }
      });
    }
    if (this.services !== undefined) {
      const table = this.services;
      table.refresh();
      this.servicePoll = setInterval(() => table.refresh(), this.config.servicePollMs);
      this.servicePoll.unref();
    }
    if (this.capabilities.has('time')) {
      this.timeTimer = this.clock.setTimer(BigInt(Math.round(this.config.timePeriodMs * 1e6)), () => {
        const frame = timeFrame(this.clock.now());
        this.forEachConnection((c) => c.sendBinary(frame));
      });
    }
    this.address = wsAddress(http, host);
    const bound = this.address.port;
    this.logger.info(
      { host, port: bound, capabilities: [...this.capabilities], channels: this.channels.size, allowPublish: this.config.allowPublish, token: this.config.token !== undefined },
      'Foxglove WebSocket server listening',
    );
    return this.address;
  }

  /** The bound port (after `start`). */
  get port(): number | undefined {
    return this.address?.port;
  }

  /** `ws://host:port` (after `start`). */
  get url(): string | undefined {
    return this.address?.url;
  }

  stats(): FoxgloveStats {
    return {
      clients: this.connections.size,
      channels: this.channels.size,
      subscriptions: this.streams.subscriptionCount,
      ...this.counters,
      ...this.streamCounters,
    };
  }

  /** Compare the offered services with the registry now (also done every `servicePollMs` and when a client connects). */
  refreshServices(): void {
    this.services?.refresh();
  }

  /** Close every connection (1001 going away), stop following the bus, stop listening. Idempotent. */
  async stop(): Promise<void> {
    const http = this.http;
    this.http = undefined;
    this.address = undefined;
    this.stopParameters?.();
    this.stopParameters = undefined;
    if (this.servicePoll !== undefined) clearInterval(this.servicePoll);
    this.servicePoll = undefined;
    this.timeTimer?.cancel();
    this.timeTimer = undefined;
    const closing = [...this.connections.values()].map(
      (ws) =>
        new Promise<void>((resolve) => {
          if (ws.readyState === ws.CLOSED) return resolve();
          const timer = setTimeout(() => ws.terminate(), CLOSE_GRACE_MS);
          ws.once('close', () => {
            clearTimeout(timer);
            resolve();
          });
          ws.close(1001, 'server stopping');
        }),
    );
    await Promise.all(closing);
    this.streams.clear();
    this.channels.stop();
    this.services?.clear();
    if (http !== undefined) await new Promise<void>((resolve) => http.close(() => resolve()));
  }

  private serverInfo(): Readonly<Record<string, unknown>> {
    return {
      op: 'serverInfo',
      name: this.config.name,
      capabilities: [...this.capabilities],
      supportedEncodings: [...SUPPORTED_ENCODINGS],
      metadata: { ROS_DISTRO },
      sessionId: this.sessionId,
    };
  }

  private forEachConnection(fn: (c: FoxgloveConnection) => void): void {
    for (const c of this.connections.keys()) fn(c);
  }

  private channelAdded(channel: Channel): void {
    this.forEachConnection((c) => c.advertiseChannels([channel]));
  }

  private channelRemoved(channel: Channel): void {
    this.streams.drop(channel.id);
    this.forEachConnection((c) => c.channelRemoved(channel));
  }

  private refuseUpgrade(socket: Duplex, status: string, text: string): void {
    const body = Buffer.from(text, 'utf8');
    socket.end(`HTTP/1.1 ${status}\r\nconnection: close\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: ${body.length}\r\n\r\n${text}`);
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const remote = req.socket.remoteAddress;
    const token = this.config.token;
    if (token !== undefined) {
      const given = new URL(req.url ?? '/', 'ws://localhost').searchParams.get('token');
      if (given === null || !tokenMatches(given, token)) {
        this.logger.warn({ remote, code: 'FOXGLOVE_AUTH_FAILED' }, given === null ? 'Foxglove connection refused: no token' : 'Foxglove connection refused: wrong token');
        this.refuseUpgrade(socket, '401 Unauthorized', 'FOXGLOVE_AUTH_FAILED: connect with ?token=<token> / 请在地址后加上 ?token=<令牌> 连接\n');
        return;
      }
    }
    const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
    if (!offered.includes(FOXGLOVE_SUBPROTOCOL)) {
      this.logger.warn({ remote, code: 'FOXGLOVE_SUBPROTOCOL_REQUIRED', offered }, 'Foxglove connection refused: no foxglove.websocket.v1 subprotocol');
      this.refuseUpgrade(socket, '400 Bad Request', `FOXGLOVE_SUBPROTOCOL_REQUIRED: offer the WebSocket subprotocol ${FOXGLOVE_SUBPROTOCOL} / 请使用 WebSocket 子协议 ${FOXGLOVE_SUBPROTOCOL}\n`);
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, remote));
  }

  private accept(ws: WebSocket, remote: string | undefined): void {
    if (this.address === undefined) {
      ws.close(1001, 'server stopping');
      return;
    }
    const clientId = `client_${this.nextClient++}`;
    const conn = new FoxgloveConnection(ws, clientId, this.context);
    const log = this.logger.child({ client: clientId });
    this.services?.refresh();
    this.connections.set(conn, ws);
    log.info({ remote }, 'Foxglove client connected');
    ws.on('message', (data, isBinary) => conn.receive(data, isBinary));
    ws.on('error', (e) => log.warn({ err: e }, 'Foxglove client socket error'));
    ws.on('close', (code) => {
      conn.dispose();
      this.connections.delete(conn);
      log.info({ code, dropped: conn.droppedCount }, 'Foxglove client disconnected');
    });
    conn.greet(this.serverInfo(), this.capabilities.has('time') ? timeFrame(this.clock.now()) : undefined);
  }
}
