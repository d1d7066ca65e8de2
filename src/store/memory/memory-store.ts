// The embedded default store: the graph in memory, persisted as one checksummed JSON file.
import path from 'node:path';
import { ParkKgError } from '../../errors.js';
import {
  canonicalSnapshot,
  countSnapshot,
  type CaseRecord,
  type GraphNode,
  type GraphSnapshot,
  type GraphStats,
  type RelationType,
} from '../../graph/graph-types.js';
import { checkSnapshot } from '../../graph/snapshot-check.js';
import { readJsonVerified, writeJsonAtomic } from '../atomic-file.js';
import type { CaseFilter, GraphPath, GraphStore, Neighbourhood, NodeQuery, SharedPartner, SharedPartnerQuery } from '../graph-store.js';
import { buildMemoryIndex, type MemoryIndex } from './memory-index.js';
import * as queries from './memory-queries.js';

const FILE_NAME = 'graph.json';

/** Memory adapter of the GraphStore port; `replaceAll` is atomic on disk. */
export class MemoryGraphStore implements GraphStore {
  readonly kind = 'memory' as const;
  private snapshot: GraphSnapshot | null = null;
  /** Lookup structures of `snapshot`, built at the first read after a load and dropped on replace. */
  private index: MemoryIndex | null = null;

  private constructor(private readonly file: string) {}

  /** Opens the store under `dataDir`, loading and verifying the file when present. */
  static async open(dataDir: string): Promise<MemoryGraphStore> {
    const store = new MemoryGraphStore(path.join(dataDir, FILE_NAME));
    store.snapshot = await readJsonVerified<GraphSnapshot>(store.file);
    return store;
  }

  /** True once an ingest has written the graph. */
  get isEmpty(): boolean {
    return this.snapshot === null;
  }

  async replaceAll(snapshot: GraphSnapshot, onProgress?: (done: number, total: number) => void): Promise<void> {
    checkSnapshot(snapshot);
    const canonical = canonicalSnapshot(snapshot);
    await writeJsonAtomic(this.file, canonical);
    this.snapshot = canonical;
    this.index = null;
    onProgress?.(1, 1);
  }

  async exportSnapshot(): Promise<GraphSnapshot> {
    return this.current();
  }

  async stats(): Promise<GraphStats> {
    return countSnapshot(this.current());
  }

  async findNodes(query: NodeQuery): Promise<GraphNode[]> {
    return queries.findNodes(this.indexed(), query);
  }

  async getNodes(ids: readonly string[]): Promise<GraphNode[]> {
    return queries.getNodes(this.indexed(), ids);
  }

  async neighbours(id: string, options?: { types?: RelationType[]; limit?: number }): Promise<Neighbourhood | null> {
    return queries.neighbours(this.indexed(), id, options);
  }

  async sharedPartners(query: SharedPartnerQuery): Promise<SharedPartner[]> {
    return queries.sharedPartners(this.indexed(), query);
  }

  async shortestPath(fromId: string, toId: string, maxHops?: number): Promise<GraphPath | null> {
    return queries.shortestPath(this.indexed(), fromId, toId, maxHops);
  }

  async listCases(filter?: CaseFilter): Promise<CaseRecord[]> {
    return queries.listCases(this.indexed(), filter);
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {}

  private current(): GraphSnapshot {
    if (!this.snapshot) {
      throw new ParkKgError('STORE_EMPTY', `No graph yet in ${this.file}; run \`npx park-kg ingest\` first`);
    }
    return this.snapshot;
  }

  private indexed(): MemoryIndex {
    const snapshot = this.current();
    if (this.index?.snapshot !== snapshot) this.index = buildMemoryIndex(snapshot);
    return this.index;
  }
}
