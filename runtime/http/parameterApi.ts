import type { ServerResponse } from 'node:http';
import { describeCode, isKindredError, KindredError } from '../errors/index.js';
import type { ParameterStore } from '../params/index.js';
import { readJsonBody, sendJson, type HttpServer } from './HttpServer.js';

const PREFIX = '/api/parameters/';

/** A rejected request as JSON: the code, the message in English and Chinese, and what was expected. */
export function sendError(res: ServerResponse, status: number, e: KindredError, extra: Readonly<Record<string, unknown>> = {}): void {
  sendJson(res, status, {
    error: e.code,
    en: e.message,
    zh: describeCode(e.code).zh,
    ...(e.context.field !== undefined ? { field: e.context.field } : {}),
    ...('value' in e.context ? { value: e.context.value } : {}),
    ...(e.context.expected !== undefined ? { expected: e.context.expected } : {}),
    ...extra,
  });
}

/**
 * Live parameters over HTTP:
 * - `GET /api/parameters` lists every parameter with its value, description and JSON schema;
 * - `GET /api/parameters/<name>` one of them;
 * - `PUT /api/parameters/<name>` with `{"value": …}` validates and applies atomically. A rejected
 *   change answers 400 (404 for an unknown name, 409 for a read-only one) with the code, the reason in
 *   both languages and the value still in force, which is left untouched.
 */
export function mountParameterApi(http: HttpServer, store: ParameterStore): void {
  http.route('GET', '/api/parameters', (_req, res) => sendJson(res, 200, { parameters: store.list() }));
  http.mount(PREFIX, async (req, res) => {
    const name = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname.slice(PREFIX.length));
    if (req.method === 'GET') {
      const p = store.list().find((d) => d.name === name);
      if (p === undefined) sendError(res, 404, unknown(store, name));
      else sendJson(res, 200, p);
      return true;
    }
    if (req.method !== 'PUT') return false;
    if (!store.has(name)) {
      sendError(res, 404, unknown(store, name));
      return true;
    }
    try {
      const body = await readJsonBody(req);
      if (typeof body !== 'object' || body === null || !('value' in body)) {
        throw new KindredError('HTTP_BAD_BODY', `PUT ${PREFIX}${name} needs a JSON object with a "value" key`, { field: 'value', expected: '{"value": …}' });
      }
      store.set(name, (body as { value: unknown }).value);
      sendJson(res, 200, store.list().find((d) => d.name === name));
    } catch (e) {
      if (!isKindredError(e)) throw e;
      const status = e.code === 'PARAM_READ_ONLY' ? 409 : 400;
      sendError(res, status, e, { kept: store.get(name) });
    }
    return true;
  });
}

function unknown(store: ParameterStore, name: string): KindredError {
  const names = store.list().map((d) => d.name);
  return new KindredError('PARAM_UNKNOWN', `unknown parameter ${JSON.stringify(name)}; declared: ${names.join(', ')}`, {
    field: name,
    value: name,
    expected: names.join(' | '),
  });
}
