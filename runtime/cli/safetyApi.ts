import type { IncomingMessage } from 'node:http';
import { isKindredError, KindredError } from '../errors/index.js';
import { readJsonBody, sendError, sendJson, type HttpServer } from '../http/index.js';
import type { LoopHost } from '../loop/index.js';

const CONFLICT = new Set(['SAFETY_RESET_CAUSE_PERSISTS', 'SAFETY_RESET_STOP_IN_PROGRESS', 'SAFETY_RESET_NOT_STOPPED', 'SAFETY_RESET_LOG_PENDING']);

/** Requests from this machine itself: the robot's own CLI (`kindred safety reset`). */
function fromThisMachine(req: IncomingMessage): boolean {
  const a = req.socket.remoteAddress ?? '';
  return a === '127.0.0.1' || a === '::1' || a === '::ffff:127.0.0.1';
}

function json(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)));
}

/**
 * The supervisor over HTTP:
 * - `GET /api/safety/state`: state, stop category, speed scale, drive heartbeat, active faults;
 * - `POST /api/safety/estop` (`{"source"?: "tablet" | "voice" | "bridge" | "api"}`): an emergency stop,
 *   never refused (the stop category is the supervisor's configured e-stop reaction);
 * - `POST /api/safety/reset` (`{"operator"?: name}`): leave a stop. Accepted only from the robot itself
 *   (source `cli`); the tablet's reset, with the role of its authenticated user, arrives with the tablet
 *   issue — a role claimed in a request body is never trusted. Refusals: 403 (unauthorised), 409 (a
 *   cause persists, still stopping, not stopped, events not yet logged) with the code, both languages
 *   and the persisting causes.
 */
export function mountSafetyApi(http: HttpServer, loop: () => LoopHost): void {
  http.route('GET', '/api/safety/state', (_req, res) => sendJson(res, 200, json(loop().safetyStatus())));
  http.route('POST', '/api/safety/estop', async (req, res) => {
    let source = 'api';
    try {
      const body = (await readJsonBody(req).catch(() => ({}))) as { source?: unknown };
      if (typeof body.source === 'string' && /^[a-z_]{1,32}$/.test(body.source)) source = body.source;
      const status = await loop().estop(source);
      sendJson(res, 200, json(status));
    } catch (e) {
      if (!isKindredError(e)) throw e;
      sendError(res, 500, e);
    }
  });
  http.route('POST', '/api/safety/reset', async (req, res) => {
    if (!fromThisMachine(req)) {
      sendError(
        res,
        403,
        new KindredError('SAFETY_RESET_UNAUTHORISED', 'a reset over the network needs the tablet’s authenticated session; from the robot itself use `kindred safety reset`', {
          field: 'source',
          value: req.socket.remoteAddress,
          expected: 'the robot itself (cli)',
        }),
      );
      return;
    }
    try {
      const body = (await readJsonBody(req).catch(() => ({}))) as { operator?: unknown };
      const operator = typeof body.operator === 'string' && body.operator.length <= 64 ? body.operator : undefined;
      const result = await loop().safetyReset({ source: 'cli', ...(operator === undefined ? {} : { operator }) });
      sendJson(res, 200, json({ ...result, status: loop().safetyStatus() }));
    } catch (e) {
      if (!isKindredError(e)) throw e;
      sendError(res, e.code === 'SAFETY_RESET_UNAUTHORISED' ? 403 : CONFLICT.has(e.code) ? 409 : 400, e, { causes: json(e.context['causes'] ?? []) });
    }
  });
}
