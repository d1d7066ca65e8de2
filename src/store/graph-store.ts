// The GraphStore port: the pipeline and the chat read and write the graph only through this.
import type { GraphSnapshot, GraphStats } from '../graph/graph-types.js';

/** Where the graph lives. Adapters: memory (default, file-backed) and neo4j. */
export interface GraphStore {
  readonly kind: 'memory' | 'neo4j';
  /**
   * Makes the store hold exactly `snapshot`: upserts every node and edge and removes what the
   * snapshot no longer has, so re-running ingest is idempotent. Atomic for the memory store;
   * on Neo4j each batch is its own transaction and a re-run repairs an interrupted load.
   */
  replaceAll(snapshot: GraphSnapshot, onProgress?: (done: number, total: number) => void): Promise<void>;
  /** The whole graph in canonical order (GUIDE §4 export shape). */
  exportSnapshot(): Promise<GraphSnapshot>;
  stats(): Promise<GraphStats>;
  /** Throws STORE_UNAVAILABLE / STORE_AUTH_FAILED with a message naming the config keys. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
