// The single place where failures become HTTP responses: `{"error":{"code","message"}}`, no stacks.
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { z } from 'zod';
import { ParkKgError } from '../errors.js';
import type { ErrorBody, HttpErrorCode, HttpLogger } from './http-types.js';
import { requestIdOf } from './request-context.js';

/** A failure as the client sees it, plus what only the log gets. */
export interface MappedError {
  status: number;
  code: HttpErrorCode;
  message: string;
  retryable: boolean;
  /** True when the cause is ours, not the client's: log it with its detail. */
  internal: boolean;
}

// 5xx messages from deeper layers can name hosts, config values or driver internals: clients get
// these instead, operators get the original in the log.
const PUBLIC_5XX_MESSAGES: Partial<Record<HttpErrorCode, string>> = {
  STORE_UNAVAILABLE: 'The graph store is unavailable; try again later (图数据库暂不可用)',
  STORE_AUTH_FAILED: 'The graph store rejected the server credentials (图数据库认证失败)',
  STORE_CORRUPT: 'The graph store holds unexpected data; re-run ingest (图数据需重新导入)',
  STORE_EMPTY: 'The graph is empty; run `park-kg ingest` first (尚未导入案例)',
  LLM_TIMEOUT: 'The language model did not answer in time; try again (模型响应超时)',
  LLM_UNAVAILABLE: 'The language model is unavailable; try again later (模型暂不可用)',
  QUERY_TIMEOUT: 'The query ran longer than CYPHER_TIMEOUT_MS; add a LIMIT or narrow the MATCH (查询超时)',
};
const GENERIC_500 = 'Internal server error (服务器内部错误)';

/** Body-parser / router errors carry `status` and `type`; these are client errors, never 500s. */
const HTTP_ERROR_SHAPE = z.object({ status: z.number().int().min(400).max(499), type: z.string().optional() });

/** Writes the error body; the one function that builds it. */
export function sendError(res: Response, status: number, code: HttpErrorCode, message: string): void {
  const body: ErrorBody = { error: { code, message } };
  res.status(status).set('Cache-Control', 'no-store').json(body);
}

/** Turns zod issues into one short line naming the fields, e.g. `question: must not be empty`. */
export function describeZodError(error: z.ZodError): string {
  const parts = error.issues.slice(0, 3).map((issue) => {
    const where = issue.path.length > 0 ? issue.path.map(String).join('.') : 'body';
    return `${where}: ${issue.message}`;
  });
  const more = error.issues.length > 3 ? ` (+${error.issues.length - 3} more)` : '';
  return `${parts.join('; ')}${more}`;
}

/** Classifies anything thrown; the input is never trusted to be an Error. */
export function mapError(error: unknown): MappedError {
  if (error instanceof ParkKgError) {
    const internal = error.httpStatus >= 500;
    const message = internal ? (PUBLIC_5XX_MESSAGES[error.code] ?? GENERIC_500) : error.message;
    return { status: error.httpStatus, code: error.code, message, retryable: error.retryable, internal };
  }
  if (error instanceof z.ZodError) {
    return { status: 400, code: 'INPUT_INVALID', message: describeZodError(error), retryable: false, internal: false };
  }
  if (error instanceof URIError) {
    // The router could not percent-decode a path parameter.
    return { status: 400, code: 'INPUT_INVALID', message: 'path: malformed percent-encoding', retryable: false, internal: false };
  }
  const http = HTTP_ERROR_SHAPE.safeParse(error);
  if (http.success) return mapClientHttpError(http.data.status, http.data.type);
  return { status: 500, code: 'INTERNAL', message: GENERIC_500, retryable: false, internal: true };
}

function mapClientHttpError(status: number, type: string | undefined): MappedError {
  const base = { retryable: false, internal: false };
  switch (type) {
    case 'entity.too.large':
      return { ...base, status: 413, code: 'PAYLOAD_TOO_LARGE', message: 'Request body is too large' };
    case 'entity.parse.failed':
      return { ...base, status: 400, code: 'INPUT_INVALID', message: 'body: malformed JSON (a JSON object is expected)' };
    case 'entity.verify.failed':
      return { ...base, status: 400, code: 'INPUT_INVALID', message: 'body: not valid UTF-8' };
    case 'charset.unsupported':
      return { ...base, status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Only UTF-8 JSON bodies are accepted' };
    case 'encoding.unsupported':
      return { ...base, status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Unsupported Content-Encoding (use gzip, deflate, br or none)' };
    default:
      break;
  }
  if (status === 404) return { ...base, status, code: 'NOT_FOUND', message: 'Not found' };
  if (status === 413) return { ...base, status, code: 'PAYLOAD_TOO_LARGE', message: 'Request body is too large' };
  if (status === 415) return { ...base, status, code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Unsupported media type' };
  return { ...base, status: 400, code: 'INPUT_INVALID', message: 'Invalid request' };
}

/** Logs what the client is not told: the original message and stack of internal failures. */
export function logFailure(logger: HttpLogger, req: Request, res: Response, error: unknown, mapped: MappedError): void {
  if (!mapped.internal) return;
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  logger({
    level: 'error',
    event: 'error',
    requestId: requestIdOf(res),
    method: req.method,
    path: req.path,
    status: mapped.status,
    code: mapped.code,
    detail,
    ...(error instanceof Error && error.stack ? { stack: error.stack } : {}),
  });
}

/** The Express error handler (four arguments); mounted last. */
export function errorHandler(logger: HttpLogger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const mapped = mapError(error);
    logFailure(logger, req, res, error, mapped);
    if (res.headersSent) {
      // A stream already started; its own code reports errors in-band. Just end it.
      res.end();
      return;
    }
    if (mapped.retryable && mapped.status === 503) res.set('Retry-After', '5');
    sendError(res, mapped.status, mapped.code, mapped.message);
  };
}

/** Catch-all for unmatched routes, JSON like every other error. */
export function notFoundHandler(): RequestHandler {
  return (req, res) => {
    sendError(res, 404, 'NOT_FOUND', `No route for ${req.method} ${req.path.slice(0, 200)}`);
  };
}
