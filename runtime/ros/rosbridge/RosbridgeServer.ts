import { createServer, type IncomingMessage, type Server } from 'node:http';
import { listenHttp, wsAddress } from '../common/listenHttp.js';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Bus } from '../../bus/index.js';
import { silentLogger, type Logger } from '../../logging/index.js';
import type { MessageTypeMap } from '../../msgs/index.js';
import { WallClock, type Clock } from '../../time/index.js';
import { ActionRegistry } from './ActionRegistry.js';
import { Connection, type ConnectionContext, type MutableStats } from './Connection.js';
import { compileAllowList } from './names.js';
import { installRosapi } from './rosapi.js';
import { rosbridgeError } from './rosbridgeErrors.js';
import { resolveRosbridgeConfig, type RosbridgeConfig, type RosbridgeServerOptions } from './rosbridgeOptions.js';
import { ServiceRegistry } from './ServiceRegistry.js';
import { tokenMatches } from './tokenAuth.js';
import { TopicHub } from './TopicHub.js';

/** Counters since the server was made. */
export interface RosbridgeStats {
  /** Clients connected now. */
  readonly clients: number;
  readonly framesReceived: number;
  readonly framesSent: number;
  /** Messages clients published onto the bus. */
  readonly messagesPublished: number;
  /** Topic messages a client did not get: throttled out, pushed out of its queue, or its socket was congested. */
  readonly messagesDropped: number;
  /** Operations refused with an error status. */
  readonly refused: number;
}

/** Where a started server listens. */
export interface RosbridgeAddress {
  readonly host: string;
  readonly port: number;
  /** `ws://host:port`, for roslib's `new Ros({ url })`. */
  readonly url: string;
}

const CLOSE_GRACE_MS = 1000;

/**
 * A rosbridge v2 server (the protocol of rosbridge_suite for ROS 2) over Kindred's bus, so roslib
 * web pages and other rosbridge tools work with Kindred unchanged:
 * - topics: subscribe to any bus topic (JSON, or CBOR; cbor-raw with a CDR encoder), with
 *   throttle_rate, queue_length and fragment_size; advertise/publish only to `allowPublish`;
 * - services: Kindred's (`server.services.register`), rosapi's, and those clients advertise, which
 *   other clients and Kindred (`server.services.call`) can call;
 * - actions: Kindred's (`server.actions.register`) with feedback and cancel, and client-advertised
 *   ones (`server.actions.sendGoal`);
 * - rosapi: topics, services, nodes, types, parameters (Kindred's `ParameterStore`).
 * Listens on 127.0.0.1:9090 by default; any other interface needs a token. Bad frames get a
 * `status` message and the connection stays open.
 */
export class RosbridgeServer {
  /** Services offered to clients; register Kindred's own here, call any (incl. client-advertised) here. */
  readonly services: ServiceRegistry;
  /** Actions offered to clients; register Kindred's own here, send goals to any here. */
  readonly actions: ActionRegistry;
  readonly config: RosbridgeConfig;
  private readonly bus: Bus<MessageTypeMap>;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly hub: TopicHub;
  private readonly context: ConnectionContext;
  private readonly connections = new Set<Connection>();
  private readonly sockets = new Map<Connection, WebSocket>();
  private readonly counters: MutableStats = { framesReceived: 0, framesSent: 0, messagesPublished: 0, messagesDropped: 0, refused: 0 };
  private readonly wss: WebSocketServer;
  private http: Server | undefined;
  private address: RosbridgeAddress | undefined;
  private nextClient = 1;
  private readonly ownsRegistries: boolean;

  /** Throws ROSBRIDGE_CONFIG_INVALID or ROSBRIDGE_TOKEN_REQUIRED for bad options; starts nothing. */
  constructor(options: RosbridgeServerOptions) {
    this.config = resolveRosbridgeConfig(options);
    this.bus = options.bus;
    this.clock = options.clock ?? new WallClock();
    this.logger = options.logger ?? silentLogger();
    this.ownsRegistries = options.services === undefined;
    this.services = options.services ?? new ServiceRegistry(this.clock, this.config.serviceTimeoutMs);
    this.actions = options.actions ?? new ActionRegistry();
    this.hub = new TopicHub(this.bus, this.clock, options.cdr);
    const allowed = this.config.allowPublish;
    this.context = {
      bus: this.bus,
      hub: this.hub,
      services: this.services,
      actions: this.actions,
      clock: this.clock,
      logger: this.logger,
      canPublish: compileAllowList(allowed),
      allowPublishText: allowed.length === 0 ? 'none' : allowed.join(', '),
      token: this.config.token,
      cdr: options.cdr,
      maxBufferedBytes: this.config.maxBufferedBytes,
      defragLimits: { maxChars: this.config.maxMessageBytes, maxPending: 64, timeoutNs: 30_000_000_000n },
      stats: this.counters,
    };
    this.wss = new WebSocketServer({ noServer: true, maxPayload: this.config.maxMessageBytes, perMessageDeflate: false, clientTracking: false });
    installRosapi({
      bus: this.bus,
      services: this.services,
      actions: this.actions,
      parameters: options.parameters,
      clock: this.clock,
      nodeName: this.config.nodeName,
      bridgeTopics: () => {
        const publishing = new Set<string>();
        const subscribing = new Set<string>();
        for (const c of this.connections) {
          const t = c.topics();
          for (const p of t.publishing) publishing.add(p);
          for (const s of t.subscribing) subscribing.add(s);
        }
        return { publishing: [...publishing].sort(), subscribing: [...subscribing].sort() };
      },
    });
  }

  /** Listen. Throws ROSBRIDGE_PORT_IN_USE when the port is taken. */
  async start(): Promise<RosbridgeAddress> {
    if (this.address !== undefined) return this.address;
    const http = createServer((_req, res) => {
      res.writeHead(426, { 'content-type': 'text/plain; charset=utf-8', upgrade: 'websocket' });
      res.end('rosbridge v2 WebSocket server: connect with a WebSocket client such as roslib.\nrosbridge v2 WebSocket 服务器：请用 WebSocket 客户端（如 roslib）连接。\n');
    });
    http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => this.upgrade(req, socket, head));
    const { host, port } = this.config;
    await listenHttp(http, host, port, () =>
      rosbridgeError('ROSBRIDGE_PORT_IN_USE', `port ${port} on ${host} is in use; stop the other rosbridge server or choose another port`, { field: 'port', value: port, expected: 'a free TCP port' }),
    );
    http.on('error', (e) => this.logger.error({ err: e }, 'rosbridge HTTP server error'));
    this.http = http;
    this.address = wsAddress(http, host);
    const bound = this.address.port;
    this.logger.info({ host, port: bound, allowPublish: this.config.allowPublish, token: this.config.token !== undefined }, 'rosbridge server listening');
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

  stats(): RosbridgeStats {
    return { clients: this.connections.size, ...this.counters };
  }

  /** Close every connection (1001 going away), fail calls and goals in flight, stop listening. Idempotent. */
  async stop(): Promise<void> {
    const http = this.http;
    this.http = undefined;
    this.address = undefined;
    const closing = [...this.sockets.values()].map(
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
    // Registries shared with other bridges (given in the options) outlive this server.
    if (this.ownsRegistries) {
      this.services.close();
      this.actions.close();
    }
    this.hub.clear();
    if (http !== undefined) await new Promise<void>((resolve) => http.close(() => resolve()));
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const token = this.config.token;
    let authenticated = token === undefined;
    if (token !== undefined) {
      const given = new URL(req.url ?? '/', 'ws://localhost').searchParams.get('token');
      if (given !== null) {
        if (!tokenMatches(given, token)) {
          this.logger.warn({ remote: req.socket.remoteAddress }, 'rosbridge connection refused: wrong token');
          socket.end('HTTP/1.1 401 Unauthorized\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
          return;
        }
        authenticated = true;
      }
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, req, authenticated));
  }

  private accept(ws: WebSocket, req: IncomingMessage, authenticated: boolean): void {
    const clientId = `client_${this.nextClient++}`;
    const conn = new Connection(ws, clientId, this.context, authenticated);
    const log = this.logger.child({ client: clientId });
    this.connections.add(conn);
    this.sockets.set(conn, ws);
    log.info({ remote: req.socket.remoteAddress, authenticated }, 'rosbridge client connected');
    let authTimer: NodeJS.Timeout | undefined;
    if (!authenticated) {
      authTimer = setTimeout(() => {
        if (conn.isAuthenticated) return;
        conn.status('error', 'ROSBRIDGE_NOT_AUTHENTICATED', `no token within ${this.config.authTimeoutMs} ms; the connection is closed`);
        ws.close(1008, 'authentication timeout');
      }, this.config.authTimeoutMs);
      authTimer.unref();
    }
    ws.on('message', (data, isBinary) => conn.receive(data, isBinary));
    ws.on('error', (e) => log.warn({ err: e }, 'rosbridge client socket error'));
    ws.on('close', (code) => {
      if (authTimer !== undefined) clearTimeout(authTimer);
      conn.dispose();
      this.connections.delete(conn);
      this.sockets.delete(conn);
      log.info({ code }, 'rosbridge client disconnected');
    });
  }
}
