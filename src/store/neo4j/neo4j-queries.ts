// The GraphStore read methods on Neo4j: one named query each (graph/queries), read in a READ
// transaction with the store's timeout; results are put in the same order as the memory store's.
import neo4j from 'neo4j-driver';
import { ParkKgError } from '../../errors.js';
import {
  NODE_LABELS,
  RELATION_TYPES,
  type CaseRecord,
  type GraphEdge,
  type GraphNode,
  type RelationType,
} from '../../graph/graph-types.js';
import type { CaseFilter, GraphPath, Neighbourhood, NodeQuery, SharedPartner, SharedPartnerQuery } from '../graph-store.js';
import {
  DEFAULT_FIND_LIMIT,
  DEFAULT_NEIGHBOUR_LIMIT,
  DEFAULT_PARTNER_LABELS,
  DEFAULT_PARTNER_LIMIT,
  canonicalEdge,
  canonicalNode,
  compareCodePoints,
  compareEdges,
  knownLabels,
  knownTypes,
  mergeEvidence,
  normalizeHops,
  normalizeLimit,
  normalizeMinAssociations,
  searchKey,
} from '../read-rules.js';
import { namedQueries, type QueryName } from './neo4j-query-files.js';
import { onlyLabel, runRead, type ReadSettings } from './neo4j-read.js';
import { caseFromRow, edgeFromRow, evidenceFromRow, nodeFromRow } from './neo4j-rows.js';

type Row = Record<string, unknown>;

const LABELS: ReadonlySet<string> = new Set(NODE_LABELS);
const TYPES: ReadonlySet<string> = new Set(RELATION_TYPES);

/** Name/alias search, ranked as the memory store ranks it. */
export async function findNodes(settings: ReadSettings, query: NodeQuery): Promise<GraphNode[]> {
  const labels = knownLabels(query.label === undefined ? undefined : [query.label], NODE_LABELS);
  const limit = normalizeLimit(query.limit, DEFAULT_FIND_LIMIT);
  if (labels.length === 0 || limit === 0) return [];
  const text = searchKey(query.text ?? '');
  const rows = await run(settings, 'find-nodes', { text: text === '' ? null : text, labels, limit: neo4j.int(limit) });
  return rows
    .map((row) => ({ node: toNode(row.node), rank: Number(row.rank), nameLength: Number(row.nameLength) }))
    .sort((a, b) => a.rank - b.rank || a.nameLength - b.nameLength || compareCodePoints(a.node.id, b.node.id))
    .map(({ node }) => node);
}

/** Nodes in the order asked, each once; unknown ids left out. */
export async function getNodes(settings: ReadSettings, ids: readonly string[]): Promise<GraphNode[]> {
  const wanted = [...new Set(ids)].filter((id) => typeof id === 'string');
  if (wanted.length === 0) return [];
  const rows = await run(settings, 'get-nodes', { ids: wanted });
  const byId = new Map(rows.map((row) => toNode(row.node)).map((node) => [node.id, node]));
  return wanted.flatMap((id) => byId.get(id) ?? []);
}

/** One hop around a node; null when the id is unknown. */
export async function neighbours(
  settings: ReadSettings,
  id: string,
  options: { types?: RelationType[]; limit?: number } = {},
): Promise<Neighbourhood | null> {
  const types = knownTypes(options.types);
  const limit = normalizeLimit(options.limit, DEFAULT_NEIGHBOUR_LIMIT);
  const [row] = await run(settings, 'neighbours', { id, types, limit: neo4j.int(limit) });
  if (!row) return null;
  const groups = row.edgeGroups as Row[][];
  return {
    center: toNode(row.center),
    nodes: (row.nodes as unknown[]).map(toNode).sort((a, b) => compareCodePoints(a.id, b.id)),
    edges: groups.flat().map(toEdge).sort(compareEdges),
  };
}

/** Partners named by cases about two or more associations, most associations first. */
export async function sharedPartners(settings: ReadSettings, query: SharedPartnerQuery): Promise<SharedPartner[]> {
  const labels = knownLabels(query.labels, DEFAULT_PARTNER_LABELS);
  const limit = normalizeLimit(query.limit, DEFAULT_PARTNER_LIMIT);
  if (labels.length === 0 || limit === 0) return [];
  const rows = await run(settings, 'shared-partners', {
    labels,
    partner: query.partner ?? null,
    association: query.association ?? null,
    minAssociations: neo4j.int(normalizeMinAssociations(query.minAssociations)),
    limit: neo4j.int(limit),
  });
  const partners = rows.map((row) => {
    const partner = toNode(row.partner);
    const associations = (row.links as Row[])
      .map((link) => {
        const association = toNode(link.association);
        const where = `${association.id} -> ${partner.id}`;
        return {
          association,
          cases: [...new Set(link.cases as number[])].sort((a, b) => a - b),
          evidence: mergeEvidence((link.evidence as Row[]).flatMap((item) => evidenceFromRow(item, where))),
        };
      })
      .sort((a, b) => compareCodePoints(a.association.id, b.association.id));
    return { partner, associations };
  });
  return partners.sort((a, b) => b.associations.length - a.associations.length || compareCodePoints(a.partner.id, b.partner.id));
}

/** A shortest path of at most maxHops (1..6, default 4) not passing through Chapter/Province. */
export async function shortestPath(settings: ReadSettings, fromId: string, toId: string, maxHops?: number): Promise<GraphPath | null> {
  if (fromId === toId) {
    const [node] = await getNodes(settings, [fromId]);
    return node ? { nodes: [node], edges: [] } : null;
  }
  const [row] = await run(settings, 'shortest-path', {
    from: fromId,
    to: toId,
    maxHops: neo4j.int(normalizeHops(maxHops)),
    types: [...RELATION_TYPES],
  });
  if (!row) return null;
  return { nodes: (row.nodes as unknown[]).map(toNode), edges: (row.edges as Row[]).map(toEdge) };
}

/** Case records matching every given filter, by number. */
export async function listCases(settings: ReadSettings, filter: CaseFilter = {}): Promise<CaseRecord[]> {
  const founded = filter.founded;
  const rows = await run(settings, 'list-cases', {
    chapter: filter.chapter ?? null,
    province: filter.province ?? null,
    founded: founded === undefined ? null : Number.isSafeInteger(founded) ? neo4j.int(founded) : founded,
    mentions: filter.mentions ?? null,
  });
  return rows.map(caseFromRow).sort((a, b) => a.number - b.number);
}

async function run(settings: ReadSettings, name: QueryName, parameters: Row): Promise<Row[]> {
  const query = (await namedQueries())[name];
  const result = await runRead(settings, name, (tx) => tx.run(query, parameters));
  return result.records.map((record) => record.toObject() as Row);
}

// Queries return labels(n) whole (Entity included); the park-kg label is the one known one.
function toNode(value: unknown): GraphNode {
  const row = value as Row;
  const labels = Array.isArray(row.labels) ? row.labels.filter((label) => LABELS.has(label as string)) : row.labels;
  return canonicalNode(nodeFromRow(row, onlyLabel(labels, row.id)));
}

function toEdge(row: Row): GraphEdge {
  const type = row.type;
  if (typeof type !== 'string' || !TYPES.has(type)) {
    // Only the closed list is ever passed as $types, so this is a database changed by hand.
    throw new ParkKgError('STORE_CORRUPT', `Neo4j returned a relationship of unknown type ${String(type)}. Re-run ingest to repair it.`);
  }
  return canonicalEdge(edgeFromRow(row, type as RelationType));
}
