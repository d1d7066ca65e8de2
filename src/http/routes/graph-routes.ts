// Graph exploration: entities, neighbourhoods, shared partners, paths and counts.
import { Router } from 'express';
import { z } from 'zod';
import type { ParkKgService } from '../../app/service-types.js';
import { ParkKgError } from '../../errors.js';
import type { NodeQuery, SharedPartnerQuery } from '../../store/graph-store.js';
import { integerText, integerWithDefault, labelList, nodeLabel, optionalText, parseInput, requiredText } from '../validation.js';

export const ENTITY_MAX_LIMIT = 100;
export const ENTITY_DEFAULT_LIMIT = 20;
/** Node ids are `label:name`; this bounds what reaches the store. */
export const MAX_NODE_ID_CHARS = 300;

const entityQuery = z.object({
  q: optionalText(100),
  type: nodeLabel.optional(),
  limit: integerWithDefault(1, ENTITY_MAX_LIMIT, ENTITY_DEFAULT_LIMIT),
});

const entityId = z.object({ id: requiredText(MAX_NODE_ID_CHARS) });

const sharedPartnerQuery = z.object({
  association: optionalText(MAX_NODE_ID_CHARS),
  partner: optionalText(MAX_NODE_ID_CHARS),
  type: labelList,
  min: integerText(1, 1000).optional(),
  limit: integerText(1, 500).optional(),
});

const pathQuery = z.object({
  from: requiredText(MAX_NODE_ID_CHARS),
  to: requiredText(MAX_NODE_ID_CHARS),
});

/** Routes for /api/entities, /api/graph/* and /api/stats. */
export function graphRoutes(service: ParkKgService): Router {
  const router = Router();

  router.get('/entities', async (req, res) => {
    const query = parseInput(entityQuery, req.query);
    const nodeQuery: NodeQuery = {
      ...(query.q === undefined ? {} : { text: query.q }),
      ...(query.type === undefined ? {} : { label: query.type }),
      limit: query.limit,
    };
    res.json({ entities: await service.findEntities(nodeQuery) });
  });

  // Express decodes the parameter, so `university%3A天津大学` arrives as `university:天津大学`.
  router.get('/entities/:id', async (req, res) => {
    const { id } = parseInput(entityId, req.params);
    const neighbourhood = await service.getEntity(id);
    if (!neighbourhood) throw new ParkKgError('NOT_FOUND', `Entity ${id} does not exist (实体不存在)`);
    res.json(neighbourhood);
  });

  router.get('/graph/shared-partners', async (req, res) => {
    const query = parseInput(sharedPartnerQuery, req.query);
    const partnerQuery: SharedPartnerQuery = {
      ...(query.association === undefined ? {} : { association: query.association }),
      ...(query.partner === undefined ? {} : { partner: query.partner }),
      ...(query.type === undefined ? {} : { labels: query.type }),
      ...(query.min === undefined ? {} : { minAssociations: query.min }),
      ...(query.limit === undefined ? {} : { limit: query.limit }),
    };
    res.json({ partners: await service.sharedPartners(partnerQuery) });
  });

  router.get('/graph/path', async (req, res) => {
    const query = parseInput(pathQuery, req.query);
    const path = await service.path(query.from, query.to);
    if (!path) throw new ParkKgError('NOT_FOUND', `No path between ${query.from} and ${query.to} (两者之间没有路径)`);
    res.json(path);
  });

  router.get('/stats', async (_req, res) => {
    res.json(await service.stats());
  });

  router.get('/graph/all', async (_req, res) => {
    res.json(await service.graphOverview());
  });

  return router;
}
