import { pino, type Logger, type LoggerOptions } from 'pino';

export type { Logger } from 'pino';

/**
 * The root logger. Library code never creates its own: it receives a logger (usually a child with
 * `module`, `joint` or `actor` bindings) from whoever constructs it.
 */
export function createLogger(options: { level?: string; destination?: NodeJS.WritableStream | number } = {}): Logger {
  const opts: LoggerOptions = { level: options.level ?? process.env['KINDRED_LOG_LEVEL'] ?? 'info', base: { app: 'kindred' } };
  const dest = options.destination ?? 1;
  return typeof dest === 'number' ? pino(opts, pino.destination({ fd: dest, sync: true })) : pino(opts, dest);
}

/** A logger that discards everything; for tests that do not inspect logs. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
