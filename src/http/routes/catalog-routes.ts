// Text search and the case catalogue: GET /api/search, /api/cases, /api/cases/:number (0 is the preface).
import { Router } from 'express';
import { z } from 'zod';
import type { ParkKgService } from '../../app/service-types.js';
import { ParkKgError } from '../../errors.js';
import type { CaseFilter } from '../../store/graph-store.js';
import { integerText, integerWithDefault, optionalText, parseInput, requiredText } from '../validation.js';

export const SEARCH_MAX_QUERY_CHARS = 200;
export const SEARCH_MAX_LIMIT = 50;
export const SEARCH_DEFAULT_LIMIT = 10;

const searchQuery = z.object({
  q: requiredText(SEARCH_MAX_QUERY_CHARS),
  limit: integerWithDefault(1, SEARCH_MAX_LIMIT, SEARCH_DEFAULT_LIMIT),
});

const caseQuery = z.object({
  chapter: optionalText(100),
  province: optionalText(50),
  founded: integerText(1900, 2999).optional(),
  mentions: optionalText(300),
});

// Numbers are positive; the upper bound only keeps absurd values away from the service.
const caseNumber = z.object({ number: integerText(0, 1_000_000) });

/** Routes for search and cases. */
export function catalogRoutes(service: ParkKgService): Router {
  const router = Router();

  router.get('/search', async (req, res) => {
    const query = parseInput(searchQuery, req.query);
    res.json({ results: await service.search(query.q, query.limit) });
  });

  router.get('/cases', async (req, res) => {
    const query = parseInput(caseQuery, req.query);
    const filter: CaseFilter = {
      ...(query.chapter === undefined ? {} : { chapter: query.chapter }),
      ...(query.province === undefined ? {} : { province: query.province }),
      ...(query.founded === undefined ? {} : { founded: query.founded }),
      ...(query.mentions === undefined ? {} : { mentions: query.mentions }),
    };
    res.json({ cases: await service.listCases(filter) });
  });

  router.get('/cases/:number', async (req, res) => {
    const { number } = parseInput(caseNumber, req.params);
    const detail = await service.getCase(number);
    if (!detail) throw new ParkKgError('NOT_FOUND', `Case ${number} does not exist (案例不存在)`);
    res.json(detail);
  });

  return router;
}
