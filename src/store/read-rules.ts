// The semantics both GraphStore adapters share for the read methods: search-key folding, option
// defaults and clamps, and the orders results come in. The Neo4j adapter imports this file too, so
// the two stores cannot drift apart on a rule.
import {
  NODE_LABELS,
  compareText,
  type Evidence,
  type GraphEdge,
  type GraphNode,
  type NodeLabel,
  type RelationType,
  RELATION_TYPES,
} from '../graph/graph-types.js';

/** findNodes default page size. */
export const DEFAULT_FIND_LIMIT = 20;
/** neighbours default number of neighbour nodes. */
export const DEFAULT_NEIGHBOUR_LIMIT = 200;
/** sharedPartners default number of partners. */
export const DEFAULT_PARTNER_LIMIT = 50;
/** Upper bound of every limit, so one call cannot ask a store for an unbounded result. */
export const MAX_LIMIT = 1000;
/** shortestPath default and bounds; graph/queries/shortest-path.cypher searches up to MAX_HOPS. */
export const DEFAULT_MAX_HOPS = 4;
export const MAX_HOPS = 6;
/** Paths may start or end at these hubs but never pass through them (every case touches one). */
export const HUB_LABELS: readonly NodeLabel[] = ['Chapter', 'Province'];
/** Who counts as a partner when a sharedPartners query names no labels. */
export const DEFAULT_PARTNER_LABELS: readonly NodeLabel[] = [
  'University',
  'ResearchInstitute',
  'Society',
  'Enterprise',
  'Academician',
  'Expert',
  'Platform',
  'Initiative',
];

const LABELS: ReadonlySet<string> = new Set(NODE_LABELS);
const TYPES: ReadonlySet<string> = new Set(RELATION_TYPES);

/**
 * The form names and search texts are compared in: NFKC (full-width Ｅ becomes E), no whitespace
 * at all (the PDF puts spaces inside Latin names), lower case (only Latin letters have case here).
 */
export function searchKey(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
}

/** A node's search keys: its name first, then its aliases, without repeats. */
export function nodeSearchKeys(node: Pick<GraphNode, 'name' | 'aliases'>): string[] {
  return [...new Set([node.name, ...node.aliases].map(searchKey))];
}

/** Length in code points, as Cypher's size() counts a string. */
export function codePointLength(text: string): number {
  return [...text].length;
}

/**
 * Code-point order, as Neo4j's ORDER BY sorts strings. Differs from compareText (UTF-16 units)
 * only for characters beyond U+FFFF (CJK extension B names); read results use this order so a
 * limit cuts both stores' lists at the same place.
 */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let index = 0; index < length; index++) {
    const left = a.charCodeAt(index);
    const right = b.charCodeAt(index);
    if (left !== right) return codePointRank(left) - codePointRank(right);
  }
  return a.length - b.length;
}

// Moves surrogates above U+E000..U+FFFF, which turns UTF-16 unit order into code-point order.
function codePointRank(unit: number): number {
  if (unit >= 0xe000) return unit - 0x800;
  if (unit >= 0xd800) return unit + 0x2000;
  return unit;
}

/** A limit as given, or its default; whole, between 0 and MAX_LIMIT. */
export function normalizeLimit(limit: number | undefined, fallback: number): number {
  if (limit === undefined || !Number.isFinite(limit)) return fallback;
  return Math.min(MAX_LIMIT, Math.max(0, Math.floor(limit)));
}

/** maxHops as given, or 4; whole, between 1 and MAX_HOPS. */
export function normalizeHops(maxHops: number | undefined): number {
  if (maxHops === undefined || !Number.isFinite(maxHops)) return DEFAULT_MAX_HOPS;
  return Math.min(MAX_HOPS, Math.max(1, Math.floor(maxHops)));
}

/** minAssociations as given, or 2; whole, at least 1. */
export function normalizeMinAssociations(value: number | undefined): number {
  if (value === undefined || !Number.isFinite(value)) return 2;
  return Math.max(1, Math.floor(value));
}

/** Known labels only (callers may pass user input); none given, or none known, means `fallback`. */
export function knownLabels(labels: readonly string[] | undefined, fallback: readonly NodeLabel[]): NodeLabel[] {
  const known = [...new Set(labels ?? [])].filter((label): label is NodeLabel => LABELS.has(label));
  return labels === undefined || labels.length === 0 ? [...fallback] : known;
}

/** Known relationship types only; none given (or an empty list) means every type. */
export function knownTypes(types: readonly string[] | undefined): RelationType[] {
  if (types === undefined || types.length === 0) return [...RELATION_TYPES];
  return [...new Set(types)].filter((type): type is RelationType => TYPES.has(type));
}

/** findNodes rank of one node: 0 exact name/alias, 1 a key starts with the text, 2 contains it. */
export function matchRank(keys: readonly string[], text: string): number | null {
  if (keys.includes(text)) return 0;
  if (keys.some((key) => key.startsWith(text))) return 1;
  if (keys.some((key) => key.includes(text))) return 2;
  return null;
}

/** Evidence order of canonicalSnapshot: case, then sentence id. */
export function compareEvidence(a: Evidence, b: Evidence): number {
  return a.case - b.case || compareText(a.sentence, b.sentence);
}

/** Canonical edge order of canonicalSnapshot: source, type, target. */
export function compareEdges(a: GraphEdge, b: GraphEdge): number {
  return compareText(a.source, b.source) || compareText(a.type, b.type) || compareText(a.target, b.target);
}

/** Evidence sorted canonically, one item per sentence id, as fresh objects. */
export function mergeEvidence(items: Iterable<Evidence>): Evidence[] {
  const bySentence = new Map<string, Evidence>();
  for (const item of [...items].sort(compareEvidence)) {
    if (!bySentence.has(item.sentence)) bySentence.set(item.sentence, { case: item.case, sentence: item.sentence, text: item.text });
  }
  return [...bySentence.values()];
}

/** A node copy in canonical form (sorted aliases and cases), so callers cannot mutate a store. */
export function canonicalNode(node: GraphNode): GraphNode {
  return {
    id: node.id,
    label: node.label,
    name: node.name,
    aliases: [...node.aliases].sort(compareText),
    cases: [...node.cases].sort((a, b) => a - b),
  };
}

/** An edge copy in canonical form: evidence sorted, keys in GraphEdge order, date only when set. */
export function canonicalEdge(edge: GraphEdge): GraphEdge {
  return {
    source: edge.source,
    target: edge.target,
    type: edge.type,
    evidence: [...edge.evidence].sort(compareEvidence).map((item) => ({ case: item.case, sentence: item.sentence, text: item.text })),
    ...(edge.date === undefined ? {} : { date: edge.date }),
  };
}
