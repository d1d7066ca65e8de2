// Per-request plumbing: request id, security headers and the access log line.
import { randomUUID } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import type { HttpLogger } from './http-types.js';

/** The web app's policy: everything from our origin, inline styles only (no inline scripts). */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'";

// A client-sent id is echoed only if it cannot smuggle anything into headers or logs.
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The id of the current request, for log lines and error reports. */
export function requestIdOf(res: Response): string | undefined {
  const value: unknown = res.locals.requestId;
  return typeof value === 'string' ? value : undefined;
}

/** Sets the request id (kept from `X-Request-Id` when well-formed, else generated) and echoes it. */
export function requestId(): RequestHandler {
  return (req, res, next) => {
    const incoming = req.get('X-Request-Id');
    const id = incoming !== undefined && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    res.locals.requestId = id;
    res.set('X-Request-Id', id);
    next();
  };
}

/** Headers every response carries; no helmet needed for this small set. */
export function securityHeaders(): RequestHandler {
  return (_req, res, next) => {
    res.set({
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'Referrer-Policy': 'no-referrer',
      'X-Frame-Options': 'DENY',
      'Cross-Origin-Opener-Policy': 'same-origin',
    });
    next();
  };
}

/** One `request` log entry when the response finishes or the client goes away. */
export function accessLog(logger: HttpLogger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    const path = req.path;
    let logged = false;
    const log = () => {
      if (logged) return;
      logged = true;
      const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
      logger({
        level: 'info',
        event: 'request',
        requestId: requestIdOf(res),
        method: req.method,
        path,
        status: res.writableFinished ? res.statusCode : 499,
        durationMs: Math.round(durationMs * 10) / 10,
      });
    };
    res.on('finish', log);
    res.on('close', log);
    next();
  };
}
