import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KindredError } from '../errors/index.js';
import type { Logger } from '../logging/index.js';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;
/** A handler for every path under a prefix; returns false to let the server answer 404. */
export type MountHandler = (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;

const MAX_JSON_BODY = 64 * 1024;

/**
 * Read a request body as JSON (at most 64 KiB). Rejects with a KindredError (HTTP_BAD_BODY) that
 * names what was wrong, so handlers can answer 400 with it.
 */
export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_JSON_BODY) throw new KindredError('HTTP_BAD_BODY', `request body larger than ${MAX_JSON_BODY} bytes`, { expected: 'a JSON body ≤ 64 KiB' });
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new KindredError('HTTP_BAD_BODY', `request body is not JSON: ${(e as Error).message}`, { value: text.slice(0, 80), expected: 'a JSON body' });
  }
}

/** Send a JSON body with the given status. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
}

/**
 * Kindred's one HTTP server. Later modules register routes (tablet UI, viewer, API); this module knows
 * nothing of them. A handler that throws answers 500 with a bilingual JSON error; the server keeps serving.
 */
export class HttpServer {
  private readonly routes = new Map<string, RouteHandler>();
  private readonly mounts: { prefix: string; handler: MountHandler }[] = [];
  /** The node server; modules that need it (socket.io for the viewer) attach before `listen`. */
  readonly server: Server;

  constructor(private readonly logger: Logger) {
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  route(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, handler: RouteHandler): void {
    this.routes.set(`${method} ${path}`, handler);
  }

  /** Serve every path that starts with `prefix` (e.g. `/sim/`) by `handler`, after exact routes. */
  mount(prefix: string, handler: MountHandler): void {
    this.mounts.push({ prefix, handler });
  }

  /** Listen and resolve with the bound port (port 0 picks a free one). */
  listen(port: number, host: string): Promise<number> {
    const server = this.server;
    return new Promise((resolve, reject) => {
      server.once('error', (e: NodeJS.ErrnoException) => {
        reject(
          e.code === 'EADDRINUSE'
            ? new KindredError('HTTP_PORT_IN_USE', `port ${port} on ${host} is already in use; choose another with --port or KINDRED_PORT`, {
                field: 'services.http.port',
                value: port,
              })
            : e,
        );
      });
      server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
    });
  }

  close(): Promise<void> {
    const server = this.server;
    if (!server.listening) return Promise.resolve();
    return new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const handler = this.routes.get(`${req.method ?? 'GET'} ${path}`);
    try {
      if (handler !== undefined) {
        await handler(req, res);
        return;
      }
      for (const m of this.mounts) {
        if (path.startsWith(m.prefix) && (await m.handler(req, res))) return;
      }
      sendJson(res, 404, { error: 'not_found', en: `no route ${req.method} ${path}`, zh: `找不到路径 ${path}` });
    } catch (e) {
      this.logger.error({ err: e, path }, 'HTTP handler failed');
      if (!res.headersSent) sendJson(res, 500, { error: 'internal', en: 'internal error', zh: '内部错误' });
      else res.end();
    }
  }
}
