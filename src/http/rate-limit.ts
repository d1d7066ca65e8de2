// A fixed-window request limit per client address, in memory. Enough for one process; a fleet
// behind a proxy should limit at the proxy instead.
import type { RequestHandler } from 'express';
import { sendError } from './error-handler.js';
import type { RateLimitOptions } from './http-types.js';

// Bounds memory when many addresses appear: expired windows are swept past this size.
const SWEEP_THRESHOLD = 10_000;

/** 429 RATE_LIMITED with `Retry-After` once a client exceeds `max` requests in `windowMs`. */
export function rateLimit(options: RateLimitOptions, now: () => number = Date.now): RequestHandler {
  const windows = new Map<string, { start: number; count: number }>();
  return (req, res, next) => {
    const time = now();
    if (windows.size > SWEEP_THRESHOLD) {
      for (const [key, window] of windows) if (time - window.start >= options.windowMs) windows.delete(key);
    }
    const key = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    let window = windows.get(key);
    if (!window || time - window.start >= options.windowMs) {
      window = { start: time, count: 0 };
      windows.set(key, window);
    }
    window.count += 1;
    if (window.count > options.max) {
      const retryAfter = Math.max(1, Math.ceil((window.start + options.windowMs - time) / 1000));
      res.set('Retry-After', String(retryAfter));
      sendError(res, 429, 'RATE_LIMITED', `Too many chat requests; retry in ${retryAfter} s (请求过于频繁)`);
      return;
    }
    next();
  };
}
