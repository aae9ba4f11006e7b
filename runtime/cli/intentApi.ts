import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import type { Bus } from '../bus/index.js';
import { KindredError } from '../errors/index.js';
import { readJsonBody, sendError, sendJson, type HttpServer } from '../http/index.js';
import type { MessageTypeMap } from '../msgs/index.js';
import { stampFromNs } from '../msgs/index.js';
import type { Clock } from '../time/index.js';

/** Where every intent goes, whatever produced it (CLI, API, tablet, voice). */
export const INTENT_TOPIC = '/intents';

const intentSchema = z.strictObject({
  name: z.string().regex(/^[a-z][a-z0-9_]{0,47}$/, 'an intent name such as yes, stop, how_are_you'),
  role: z.enum(['patient', 'caregiver', 'therapist']).default('patient'),
  text: z.string().max(500).optional(),
  language: z.enum(['zh', 'en']).default('zh'),
});

const commandSchema = z.strictObject({
  command: z.enum(['pause', 'resume', 'stop']),
  /** Empty: every running behaviour. */
  behavior: z.string().max(64).default(''),
  runId: z.string().max(64).default(''),
});

function fromThisMachine(req: IncomingMessage): boolean {
  const a = req.socket.remoteAddress ?? '';
  return a === '127.0.0.1' || a === '::1' || a === '::ffff:127.0.0.1';
}

function invalid(what: string, issue: z.core.$ZodIssue | undefined, value: unknown): KindredError {
  const field = issue?.path.join('.') ?? '';
  return new KindredError('CONFIG_INVALID', `${what}: ${field === '' ? 'body' : field} ${issue?.message ?? 'is invalid'}`, { field, value, expected: issue?.message ?? what });
}

/**
 * Text intents and behaviour commands over HTTP, published on the bus topics the tablet, voice and
 * perception will use, so behaviours can be driven before those modules exist:
 * - `POST /api/intents` `{name, role?, text?, language?}` → kindred_msgs/Intent on `/intents` (source `api`);
 * - `POST /api/behaviors/command` `{command: pause|resume|stop, behavior?, runId?}` → `/behavior/command`.
 * Both only from this machine: a role claimed in a body is not an authenticated one (the tablet's
 * signed-in roles arrive with the tablet issue). 400 with the code and field for a bad body.
 */
export function mountIntentApi(http: HttpServer, bus: Bus<MessageTypeMap>, clock: Clock): void {
  const intents = bus.advertise(INTENT_TOPIC, 'kindred_msgs/msg/Intent');
  const commands = bus.advertise('/behavior/command', 'kindred_msgs/msg/BehaviorCommand');
  const local = (req: IncomingMessage): KindredError | undefined =>
    fromThisMachine(req) ? undefined : new KindredError('CONFIG_INVALID', 'intents and behaviour commands are accepted from this machine only; expected a request from 127.0.0.1', { field: 'remoteAddress', value: req.socket.remoteAddress });
  http.route('POST', '/api/intents', async (req, res) => {
    const refused = local(req);
    if (refused !== undefined) return sendError(res, 403, refused);
    const body: unknown = await readJsonBody(req).catch(() => undefined);
    const parsed = intentSchema.safeParse(body);
    if (!parsed.success) return sendError(res, 400, invalid('intent', parsed.error.issues[0], body));
    const i = parsed.data;
    const message = { header: { stamp: stampFromNs(clock.now()), frame_id: '' }, name: i.name, text: i.text ?? i.name, language: i.language, confidence: 1, role: i.role, source: 'api' };
    intents.publish(message);
    sendJson(res, 200, { published: INTENT_TOPIC, name: i.name, role: i.role });
  });
  http.route('POST', '/api/behaviors/command', async (req, res) => {
    const refused = local(req);
    if (refused !== undefined) return sendError(res, 403, refused);
    const body: unknown = await readJsonBody(req).catch(() => undefined);
    const parsed = commandSchema.safeParse(body);
    if (!parsed.success) return sendError(res, 400, invalid('behaviour command', parsed.error.issues[0], body));
    const c = parsed.data;
    commands.publish({ header: { stamp: stampFromNs(clock.now()), frame_id: '' }, behavior: c.behavior, run_id: c.runId, command: c.command, source: 'api' });
    sendJson(res, 200, { published: '/behavior/command', command: c.command });
  });
}
