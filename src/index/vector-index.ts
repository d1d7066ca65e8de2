// A loaded hnswlib-node index over chunk vectors, guarded against queries from another embedder.
import type { Embeddings } from '@langchain/core/embeddings';
import type { HierarchicalNSW } from 'hnswlib-node';
import { ParkKgError } from '../errors.js';
import type { Chunk, SearchHit, VectorSearch } from './types.js';

/** What meta.json records next to vectors.hnsw; any difference from the current run means rebuild. */
export interface VectorIndexMeta {
  version: 1;
  space: 'cosine';
  embedderId: string;
  dimensions: number;
  inputHash: string;
  /** Label i of the hnsw index is chunkIds[i]. */
  chunkIds: string[];
  /** sha256 of the texts that were embedded (catches a change of the indexed-text format). */
  textsHash: string;
  /** sha256 and size of vectors.hnsw, so a truncated or foreign file is never served. */
  hnswChecksum: string;
  hnswBytes: number;
  /** Corpus-fitted embedder state (the hashing embedder's idf), null for stateless embedders. */
  embedderState: unknown;
}

/** The error every consumer sees when the configured embedder is not the one that built the index. */
export function embedderMismatchError(indexDir: string, builtWith: string, configured: string): ParkKgError {
  return new ParkKgError(
    'CONFIG_INVALID',
    `The vector index in ${indexDir} was built with embedder "${builtWith}", but the configured embedder is "${configured}"; ` +
      'vectors from different embedders cannot be compared. Rebuild the index with `npx park-kg ingest` ' +
      `(or delete ${indexDir} and restart), or configure the embedder "${builtWith}" again.`,
  );
}

/**
 * Runs a call to the embedder so a failing endpoint surfaces as a ParkKgError: a rejected key
 * is a configuration problem, anything else a retryable outage (503), never an internal error.
 */
export async function embedderCall<T>(embedderId: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof ParkKgError) throw error;
    const why = error instanceof Error ? error.message : String(error);
    const status = (error as { status?: unknown }).status;
    if (status === 401 || status === 403) {
      throw new ParkKgError('CONFIG_INVALID', `Embedder "${embedderId}" rejected the API key (HTTP ${status}); check OPENAI_API_KEY`, { cause: error });
    }
    throw new ParkKgError('STORE_UNAVAILABLE', `Embedder "${embedderId}" failed: ${why}`, { cause: error, retryable: true });
  }
}

/** Constructor input: an index is assembled either by a fresh build or by a verified load. */
export interface HnswVectorIndexParts {
  dir: string;
  hnsw: HierarchicalNSW;
  /** Chunks in label order. */
  chunks: readonly Chunk[];
  /** Embedder that produced the stored vectors. */
  embedderId: string;
  dimensions: number;
  /** Embedder used for queries, and its id (checked against `embedderId` on every search). */
  queryEmbeddings: Embeddings;
  queryEmbedderId: string;
}

/** Holds a loaded index; the only object that turns a question into nearest chunks. */
export class HnswVectorIndex implements VectorSearch {
  readonly embedderId: string;
  readonly dimensions: number;
  readonly dir: string;
  private readonly hnsw: HierarchicalNSW;
  private readonly chunks: readonly Chunk[];
  private readonly queryEmbeddings: Embeddings;
  private readonly queryEmbedderId: string;

  constructor(parts: HnswVectorIndexParts) {
    this.dir = parts.dir;
    this.hnsw = parts.hnsw;
    this.chunks = parts.chunks;
    this.embedderId = parts.embedderId;
    this.dimensions = parts.dimensions;
    this.queryEmbeddings = parts.queryEmbeddings;
    this.queryEmbedderId = parts.queryEmbedderId;
  }

  /** Number of vectors held. */
  get size(): number {
    return this.hnsw.getCurrentCount();
  }

  /** Throws CONFIG_INVALID naming both ids when `embedderId` did not build this index. */
  assertEmbedder(embedderId: string): void {
    if (embedderId !== this.embedderId) throw embedderMismatchError(this.dir, this.embedderId, embedderId);
  }

  async search(query: string, limit: number): Promise<SearchHit[]> {
    this.assertEmbedder(this.queryEmbedderId);
    if (limit <= 0 || query.trim() === '') return [];
    const vector = await embedderCall(this.queryEmbedderId, () => this.queryEmbeddings.embedQuery(query));
    if (vector.length !== this.dimensions) {
      throw new ParkKgError(
        'CONFIG_INVALID',
        `Embedder "${this.queryEmbedderId}" returned ${vector.length}-dimensional query vectors but the index in ${this.dir} holds ` +
          `${this.dimensions}-dimensional ones; rebuild it with \`npx park-kg ingest\` (or delete ${this.dir}).`,
      );
    }
    return this.nearest(vector, limit);
  }

  /** Nearest chunks to a vector already in this index's space; score = cosine similarity. */
  nearest(vector: readonly number[], limit: number): SearchHit[] {
    const count = Math.min(limit, this.size);
    if (count <= 0 || !vector.some((value) => value !== 0)) return [];
    this.hnsw.setEf(Math.max(64, count));
    const { neighbors, distances } = this.hnsw.searchKnn(Array.from(vector), count);
    const hits: SearchHit[] = [];
    for (const [rank, label] of neighbors.entries()) {
      const chunk = this.chunks[label];
      if (chunk) hits.push({ chunk, score: 1 - (distances[rank] ?? 1) });
    }
    return hits.sort((a, b) => b.score - a.score);
  }
}
