// Builds the Express app for the API and the web app; listening is start-server.ts's job, so tests
// and the CLI compose the two freely.
import express, { type Express } from 'express';
import type { ParkKgService } from '../app/service-types.js';
import { ParkKgError } from '../errors.js';
import { errorHandler, notFoundHandler } from './error-handler.js';
import { resolveHttpOptions, type HttpOptions as BaseHttpOptions } from './http-types.js';
import { openApiDocument } from './openapi.js';
import { accessLog, requestId, securityHeaders } from './request-context.js';
import { catalogRoutes } from './routes/catalog-routes.js';
import { chatRoutes } from './routes/chat-routes.js';
import { cypherRoutes } from './routes/cypher-routes.js';
import { graphRoutes } from './routes/graph-routes.js';
import { healthRoutes } from './routes/health-routes.js';
import { openAiRoutes } from './routes/openai-routes.js';
import { webRoutes } from './routes/web-routes.js';

export type { HttpLogEntry, HttpLogger } from './http-types.js';

/**
 * Which `X-Forwarded-For` hops to believe, in Express's terms: `false` (default: none, the client
 * is the socket address), a hop count, or the proxies' addresses / subnets / `loopback`-style
 * names. `true` believes any sender and is only safe when nothing can reach the app directly.
 */
export type TrustProxySetting = boolean | number | string | readonly string[];

/** HTTP options plus the proxy trust, which only the Express app itself needs. */
export interface HttpOptions extends BaseHttpOptions {
  /**
   * Off unless set: the per-client chat limit (and `req.ip` in general) then keys on the socket
   * address, so a spoofed `X-Forwarded-For` cannot buy a fresh rate-limit bucket. Set it when a
   * reverse proxy in front rewrites `X-Forwarded-For`, naming that proxy rather than `true`.
   */
  trustProxy?: TrustProxySetting;
}

/** Checks the trust setting at startup: Express would take a negative hop count or an empty list silently. */
export function resolveTrustProxy(setting: TrustProxySetting | undefined): boolean | number | string[] {
  if (setting === undefined || typeof setting === 'boolean') return setting ?? false;
  if (typeof setting === 'number') {
    if (!Number.isSafeInteger(setting) || setting < 0) throw new ParkKgError('CONFIG_INVALID', `HTTP option trustProxy must be a hop count >= 0, got ${setting}`);
    return setting;
  }
  const list = (typeof setting === 'string' ? setting.split(',') : [...setting]).map((item) => item.trim()).filter((item) => item !== '');
  if (list.length === 0) throw new ParkKgError('CONFIG_INVALID', 'HTTP option trustProxy must name at least one proxy address');
  return list;
}

/**
 * The HTTP face of a ParkKgService: JSON API under /api, the OpenAI-compatible chat under /v1,
 * probes, OpenAPI, and the web app at /.
 */
export function createApp(service: ParkKgService, options: HttpOptions = {}): Express {
  const resolved = resolveHttpOptions(options);
  const app = express();
  app.disable('x-powered-by');
  // Explicit even when false (Express's default), so `req.ip` is never a header's say-so by accident.
  try {
    app.set('trust proxy', resolveTrustProxy(options.trustProxy));
  } catch (error) {
    if (error instanceof ParkKgError) throw error;
    throw new ParkKgError('CONFIG_INVALID', `HTTP option trustProxy: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  // Plain key=value parsing: no nested objects from `?a[b]=c`, repeated keys become arrays.
  app.set('query parser', 'simple');

  app.use(requestId(), securityHeaders(), accessLog(resolved.logger));

  app.use(healthRoutes(service, resolved.logger));
  const document = openApiDocument(resolved);
  app.get('/openapi.json', (_req, res) => {
    res.json(document);
  });

  const api = express.Router();
  api.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  api.use(chatRoutes(service, resolved));
  api.use(catalogRoutes(service));
  api.use(graphRoutes(service));
  api.use(cypherRoutes(service, resolved));
  api.use(notFoundHandler());
  app.use('/api', api);

  // Before the web app, so unknown /v1 paths get OpenAI-shaped 404s instead of index.html.
  app.use('/v1', openAiRoutes(service, resolved));

  app.use(webRoutes(resolved.webRoot));
  app.use(notFoundHandler());
  app.use(errorHandler(resolved.logger));
  return app;
}
