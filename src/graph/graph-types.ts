// The knowledge graph as every store holds it and `export --format json` prints it (GUIDE §4).

/** Node labels; Cypher labels come only from this list, never from user text. */
export const NODE_LABELS = [
  'Case',
  'Chapter',
  'Province',
  'Park',
  'Association',
  'University',
  'ResearchInstitute',
  'Academician',
  'Expert',
  'Society',
  'Enterprise',
  'Platform',
  'Initiative',
] as const;
export type NodeLabel = (typeof NODE_LABELS)[number];

/** Relationship types; like labels, a closed list. */
export const RELATION_TYPES = [
  'ABOUT',
  'SERVES',
  'IN_PROVINCE',
  'IN_CHAPTER',
  'MENTIONS',
  'PARTNERS_WITH',
  'VISITED',
  'BUILT',
  'RUNS',
  'AFFILIATED_WITH',
] as const;
export type RelationType = (typeof RELATION_TYPES)[number];

/** A sentence that states a fact; `sentence` is the stable sentence id. */
export interface Evidence {
  case: number;
  sentence: string;
  text: string;
}

export interface GraphNode {
  id: string;
  label: NodeLabel;
  name: string;
  aliases: string[];
  /** Every case whose text mentions the node, ascending. */
  cases: number[];
}

export interface GraphEdge {
  source: string;
  target: string;
  type: RelationType;
  evidence: Evidence[];
  /** VISITED only: the date the text states (`2024-05-29`, `2024-05` or `2024`). */
  date?: string;
}

/** One row of the `cases` table of the export contract. */
export interface CaseRecord {
  number: number;
  title: string;
  association: string;
  park: string;
  province: string | null;
  chapter: string;
  founded: number | null;
}

/** Everything a store holds; exports of two stores holding the same graph are deep-equal. */
export interface GraphSnapshot {
  cases: CaseRecord[];
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/**
 * Sorts a snapshot into its canonical order and rebuilds every object with a fixed key order,
 * so exports of two stores holding the same graph are byte-identical.
 */
export function canonicalSnapshot(snapshot: GraphSnapshot): GraphSnapshot {
  const byEvidence = (a: Evidence, b: Evidence) => a.case - b.case || compareText(a.sentence, b.sentence);
  return {
    cases: [...snapshot.cases]
      .sort((a, b) => a.number - b.number)
      .map((c) => ({ number: c.number, title: c.title, association: c.association, park: c.park, province: c.province, chapter: c.chapter, founded: c.founded })),
    nodes: [...snapshot.nodes]
      .map((node) => ({
        id: node.id,
        label: node.label,
        name: node.name,
        aliases: [...node.aliases].sort(compareText),
        cases: [...node.cases].sort((a, b) => a - b),
      }))
      .sort((a, b) => compareText(a.id, b.id)),
    edges: [...snapshot.edges]
      .map((edge) => ({
        source: edge.source,
        target: edge.target,
        type: edge.type,
        evidence: [...edge.evidence].sort(byEvidence).map((item) => ({ case: item.case, sentence: item.sentence, text: item.text })),
        ...(edge.date === undefined ? {} : { date: edge.date }),
      }))
      .sort((a, b) => compareText(a.source, b.source) || compareText(a.type, b.type) || compareText(a.target, b.target)),
  };
}

/** UTF-16 unit order: stable everywhere (localeCompare varies with ICU data); fine for the BMP names we sort. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Node and relationship counts, as `park-kg stats` prints them. */
export interface GraphStats {
  labels: Record<string, number>;
  relationships: Record<string, number>;
}

/** Counts per label and type of a snapshot; both stores must report the same. */
export function countSnapshot(snapshot: GraphSnapshot): GraphStats {
  const labels: Record<string, number> = {};
  const relationships: Record<string, number> = {};
  for (const node of snapshot.nodes) labels[node.label] = (labels[node.label] ?? 0) + 1;
  for (const edge of snapshot.edges) relationships[edge.type] = (relationships[edge.type] ?? 0) + 1;
  return { labels: sortKeys(labels), relationships: sortKeys(relationships) };
}

function sortKeys(record: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => compareText(a, b)));
}
