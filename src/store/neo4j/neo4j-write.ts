// Loads a snapshot into Neo4j in batches and prunes whatever the snapshot no longer has.
import type { Driver, ManagedTransaction, Session } from 'neo4j-driver';
import { NODE_LABELS, RELATION_TYPES, type GraphSnapshot } from '../../graph/graph-types.js';
import { edgeRowsByType, nodeRowsByLabel } from './neo4j-rows.js';
import { checkSnapshot, edgeKey } from '../../graph/snapshot-check.js';

/** What a load needs from the store: where to write, how big each transaction, how long it may take. */
export interface WriteSettings {
  driver: Driver;
  database: string;
  batchSize: number;
  timeoutMs: number;
}

/** Progress callback of GraphStore.replaceAll: rows (nodes + edges) written so far, out of total. */
export type ProgressListener = (done: number, total: number) => void;

// Labels and types are spliced in only from the closed lists in graph-types, never from data.
function upsertNodesQuery(label: (typeof NODE_LABELS)[number]): string {
  const others = NODE_LABELS.filter((other) => other !== label);
  return [
    'UNWIND $rows AS row',
    'MERGE (n:Entity {id: row.id})',
    `SET n = row.properties, n:${label}`,
    `REMOVE n:${others.join(':')}`,
  ].join('\n');
}

function upsertEdgesQuery(type: (typeof RELATION_TYPES)[number]): string {
  return [
    'UNWIND $rows AS row',
    'MATCH (a:Entity {id: row.source})',
    'MATCH (b:Entity {id: row.target})',
    `MERGE (a)-[r:${type}]->(b)`,
    'SET r = row.properties',
  ].join('\n');
}

const EXISTING_NODES = 'MATCH (n:Entity) RETURN elementId(n) AS element, n.id AS id';
const EXISTING_EDGES = `MATCH (a:Entity)-[r]->(b:Entity)
RETURN elementId(r) AS element, a.id AS source, type(r) AS type, b.id AS target`;
const DELETE_EDGES = 'UNWIND $rows AS element MATCH ()-[r]->() WHERE elementId(r) = element DELETE r';
const DELETE_NODES = 'UNWIND $rows AS element MATCH (n) WHERE elementId(n) = element DETACH DELETE n';

/**
 * Makes Neo4j hold exactly `snapshot`: MERGE every node and edge batch by batch (each batch its own
 * write transaction, so a re-run repairs an interrupted load), then delete stale relationships and
 * nodes. Assumes no other writer changes Entity nodes meanwhile (deletes go by element id).
 */
export async function writeSnapshot(settings: WriteSettings, snapshot: GraphSnapshot, onProgress?: ProgressListener): Promise<void> {
  checkSnapshot(snapshot);
  const total = snapshot.nodes.length + snapshot.edges.length;
  let done = 0;
  // The final (total, total) is reported only once pruning is over too.
  const advance = (rows: number) => {
    done += rows;
    if (done < total) onProgress?.(done, total);
  };
  const session = settings.driver.session({ database: settings.database, defaultAccessMode: 'WRITE' });
  try {
    const nodeGroups = nodeRowsByLabel(snapshot);
    for (const label of NODE_LABELS) {
      const query = upsertNodesQuery(label);
      for (const batch of chunks(nodeGroups.get(label) ?? [], settings.batchSize)) {
        await runWrite(session, settings, query, batch);
        advance(batch.length);
      }
    }
    const edgeGroups = edgeRowsByType(snapshot);
    for (const type of RELATION_TYPES) {
      const query = upsertEdgesQuery(type);
      for (const batch of chunks(edgeGroups.get(type) ?? [], settings.batchSize)) {
        await runWrite(session, settings, query, batch);
        advance(batch.length);
      }
    }
    await prune(session, settings, snapshot);
  } finally {
    await session.close();
  }
  onProgress?.(total, total);
}

async function prune(session: Session, settings: WriteSettings, snapshot: GraphSnapshot): Promise<void> {
  const keepNodes = new Set(snapshot.nodes.map((node) => node.id));
  const keepEdges = new Set(snapshot.edges.map((edge) => edgeKey(edge.source, edge.type, edge.target)));
  const { nodes, edges } = await session.executeRead(async (tx: ManagedTransaction) => ({
    nodes: (await tx.run(EXISTING_NODES)).records.map((record) => record.toObject()),
    edges: (await tx.run(EXISTING_EDGES)).records.map((record) => record.toObject()),
  }), { timeout: settings.timeoutMs, metadata: { app: 'park-kg', step: 'prune-read' } });

  const staleNodeIds = new Set<string>();
  const staleNodes: string[] = [];
  for (const row of nodes) {
    if (typeof row.id === 'string' && keepNodes.has(row.id)) continue;
    staleNodes.push(String(row.element));
    if (typeof row.id === 'string') staleNodeIds.add(row.id);
  }
  // Stale relationships: not in the snapshot, or a second copy of one that is (MERGE keeps one).
  const seen = new Set<string>();
  const staleEdges: string[] = [];
  for (const row of edges) {
    if (staleNodeIds.has(String(row.source)) || staleNodeIds.has(String(row.target))) continue; // DETACH DELETE takes them
    const key = edgeKey(String(row.source), String(row.type), String(row.target));
    if (!keepEdges.has(key) || seen.has(key)) staleEdges.push(String(row.element));
    seen.add(key);
  }
  for (const batch of chunks(staleEdges, settings.batchSize)) await runWrite(session, settings, DELETE_EDGES, batch);
  for (const batch of chunks(staleNodes, settings.batchSize)) await runWrite(session, settings, DELETE_NODES, batch);
}

async function runWrite(session: Session, settings: WriteSettings, query: string, rows: unknown[]): Promise<void> {
  await session.executeWrite((tx: ManagedTransaction) => tx.run(query, { rows }), {
    timeout: settings.timeoutMs,
    metadata: { app: 'park-kg', step: 'replace-all' },
  });
}

function chunks<T>(items: T[], size: number): T[][] {
  const batches: T[][] = [];
  for (let start = 0; start < items.length; start += size) batches.push(items.slice(start, start + size));
  return batches;
}
