// Builds the Express app for the API and the web app; listening is start-server.ts's job, so tests
// and the CLI compose the two freely.
import express, { type Express } from 'express';
import type { ParkKgService } from '../app/service-types.js';
import { errorHandler, notFoundHandler } from './error-handler.js';
import { resolveHttpOptions, type HttpOptions } from './http-types.js';
import { openApiDocument } from './openapi.js';
import { accessLog, requestId, securityHeaders } from './request-context.js';
import { catalogRoutes } from './routes/catalog-routes.js';
import { chatRoutes } from './routes/chat-routes.js';
import { cypherRoutes } from './routes/cypher-routes.js';
import { graphRoutes } from './routes/graph-routes.js';
import { healthRoutes } from './routes/health-routes.js';
import { openAiRoutes } from './routes/openai-routes.js';
import { webRoutes } from './routes/web-routes.js';

export type { HttpLogEntry, HttpLogger, HttpOptions } from './http-types.js';

/**
 * The HTTP face of a ParkKgService: JSON API under /api, the OpenAI-compatible chat under /v1,
 * probes, OpenAPI, and the web app at /.
 */
export function createApp(service: ParkKgService, options: HttpOptions = {}): Express {
  const resolved = resolveHttpOptions(options);
  const app = express();
  app.disable('x-powered-by');
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
