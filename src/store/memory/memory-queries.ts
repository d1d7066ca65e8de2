// The GraphStore read methods over a MemoryIndex; graph/queries/*.cypher answer the same on Neo4j.
import { caseNodeId } from '../../graph/node-ids.js';
import { NODE_LABELS, type CaseRecord, type GraphEdge, type GraphNode, type NodeLabel, type RelationType } from '../../graph/graph-types.js';
import type { CaseFilter, GraphPath, Neighbourhood, NodeQuery, SharedPartner, SharedPartnerQuery } from '../graph-store.js';
import type { MemoryIndex, SearchEntry } from './memory-index.js';
import {
  DEFAULT_FIND_LIMIT,
  DEFAULT_NEIGHBOUR_LIMIT,
  DEFAULT_PARTNER_LABELS,
  DEFAULT_PARTNER_LIMIT,
  HUB_LABELS,
  canonicalEdge,
  canonicalNode,
  compareCodePoints,
  knownLabels,
  knownTypes,
  matchRank,
  normalizeHops,
  normalizeLimit,
  normalizeMinAssociations,
  searchKey,
} from '../read-rules.js';

const HUBS: ReadonlySet<NodeLabel> = new Set(HUB_LABELS);

/** Name/alias search ranked exact, prefix, substring; then shorter name, then id. */
export function findNodes(index: MemoryIndex, query: NodeQuery): GraphNode[] {
  const limit = normalizeLimit(query.limit, DEFAULT_FIND_LIMIT);
  const labels = knownLabels(query.label === undefined ? undefined : [query.label], NODE_LABELS);
  const pool: SearchEntry[] =
    query.label === undefined ? [...index.entries] : labels.flatMap((label) => index.entriesByLabel.get(label) ?? []);
  const text = searchKey(query.text ?? '');
  if (text === '') return pool.slice(0, limit).map((entry) => canonicalNode(entry.node));
  const ranked: Array<{ entry: SearchEntry; rank: number }> = [];
  for (const entry of pool) {
    const rank = matchRank(entry.keys, text);
    if (rank !== null) ranked.push({ entry, rank });
  }
  ranked.sort((a, b) => a.rank - b.rank || a.entry.nameLength - b.entry.nameLength || compareCodePoints(a.entry.node.id, b.entry.node.id));
  return ranked.slice(0, limit).map(({ entry }) => canonicalNode(entry.node));
}

/** Nodes in the order asked, each once; unknown ids left out. */
export function getNodes(index: MemoryIndex, ids: readonly string[]): GraphNode[] {
  const nodes: GraphNode[] = [];
  for (const id of new Set(ids)) {
    const node = index.nodesById.get(id);
    if (node) nodes.push(canonicalNode(node));
  }
  return nodes;
}

/** The first `limit` neighbours by id and every edge of the given types joining them to the center. */
export function neighbours(index: MemoryIndex, id: string, options: { types?: RelationType[]; limit?: number } = {}): Neighbourhood | null {
  const center = index.nodesById.get(id);
  if (!center) return null;
  const types = new Set(knownTypes(options.types));
  const limit = normalizeLimit(options.limit, DEFAULT_NEIGHBOUR_LIMIT);
  const edges = (index.incident.get(id) ?? []).filter((edge) => types.has(edge.type) && edge.source !== edge.target);
  const otherIds = [...new Set(edges.map((edge) => (edge.source === id ? edge.target : edge.source)))]
    .sort(compareCodePoints)
    .slice(0, limit);
  const kept = new Set(otherIds);
  return {
    center: canonicalNode(center),
    nodes: otherIds.map((other) => canonicalNode(index.nodesById.get(other) as GraphNode)),
    edges: edges.filter((edge) => kept.has(edge.source === id ? edge.target : edge.source)).map(canonicalEdge),
  };
}

/** Partners named by cases about two or more associations, most associations first. */
export function sharedPartners(index: MemoryIndex, query: SharedPartnerQuery): SharedPartner[] {
  const labels = new Set(knownLabels(query.labels, DEFAULT_PARTNER_LABELS));
  const minimum = normalizeMinAssociations(query.minAssociations);
  const limit = normalizeLimit(query.limit, DEFAULT_PARTNER_LIMIT);
  const candidates = query.partner === undefined ? [...index.partnerLinks.keys()] : [query.partner];
  const results: SharedPartner[] = [];
  for (const partnerId of candidates) {
    const partner = index.nodesById.get(partnerId);
    const links = index.partnerLinks.get(partnerId);
    if (!partner || !links || !labels.has(partner.label) || links.length < minimum) continue;
    if (query.association !== undefined && !links.some((link) => link.association.id === query.association)) continue;
    results.push({
      partner: canonicalNode(partner),
      associations: links.map((link) => ({
        association: canonicalNode(link.association),
        cases: [...link.cases],
        evidence: link.evidence.map((item) => ({ ...item })),
      })),
    });
  }
  results.sort((a, b) => b.associations.length - a.associations.length || compareCodePoints(a.partner.id, b.partner.id));
  return results.slice(0, limit);
}

/**
 * Breadth-first search over edges in either direction, neighbours in canonical edge order; never
 * expands a Chapter or Province node other than the start, so hubs can only end a path.
 */
export function shortestPath(index: MemoryIndex, fromId: string, toId: string, maxHops?: number): GraphPath | null {
  const from = index.nodesById.get(fromId);
  const to = index.nodesById.get(toId);
  if (!from || !to) return null;
  if (fromId === toId) return { nodes: [canonicalNode(from)], edges: [] };
  const hops = normalizeHops(maxHops);
  const reachedBy = new Map<string, { previous: string; edge: GraphEdge } | null>([[fromId, null]]);
  let frontier = [fromId];
  for (let depth = 0; depth < hops && frontier.length > 0 && !reachedBy.has(toId); depth++) {
    const next: string[] = [];
    for (const current of frontier) {
      if (current !== fromId && HUBS.has((index.nodesById.get(current) as GraphNode).label)) continue;
      for (const edge of index.incident.get(current) ?? []) {
        const other = edge.source === current ? edge.target : edge.source;
        if (reachedBy.has(other)) continue;
        reachedBy.set(other, { previous: current, edge });
        next.push(other);
      }
    }
    frontier = next;
  }
  if (!reachedBy.has(toId)) return null;
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  for (let at = toId; ; ) {
    nodes.unshift(canonicalNode(index.nodesById.get(at) as GraphNode));
    const step = reachedBy.get(at);
    if (!step) break;
    edges.unshift(canonicalEdge(step.edge));
    at = step.previous;
  }
  return { nodes, edges };
}

/** Case records passing every given filter, by number. */
export function listCases(index: MemoryIndex, filter: CaseFilter = {}): CaseRecord[] {
  const mentioned = filter.mentions === undefined ? null : index.mentionedBy.get(filter.mentions);
  return index.snapshot.cases
    .filter(
      (record) =>
        (filter.chapter === undefined || record.chapter === filter.chapter) &&
        (filter.province === undefined || record.province === filter.province) &&
        (filter.founded === undefined || record.founded === filter.founded) &&
        (filter.mentions === undefined || caseNodeId(record.number) === filter.mentions || (mentioned?.has(record.number) ?? false)),
    )
    .sort((a, b) => a.number - b.number)
    .map((record) => ({ ...record }));
}
