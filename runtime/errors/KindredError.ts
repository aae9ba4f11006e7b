import { describeCode, type ErrorCode } from './codes.js';

/** Where an error was found and what was wrong, in the terms a user can act on. */
export interface ErrorContext {
  readonly file?: string;
  /** 1-based line and column in `file`. */
  readonly line?: number;
  readonly column?: number;
  /** Dotted path of the key or element, e.g. `controllers.knee.rateHz` or `joint[name=knee_left]`. */
  readonly field?: string;
  readonly value?: unknown;
  readonly expected?: string;
  readonly [extra: string]: unknown;
}

/**
 * The one error type Kindred throws for configuration and programming errors. Never thrown inside a
 * control cycle (cycles return status codes instead).
 */
export class KindredError extends Error {
  override readonly name = 'KindredError';
  readonly code: ErrorCode;
  readonly context: ErrorContext;

  constructor(code: ErrorCode, message: string, context: ErrorContext = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.context = context;
  }

  /** `file:line:column: CODE message (中文说明)` — the form the CLI prints. */
  format(): string {
    const { file, line, column } = this.context;
    let where = '';
    if (file !== undefined) {
      where = file;
      if (line !== undefined) where += `:${line}`;
      if (line !== undefined && column !== undefined) where += `:${column}`;
      where += ': ';
    }
    return `${where}${this.code} ${this.message} (${describeCode(this.code).zh})`;
  }

  toJSON(): { code: ErrorCode; message: string; context: ErrorContext } {
    return { code: this.code, message: this.message, context: this.context };
  }
}

export function isKindredError(e: unknown, code?: ErrorCode): e is KindredError {
  return e instanceof KindredError && (code === undefined || e.code === code);
}

/** Quote a value for an error message without flooding it. */
export function show(value: unknown): string {
  let s: string;
  try {
    s =
      typeof value === 'number'
        ? String(value) // NaN and ±Infinity, which JSON would print as null
        : typeof value === 'bigint'
          ? `${value}n`
          : (JSON.stringify(value) ?? String(value));
  } catch {
    s = String(value);
  }
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}
