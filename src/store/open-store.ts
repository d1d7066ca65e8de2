// Picks the GraphStore adapter from configuration; the Neo4j driver loads only when asked for.
import type { Config } from '../config/config.js';
import type { GraphStore } from './graph-store.js';
import { MemoryGraphStore } from './memory/memory-store.js';

export type StoreKind = 'memory' | 'neo4j';

/** Opens the configured store (or `kind` when a command overrides it with --store). */
export async function openStore(config: Config, kind: StoreKind = config.GRAPH_STORE): Promise<GraphStore> {
  if (kind === 'memory') return MemoryGraphStore.open(config.dataDir);
  const { openNeo4jStore } = await import('./neo4j/neo4j-store.js');
  return openNeo4jStore(config);
}
