// Lookup structures over one loaded snapshot, built once so each read is a few map lookups instead
// of a scan of every edge.
import { caseNodeId } from '../../graph/node-ids.js';
import type { CaseRecord, Evidence, GraphEdge, GraphNode, GraphSnapshot, NodeLabel } from '../../graph/graph-types.js';
import { codePointLength, compareCodePoints, compareEdges, mergeEvidence, nodeSearchKeys } from '../read-rules.js';

/** A node with its precomputed search keys (name first) and name length for ranking. */
export interface SearchEntry {
  node: GraphNode;
  keys: string[];
  nameLength: number;
}

/** One association's side of a partner: the cases about it naming the partner, and the evidence. */
export interface IndexedPartnerLink {
  association: GraphNode;
  cases: number[];
  evidence: Evidence[];
}

/** Everything the memory store's read methods look up; immutable once built. */
export interface MemoryIndex {
  snapshot: GraphSnapshot;
  nodesById: ReadonlyMap<string, GraphNode>;
  /** Every node in code-point id order, with its search keys. */
  entries: readonly SearchEntry[];
  /** Entries of each label, in the same order. */
  entriesByLabel: ReadonlyMap<NodeLabel, readonly SearchEntry[]>;
  /** Edges touching each node (either end), in canonical edge order. */
  incident: ReadonlyMap<string, readonly GraphEdge[]>;
  /** Case numbers whose Case node has a MENTIONS edge to the node. */
  mentionedBy: ReadonlyMap<string, ReadonlySet<number>>;
  /** Partner id → its links to associations, in code-point association-id order. */
  partnerLinks: ReadonlyMap<string, readonly IndexedPartnerLink[]>;
}

/** Builds the index of a canonical snapshot (the memory store only ever holds canonical ones). */
export function buildMemoryIndex(snapshot: GraphSnapshot): MemoryIndex {
  const nodesById = new Map(snapshot.nodes.map((node) => [node.id, node]));
  const entries = [...snapshot.nodes]
    .sort((a, b) => compareCodePoints(a.id, b.id))
    .map((node) => {
      const keys = nodeSearchKeys(node);
      return { node, keys, nameLength: codePointLength(keys[0] ?? '') };
    });
  const entriesByLabel = new Map<NodeLabel, SearchEntry[]>();
  for (const entry of entries) pushTo(entriesByLabel, entry.node.label, entry);

  const incident = new Map<string, GraphEdge[]>();
  for (const edge of [...snapshot.edges].sort(compareEdges)) {
    pushTo(incident, edge.source, edge);
    if (edge.target !== edge.source) pushTo(incident, edge.target, edge);
  }

  // Only Case nodes that carry a case record have a number (the record's `case:<n>` node).
  const caseNumbers = new Map(snapshot.cases.map((record: CaseRecord) => [caseNodeId(record.number), record.number]));
  const mentionedBy = new Map<string, Set<number>>();
  const aboutByCase = new Map<string, string[]>();
  for (const edge of snapshot.edges) {
    if (edge.type === 'ABOUT' && nodesById.get(edge.target)?.label === 'Association') pushTo(aboutByCase, edge.source, edge.target);
  }
  const partnerDrafts = new Map<string, Map<string, { cases: Set<number>; evidence: Evidence[] }>>();
  for (const edge of snapshot.edges) {
    const caseNumber = caseNumbers.get(edge.source);
    if (edge.type !== 'MENTIONS' || caseNumber === undefined || nodesById.get(edge.source)?.label !== 'Case') continue;
    const mentioning = mentionedBy.get(edge.target) ?? new Set<number>();
    mentioning.add(caseNumber);
    mentionedBy.set(edge.target, mentioning);
    // A case names a partner when its MENTIONS edge cites a sentence; an uncited one cannot be quoted.
    if (edge.evidence.length === 0) continue;
    for (const association of aboutByCase.get(edge.source) ?? []) {
      if (association === edge.target) continue; // an association is not its own partner
      const byAssociation = partnerDrafts.get(edge.target) ?? new Map<string, { cases: Set<number>; evidence: Evidence[] }>();
      const draft = byAssociation.get(association) ?? { cases: new Set<number>(), evidence: [] };
      draft.cases.add(caseNumber);
      draft.evidence.push(...edge.evidence);
      byAssociation.set(association, draft);
      partnerDrafts.set(edge.target, byAssociation);
    }
  }
  const partnersWith = new Map(
    snapshot.edges.filter((edge) => edge.type === 'PARTNERS_WITH').map((edge) => [`${edge.source}\u0000${edge.target}`, edge.evidence]),
  );
  const partnerLinks = new Map<string, IndexedPartnerLink[]>();
  for (const [partner, byAssociation] of partnerDrafts) {
    const links = [...byAssociation]
      .sort(([a], [b]) => compareCodePoints(a, b))
      .map(([association, draft]) => ({
        association: nodesById.get(association) as GraphNode,
        cases: [...draft.cases].sort((a, b) => a - b),
        evidence: mergeEvidence([...draft.evidence, ...(partnersWith.get(`${association}\u0000${partner}`) ?? [])]),
      }));
    partnerLinks.set(partner, links);
  }
  return { snapshot, nodesById, entries, entriesByLabel, incident, mentionedBy, partnerLinks };
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
