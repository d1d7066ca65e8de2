// POST /api/cypher: analysts' read-only Cypher with flat parameters, on the Neo4j store only.
// The guard itself lives with the adapter (src/store/neo4j/cypher-guard.ts); this validates shape.
import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import type { ParkKgService } from '../../app/service-types.js';
import { ParkKgError } from '../../errors.js';
import {
  CYPHER_PARAM_NAME,
  MAX_CYPHER_CHARS,
  MAX_CYPHER_PARAM_CHARS,
  MAX_CYPHER_PARAM_ITEMS,
  MAX_CYPHER_PARAMS,
} from '../../store/cypher-runner.js';
import type { ResolvedHttpOptions } from '../http-types.js';
import { jsonBody, requireJson } from '../json-body.js';
import { parseInput } from '../validation.js';

const scalar = z.union(
  [z.string().max(MAX_CYPHER_PARAM_CHARS, `strings must be at most ${MAX_CYPHER_PARAM_CHARS} characters`), z.number().finite(), z.boolean(), z.null()],
  { error: 'must be a string, number, boolean, null or a list of those' },
);

/** The request body; the same limits the guard enforces, reported per field. */
export const cypherBodySchema = z.object(
  {
    query: z
      .string({ error: 'is required and must be text' })
      .trim()
      .min(1, 'must not be empty')
      .max(MAX_CYPHER_CHARS, `must be at most ${MAX_CYPHER_CHARS} characters`),
    params: z
      .record(
        z.string().regex(CYPHER_PARAM_NAME, 'names must be identifiers (letters, digits, _)'),
        z
          .union([scalar, z.array(scalar)], { error: 'must be a string, number, boolean, null or a list of those' })
          .refine((value) => !Array.isArray(value) || value.length <= MAX_CYPHER_PARAM_ITEMS, `lists must have at most ${MAX_CYPHER_PARAM_ITEMS} items`),
        { error: 'must be an object of flat JSON values' },
      )
      .refine((params) => Object.keys(params).length <= MAX_CYPHER_PARAMS, `must have at most ${MAX_CYPHER_PARAMS} entries`)
      .optional(),
  },
  { error: 'must be a JSON object' },
);

/** 404 before the body is read when the composition root switched the route off. */
function whenEnabled(enabled: boolean): RequestHandler {
  return (_req, _res, next) => {
    if (!enabled) {
      throw new ParkKgError('NOT_FOUND', 'Read-only Cypher is off; start the server with CYPHER_ENDPOINT=true and GRAPH_STORE=neo4j (只读 Cypher 接口未开启)');
    }
    next();
  };
}

/** Routes under /api/cypher. */
export function cypherRoutes(service: ParkKgService, options: ResolvedHttpOptions): Router {
  const router = Router();
  router.post('/cypher', whenEnabled(options.cypherEnabled), requireJson(), jsonBody(options.maxBodyBytes), async (req, res) => {
    const body = parseInput(cypherBodySchema, req.body);
    res.json(await service.cypher(body.query, body.params ?? {}));
  });
  return router;
}
