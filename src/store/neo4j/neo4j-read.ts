// Reads the whole graph and its counts back from Neo4j in READ transactions with a timeout.
import type { Driver, ManagedTransaction } from 'neo4j-driver';
import { ParkKgError } from '../../errors.js';
import {
  NODE_LABELS,
  RELATION_TYPES,
  canonicalSnapshot,
  compareText,
  type CaseRecord,
  type GraphEdge,
  type GraphNode,
  type GraphSnapshot,
  type GraphStats,
  type NodeLabel,
  type RelationType,
} from '../../graph/graph-types.js';
import { caseFromRow, edgeFromRow, nodeFromRow } from './neo4j-rows.js';

/** Where and how long a read may run. */
export interface ReadSettings {
  driver: Driver;
  database: string;
  timeoutMs: number;
}

const LABELS: ReadonlySet<string> = new Set(NODE_LABELS);
const TYPES: ReadonlySet<string> = new Set(RELATION_TYPES);

const READ_NODES = `MATCH (n:Entity)
RETURN [label IN labels(n) WHERE label IN $labels] AS labels,
  n.id AS id, n.name AS name, n.aliases AS aliases, n.cases AS cases,
  n.number AS number, n.title AS title, n.association AS association, n.park AS park,
  n.province AS province, n.chapter AS chapter, n.founded AS founded`;
const READ_EDGES = `MATCH (a:Entity)-[r]->(b:Entity) WHERE type(r) IN $types
RETURN a.id AS source, type(r) AS type, b.id AS target,
  r.evidenceCases AS evidenceCases, r.evidenceSentences AS evidenceSentences,
  r.evidenceTexts AS evidenceTexts, r.date AS date`;
const COUNT_LABELS = `MATCH (n:Entity) UNWIND labels(n) AS label
WITH label WHERE label IN $labels
RETURN label AS key, count(*) AS count`;
const COUNT_TYPES = `MATCH (:Entity)-[r]->(:Entity) WHERE type(r) IN $types
RETURN type(r) AS key, count(*) AS count`;

/** The stored graph as a canonical snapshot, read in one transaction so nodes and edges agree. */
export async function readSnapshot(settings: ReadSettings): Promise<GraphSnapshot> {
  const parameters = { labels: [...NODE_LABELS], types: [...RELATION_TYPES] };
  const { nodeRows, edgeRows } = await runRead(settings, 'export', async (tx) => ({
    nodeRows: (await tx.run(READ_NODES, parameters)).records.map((record) => record.toObject()),
    edgeRows: (await tx.run(READ_EDGES, parameters)).records.map((record) => record.toObject()),
  }));
  const nodes: GraphNode[] = [];
  const cases: CaseRecord[] = [];
  for (const row of nodeRows) {
    const label = onlyLabel(row.labels, row.id);
    nodes.push(nodeFromRow(row, label));
    // A Case node carries a case record exactly when it has a number.
    if (label === 'Case' && row.number !== null && row.number !== undefined) cases.push(caseFromRow(row));
  }
  const edges: GraphEdge[] = edgeRows.map((row) => edgeFromRow(row, row.type as RelationType));
  return canonicalSnapshot({ cases, nodes, edges });
}

/** Counts per known label and relationship type, shaped like countSnapshot (sorted keys, no zeros). */
export async function readStats(settings: ReadSettings): Promise<GraphStats> {
  const parameters = { labels: [...NODE_LABELS], types: [...RELATION_TYPES] };
  const { labelRows, typeRows } = await runRead(settings, 'stats', async (tx) => ({
    labelRows: (await tx.run(COUNT_LABELS, parameters)).records.map((record) => record.toObject()),
    typeRows: (await tx.run(COUNT_TYPES, parameters)).records.map((record) => record.toObject()),
  }));
  return { labels: toCounts(labelRows, LABELS), relationships: toCounts(typeRows, TYPES) };
}

/** Runs `work` in a READ transaction bounded by the configured timeout, tagged with `step`. */
export async function runRead<T>(settings: ReadSettings, step: string, work: (tx: ManagedTransaction) => Promise<T>): Promise<T> {
  const session = settings.driver.session({ database: settings.database, defaultAccessMode: 'READ' });
  try {
    return await session.executeRead(work, { timeout: settings.timeoutMs, metadata: { app: 'park-kg', step } });
  } finally {
    await session.close();
  }
}

/** The node's one park-kg label; anything else means the database was changed behind our back. */
export function onlyLabel(labels: unknown, id: unknown): NodeLabel {
  if (Array.isArray(labels) && labels.length === 1 && LABELS.has(labels[0] as string)) return labels[0] as NodeLabel;
  throw new ParkKgError(
    'STORE_CORRUPT',
    `Neo4j node ${String(id)} should carry exactly one park-kg label, has ${JSON.stringify(labels)}. Re-run ingest to repair it.`,
  );
}

function toCounts(rows: Record<string, unknown>[], known: ReadonlySet<string>): Record<string, number> {
  const counts = rows
    .filter((row) => typeof row.key === 'string' && known.has(row.key) && Number(row.count) > 0)
    .map((row) => [row.key as string, Number(row.count)] as const)
    .sort(([a], [b]) => compareText(a, b));
  return Object.fromEntries(counts);
}
