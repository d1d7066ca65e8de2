// Types and defaults shared by the HTTP layer: options, log entries and the error body shape.
import { ParkKgError, type ErrorCode } from '../errors.js';

/** Every code an HTTP error body can carry (the product-wide ErrorCode list). */
export type HttpErrorCode = ErrorCode;

/** The one error shape every failing response carries (GUIDE §6). */
export interface ErrorBody {
  error: { code: HttpErrorCode; message: string };
}

/** One structured log line; paths are logged without the query string (questions may be private). */
export interface HttpLogEntry {
  level: 'info' | 'warn' | 'error';
  event: 'request' | 'error' | 'chat-aborted' | 'readiness-failed';
  requestId?: string;
  method?: string;
  path?: string;
  status?: number;
  durationMs?: number;
  code?: string;
  /** Internal detail for operators only; never sent to clients. */
  detail?: string;
  stack?: string;
}

export type HttpLogger = (entry: HttpLogEntry) => void;

/** Per-client limit on chat requests (each may call an LLM); off unless configured. */
export interface RateLimitOptions {
  windowMs: number;
  max: number;
}

/** What the composition root may tune; everything has a safe default. */
export interface HttpOptions {
  /** Folder with the built web app (index.html); when absent a placeholder page is served. */
  webRoot?: string;
  maxBodyBytes?: number;
  maxQuestionChars?: number;
  maxHistoryTurns?: number;
  logger?: HttpLogger;
  chatRateLimit?: RateLimitOptions;
  /**
   * POST /api/cypher. Absent: the service decides (on only with CYPHER_ENDPOINT=true on Neo4j);
   * `enabled: false` turns the route off here whatever the service says.
   */
  cypher?: { enabled: boolean };
  /** Body limit of POST /v1/chat/completions (default 1 MiB or maxBodyBytes if larger); chat front-ends resend the whole conversation. */
  openAiMaxBodyBytes?: number;
}

/** Options with defaults applied; route modules read only this. */
export interface ResolvedHttpOptions {
  webRoot?: string;
  maxBodyBytes: number;
  maxQuestionChars: number;
  maxHistoryTurns: number;
  maxHistoryChars: number;
  logger: HttpLogger;
  chatRateLimit?: RateLimitOptions;
  cypherEnabled: boolean;
  openAiMaxBodyBytes: number;
}

export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;
export const DEFAULT_OPENAI_MAX_BODY_BYTES = 1024 * 1024;
export const DEFAULT_MAX_QUESTION_CHARS = 500;
export const DEFAULT_MAX_HISTORY_TURNS = 20;
export const MAX_HISTORY_CHARS = 4000;

/** Without a logger, only warnings and errors reach stderr (one JSON line each). */
const stderrLogger: HttpLogger = (entry) => {
  if (entry.level !== 'info') process.stderr.write(`${JSON.stringify(entry)}\n`);
};

/** Applies defaults and rejects nonsense limits at startup rather than per request. */
export function resolveHttpOptions(options: HttpOptions): ResolvedHttpOptions {
  const positive = (name: string, value: number | undefined, fallback: number): number => {
    const chosen = value ?? fallback;
    if (!Number.isSafeInteger(chosen) || chosen < 1) {
      throw new ParkKgError('CONFIG_INVALID', `HTTP option ${name} must be a positive integer, got ${String(value)}`);
    }
    return chosen;
  };
  const rateLimit = options.chatRateLimit;
  if (rateLimit) {
    positive('chatRateLimit.windowMs', rateLimit.windowMs, 1);
    positive('chatRateLimit.max', rateLimit.max, 1);
  }
  return {
    ...(options.webRoot === undefined ? {} : { webRoot: options.webRoot }),
    maxBodyBytes: positive('maxBodyBytes', options.maxBodyBytes, DEFAULT_MAX_BODY_BYTES),
    maxQuestionChars: positive('maxQuestionChars', options.maxQuestionChars, DEFAULT_MAX_QUESTION_CHARS),
    maxHistoryTurns: positive('maxHistoryTurns', options.maxHistoryTurns, DEFAULT_MAX_HISTORY_TURNS),
    maxHistoryChars: MAX_HISTORY_CHARS,
    logger: neverThrows(options.logger ?? stderrLogger),
    ...(rateLimit ? { chatRateLimit: { ...rateLimit } } : {}),
    cypherEnabled: options.cypher?.enabled ?? true,
    // Never below the API's own limit: a conversation is at least as big as one question.
    openAiMaxBodyBytes: positive('openAiMaxBodyBytes', options.openAiMaxBodyBytes, Math.max(DEFAULT_OPENAI_MAX_BODY_BYTES, options.maxBodyBytes ?? 0)),
  };
}

// A logger that throws inside a response event would crash the process; logging is best effort.
function neverThrows(logger: HttpLogger): HttpLogger {
  return (entry) => {
    try {
      logger(entry);
    } catch {
      // Ignored on purpose: a broken log sink must not take requests down.
    }
  };
}
