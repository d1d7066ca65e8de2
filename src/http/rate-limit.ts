// A fixed-window request limit per client address, in memory. Enough for one process; a fleet
// behind a proxy should limit at the proxy instead.
//
// The client is `req.ip`, which Express derives from the socket unless the app's `trust proxy`
// setting says otherwise (createApp's `trustProxy` option, off by default). So by default a client
// cannot get a fresh bucket by sending a different `X-Forwarded-For` on every request.
import type { RequestHandler } from 'express';
import { sendError } from './error-handler.js';
import type { RateLimitOptions } from './http-types.js';

// Bounds memory when many addresses appear: expired windows are swept past this size.
const SWEEP_THRESHOLD = 10_000;

/** The client a request is counted against: the trusted address Express resolved, else the socket's. */
export function clientKey(req: { ip?: string | undefined; socket: { remoteAddress?: string | undefined } }): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}

/**
 * Counts requests per client in fixed windows. Every response carries the IETF draft headers
 * `RateLimit-Limit`, `RateLimit-Remaining`, `RateLimit-Reset` (seconds) and `RateLimit-Policy`,
 * so well-behaved clients can slow down before they are refused; past `max` requests in `windowMs`
 * the answer is 429 RATE_LIMITED with `Retry-After`.
 */
export function rateLimit(options: RateLimitOptions, now: () => number = Date.now): RequestHandler {
  const windows = new Map<string, { start: number; count: number }>();
  const policy = `${options.max};w=${Math.max(1, Math.ceil(options.windowMs / 1000))}`;
  return (req, res, next) => {
    const time = now();
    if (windows.size > SWEEP_THRESHOLD) {
      for (const [key, window] of windows) if (time - window.start >= options.windowMs) windows.delete(key);
    }
    const key = clientKey(req);
    let window = windows.get(key);
    if (!window || time - window.start >= options.windowMs) {
      window = { start: time, count: 0 };
      windows.set(key, window);
    }
    window.count += 1;
    const reset = Math.max(1, Math.ceil((window.start + options.windowMs - time) / 1000));
    res.set({
      'RateLimit-Limit': String(options.max),
      'RateLimit-Remaining': String(Math.max(0, options.max - window.count)),
      'RateLimit-Reset': String(reset),
      'RateLimit-Policy': policy,
    });
    if (window.count > options.max) {
      res.set('Retry-After', String(reset));
      sendError(res, 429, 'RATE_LIMITED', `Too many chat requests; retry in ${reset} s (请求过于频繁)`);
      return;
    }
    next();
  };
}
