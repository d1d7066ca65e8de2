// One error type for the whole product: the CLI prints `message`, the HTTP layer maps `httpStatus`.

/** Stable machine-readable error codes; clients and tests match on these, not on messages. */
export type ErrorCode =
  | 'CONFIG_INVALID'
  | 'INPUT_NOT_FOUND'
  | 'INPUT_EMPTY'
  | 'INPUT_NOT_UTF8'
  | 'INPUT_NO_CASES'
  | 'INPUT_INVALID'
  | 'STORE_UNAVAILABLE'
  | 'STORE_AUTH_FAILED'
  | 'STORE_CORRUPT'
  | 'STORE_EMPTY'
  | 'NOT_FOUND'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'RATE_LIMITED'
  | 'LLM_TIMEOUT'
  | 'LLM_UNAVAILABLE'
  | 'QUERY_TIMEOUT'
  | 'INTERNAL';

const STATUS: Record<ErrorCode, number> = {
  CONFIG_INVALID: 500,
  INPUT_NOT_FOUND: 404,
  INPUT_EMPTY: 400,
  INPUT_NOT_UTF8: 415,
  INPUT_NO_CASES: 400,
  INPUT_INVALID: 400,
  STORE_UNAVAILABLE: 503,
  STORE_AUTH_FAILED: 503,
  STORE_CORRUPT: 503,
  STORE_EMPTY: 503,
  NOT_FOUND: 404,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  LLM_TIMEOUT: 504,
  LLM_UNAVAILABLE: 502,
  QUERY_TIMEOUT: 504,
  INTERNAL: 500,
};

/** The single error base class: carries a code, an HTTP status and whether retrying can help. */
export class ParkKgError extends Error {
  readonly code: ErrorCode;
  readonly httpStatus: number;
  readonly retryable: boolean;

  constructor(code: ErrorCode, message: string, options: { cause?: unknown; retryable?: boolean } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ParkKgError';
    this.code = code;
    this.httpStatus = STATUS[code];
    this.retryable = options.retryable ?? ['STORE_UNAVAILABLE', 'RATE_LIMITED', 'LLM_TIMEOUT', 'LLM_UNAVAILABLE'].includes(code);
  }
}

/** Wraps anything thrown into a ParkKgError so callers handle exactly one shape. */
export function asParkKgError(error: unknown): ParkKgError {
  if (error instanceof ParkKgError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ParkKgError('INTERNAL', message, { cause: error });
}
