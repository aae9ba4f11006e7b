import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import { Server as SocketServer, type Socket } from 'socket.io';
import type { Bus } from '../../runtime/bus/index.js';
import { describeCode, isKindredError, type ErrorCode } from '../../runtime/errors/index.js';
import type { Logger } from '../../runtime/logging/index.js';
import type { MessageTypeMap } from '../../runtime/msgs/index.js';
import { BehaviorFeed, behaviorFeedLimits, type BehaviorSink } from './BehaviorFeed.js';
import type { SimViewSource, ViewFrame } from './SimViewSource.js';
import { assetReader, VIEWER_PREFIX, VIEWER_SOCKET_PATH, viewerAssets } from './viewerAssets.js';
import { viewControlSchema } from './viewControlSchema.js';

export interface AttachViewerOptions {
  readonly logger: Logger;
  /** Frames per second sent to each connected viewer; default 30. */
  readonly frameHz?: number;
  /** Folder holding index.html, viewer.js, …; default `public/` beside this file (copied to dist/ by the build). */
  readonly publicDir?: string;
  /**
   * Kindred's bus: when given, running behaviours (`/behavior/chart`, `/behavior/status`) are
   * forwarded to every viewer as `behaviorChart` and `behavior` events (see `BehaviorFeed`).
   */
  readonly bus?: Bus<MessageTypeMap>;
  /** Most behaviour status messages per second per run sent to viewers; default 10. */
  readonly behaviorStatusHz?: number;
  /** Finished behaviour runs kept for viewers that connect later; default 10. */
  readonly keepFinishedBehaviors?: number;
}

/** The answer to a `control` message (socket.io acknowledgement). */
export type ControlResult = { readonly ok: true } | { readonly ok: false; readonly code: string; readonly en: string; readonly zh: string };

export interface AttachedViewer {
  /**
   * Serve a request under `/sim` (the page, its scripts and styles, vendored three.js): returns true
   * when the request was under `/sim` and has been answered (404 for any other path there), false to
   * let the caller route it.
   */
  handleViewerRequest(req: IncomingMessage, res: ServerResponse): boolean;
  /** Stop streaming and disconnect viewers; leaves the HTTP server itself running. */
  close(): Promise<void>;
}

/**
 * Put the simulation viewer on an existing HTTP server: socket.io at `/sim/socket.io` (which also
 * serves socket.io's browser client there), sending `scene` once per connection, then `frame` at
 * `frameHz` from one timer shared by all viewers (stopped while none is connected), and applying
 * `control` messages through `source` with an acknowledgement `{ ok }` or a coded bilingual refusal.
 * With a `bus`, the running behaviours go to viewers on their own channel: `behaviorChart` (a run's
 * chart), `behavior` (its latest status, at most `behaviorStatusHz` per run) and `behaviorRemoved`
 * (`{ runId }`, a finished run no longer kept); a viewer that connects receives every run kept.
 * Static files are answered by the returned `handleViewerRequest`, which the caller mounts on `/sim`.
 */
export function attachViewer(server: HttpServer, source: SimViewSource, options: AttachViewerOptions): AttachedViewer {
  const logger = options.logger.child({ module: 'sim_viewer' });
  const assets = viewerAssets(options.publicDir);
  const read = assetReader();
  const framePeriodMs = 1000 / (options.frameHz ?? 30);
  const limits = behaviorFeedLimits({
    ...(options.behaviorStatusHz === undefined ? {} : { statusHz: options.behaviorStatusHz }),
    ...(options.keepFinishedBehaviors === undefined ? {} : { keepFinished: options.keepFinishedBehaviors }),
  });
  const io = new SocketServer(server, { path: VIEWER_SOCKET_PATH, serveClient: true });
  let viewers = 0;
  let timer: ReturnType<typeof setInterval> | undefined;
  let frameFailed = false;
  const sinkTo = (target: { emit(event: string, payload: unknown): unknown }): BehaviorSink => ({
    chart: (chart) => target.emit('behaviorChart', chart),
    status: (status) => target.emit('behavior', status),
    removed: (runId) => target.emit('behaviorRemoved', { runId }),
  });
  const behaviors =
    options.bus === undefined
      ? undefined
      : new BehaviorFeed({
          bus: options.bus,
          logger,
          sink: sinkTo(io),
          ...limits,
        });

  const broadcastFrame = (): void => {
    let frame: ViewFrame;
    try {
      frame = plainFrame(source.frame());
      frameFailed = false;
    } catch (e) {
      if (!frameFailed) logger.error({ err: e }, 'simulation source failed to produce a frame');
      frameFailed = true; // log once per failure streak, not 30 times a second
      return;
    }
    io.volatile.emit('frame', frame);
  };

  const onControl = async (socket: Socket, payload: unknown): Promise<ControlResult> => {
    const parsed = viewControlSchema.safeParse(payload);
    if (!parsed.success) {
      const what = parsed.error.issues.map((i) => `${i.path.join('.') || 'control'}: ${i.message}`).join('; ');
      logger.warn({ viewer: socket.id, payload }, 'refused a malformed viewer control');
      return refusal('SIM_VIEWER_CONTROL_INVALID', `control refused (${what})`);
    }
    try {
      await source.control(parsed.data);
    } catch (e) {
      if (isKindredError(e)) {
        logger.info({ viewer: socket.id, control: parsed.data, code: e.code }, 'simulation refused a viewer control');
        return refusal(e.code, e.message);
      }
      logger.error({ err: e, viewer: socket.id, control: parsed.data }, 'simulation failed to apply a viewer control');
      return refusal('SIM_VIEWER_CONTROL_FAILED', `the simulation failed to apply ${parsed.data.op}`);
    }
    logger.info({ viewer: socket.id, control: parsed.data }, 'viewer control applied');
    broadcastFrame(); // every viewer sees the effect at once, even when paused
    return { ok: true };
  };

  io.on('connection', (socket) => {
    viewers++;
    logger.info({ viewer: socket.id, viewers }, 'viewer connected');
    try {
      socket.emit('scene', source.scene());
    } catch (e) {
      logger.error({ err: e }, 'simulation source failed to describe its scene');
    }
    behaviors?.replay(sinkTo(socket));
    timer ??= setInterval(broadcastFrame, framePeriodMs);
    broadcastFrame();
    socket.on('control', (payload: unknown, ack: unknown) => {
      void onControl(socket, payload).then((result) => {
        if (typeof ack === 'function') ack(result);
      });
    });
    socket.on('disconnect', (reason) => {
      viewers--;
      logger.info({ viewer: socket.id, viewers, reason }, 'viewer disconnected');
      if (viewers === 0 && timer !== undefined) {
        clearInterval(timer);
        timer = undefined;
      }
    });
  });

  return {
    handleViewerRequest(req, res) {
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      if (path !== VIEWER_PREFIX && !path.startsWith(`${VIEWER_PREFIX}/`)) return false;
      const asset = assets.get(path);
      if (asset === undefined) {
        sendText(res, 404, `找不到 ${path} / not found: ${path}`);
      } else if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.setHeader('allow', 'GET, HEAD');
        sendText(res, 405, `只支持 GET / only GET is allowed on ${path}`);
      } else {
        const body = read(asset);
        res.writeHead(200, {
          'content-type': asset.contentType,
          'content-length': body.length,
          'cache-control': asset.immutable ? 'public, max-age=3600' : 'no-cache',
          'x-content-type-options': 'nosniff',
        });
        res.end(req.method === 'HEAD' ? undefined : body);
      }
      return true;
    },
    async close() {
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
      behaviors?.close();
      io.disconnectSockets(true);
      // Not io.close(): that would also close the HTTP server, which belongs to the caller.
      io.engine.close();
      await Promise.resolve();
    },
  };
}

function refusal(code: ErrorCode, en: string): ControlResult {
  return { ok: false, code, en, zh: describeCode(code).zh };
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
}

/** Sources backed by shared memory may hand out typed arrays; socket.io would send those as binary blobs. */
function plainFrame(frame: ViewFrame): ViewFrame {
  const plain = (a: readonly number[]): readonly number[] => (ArrayBuffer.isView(a) ? Array.from(a) : a);
  return { ...frame, xpos: plain(frame.xpos), xquat: plain(frame.xquat), joints: plain(frame.joints), forces: plain(frame.forces) };
}
