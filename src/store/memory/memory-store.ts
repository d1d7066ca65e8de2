// The embedded default store: the graph in memory, persisted as one checksummed JSON file.
import path from 'node:path';
import { ParkKgError } from '../../errors.js';
import { canonicalSnapshot, countSnapshot, type GraphSnapshot, type GraphStats } from '../../graph/graph-types.js';
import { checkSnapshot } from '../../graph/snapshot-check.js';
import { readJsonVerified, writeJsonAtomic } from '../atomic-file.js';
import type { GraphStore } from '../graph-store.js';

const FILE_NAME = 'graph.json';

/** Memory adapter of the GraphStore port; `replaceAll` is atomic on disk. */
export class MemoryGraphStore implements GraphStore {
  readonly kind = 'memory' as const;
  private snapshot: GraphSnapshot | null = null;

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
    onProgress?.(1, 1);
  }

  async exportSnapshot(): Promise<GraphSnapshot> {
    return this.current();
  }

  async stats(): Promise<GraphStats> {
    return countSnapshot(this.current());
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {}

  private current(): GraphSnapshot {
    if (!this.snapshot) {
      throw new ParkKgError('STORE_EMPTY', `No graph yet in ${this.file}; run \`npx park-kg ingest\` first`);
    }
    return this.snapshot;
  }
}
