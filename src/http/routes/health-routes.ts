// Liveness and readiness probes, for orchestrators and `park-kg serve` smoke checks.
import { Router } from 'express';
import type { ParkKgService, Readiness } from '../../app/service-types.js';
import type { HttpLogger } from '../http-types.js';
import { requestIdOf } from '../request-context.js';

/** GET /healthz (the process answers) and GET /readyz (dependencies answer). */
export function healthRoutes(service: ParkKgService, logger: HttpLogger): Router {
  const router = Router();

  router.get('/healthz', (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ status: 'ok' });
  });

  router.get('/readyz', async (req, res) => {
    let readiness: Readiness;
    try {
      readiness = await service.readiness();
    } catch (error) {
      // A probe must answer, not fail: report not ready and keep the reason in the log.
      logger({
        level: 'warn',
        event: 'readiness-failed',
        requestId: requestIdOf(res),
        method: req.method,
        path: req.path,
        detail: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      });
      readiness = { ready: false, checks: { service: { ok: false, detail: 'readiness check failed' } } };
    }
    res.status(readiness.ready ? 200 : 503).set('Cache-Control', 'no-store').json(readiness);
  });

  return router;
}
