import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KindredError } from '../errors/index.js';
import type { Logger } from '../logging/index.js';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

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
  private server: Server | undefined;

  constructor(private readonly logger: Logger) {}

  route(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, handler: RouteHandler): void {
    this.routes.set(`${method} ${path}`, handler);
  }

  /** Listen and resolve with the bound port (port 0 picks a free one). */
  listen(port: number, host: string): Promise<number> {
    const server = createServer((req, res) => void this.handle(req, res));
    this.server = server;
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
    if (server === undefined) return Promise.resolve();
    return new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const handler = this.routes.get(`${req.method ?? 'GET'} ${path}`);
    if (handler === undefined) {
      sendJson(res, 404, { error: 'not_found', en: `no route ${req.method} ${path}`, zh: `找不到路径 ${path}` });
      return;
    }
    try {
      await handler(req, res);
    } catch (e) {
      this.logger.error({ err: e, path }, 'HTTP handler failed');
      if (!res.headersSent) sendJson(res, 500, { error: 'internal', en: 'internal error', zh: '内部错误' });
      else res.end();
    }
  }
}
