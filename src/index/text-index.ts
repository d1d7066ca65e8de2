// Opens the whole text side for one chunking: chunks, the BM25 index and the persisted vector index.
import path from 'node:path';
import type { Embeddings } from '@langchain/core/embeddings';
import type { Compilation } from '../corpus/types.js';
import { chunkCompilations, indexedText } from './chunker.js';
import { Bm25Index } from './keyword-index.js';
import type { Chunk, ChunkingStrategy, TextIndex, VectorSearch } from './types.js';
import { openVectorIndex } from './vector-index-store.js';

/** Progress of the slow part (embedding), so the CLI can draw a bar during ingest. */
export interface TextIndexProgress {
  stage: 'embed';
  done: number;
  total: number;
}

/** Everything is passed in by the composition root: no env reads, no hidden defaults for paths. */
export interface OpenTextIndexOptions {
  /** The app's data folder; vectors go to <dataDir>/index/<strategy>/. */
  dataDir: string;
  compilations: readonly Compilation[];
  /** From the ingested corpus file: a different hash means the saved vectors are stale. */
  inputHash: string;
  strategy: ChunkingStrategy;
  embeddings: Embeddings;
  embedderId: string;
  /** false while serving: fail instead of embedding the whole corpus (default true). */
  allowRebuild?: boolean;
  onProgress?: (progress: TextIndexProgress) => void;
  onWarning?: (message: string) => void;
  /** Another home for the vectors (a Neo4j vector index) instead of the hnswlib files. */
  openVector?: (input: { chunks: readonly Chunk[]; textOf: (chunk: Chunk) => string; onProgress: (done: number, total: number) => void }) => Promise<OpenedVectors>;
}

/** A vector index with the embedder guard both homes implement. */
export type GuardedVectorSearch = VectorSearch & { assertEmbedder(id: string): void };

/** What opening the vectors produced, whichever home they live in. */
export interface OpenedVectors {
  index: GuardedVectorSearch;
  origin: 'loaded' | 'built';
  reason: string | null;
}

/** A TextIndex plus how it came to be, for startup logs, /readyz details and benchmarks. */
export interface OpenedTextIndex extends TextIndex {
  readonly strategy: ChunkingStrategy;
  readonly keyword: Bm25Index;
  readonly vector: GuardedVectorSearch;
  readonly vectorOrigin: 'loaded' | 'built';
  /** Why the vectors were rebuilt; null when they were loaded. */
  readonly rebuildReason: string | null;
  /** Milliseconds per step. */
  readonly timings: { chunk: number; keyword: number; vector: number };
}

/** Where the vector index for a strategy lives, so ingest and tools can clear or inspect it. */
export function vectorIndexDir(dataDir: string, strategy: ChunkingStrategy): string {
  return path.join(dataDir, 'index', strategy);
}

/** Chunks the corpus, builds BM25 in memory and loads (or builds and saves) the vectors. */
export async function openTextIndex(options: OpenTextIndexOptions): Promise<OpenedTextIndex> {
  let mark = performance.now();
  const lap = () => {
    const now = performance.now();
    const elapsed = now - mark;
    mark = now;
    return Math.round(elapsed * 10) / 10;
  };
  const chunks: readonly Chunk[] = Object.freeze(chunkCompilations(options.compilations, options.strategy));
  const chunk = lap();
  const textOf = (item: Chunk) => indexedText(item, options.strategy);
  const keyword = new Bm25Index(chunks, textOf);
  const keywordMillis = lap();
  const onProgress = (done: number, total: number) => options.onProgress?.({ stage: 'embed', done, total });
  const opened: OpenedVectors = options.openVector
    ? await options.openVector({ chunks, textOf, onProgress })
    : await openVectorIndex({
    dir: vectorIndexDir(options.dataDir, options.strategy),
    chunks,
    embeddings: options.embeddings,
    embedderId: options.embedderId,
    inputHash: options.inputHash,
    textOf,
    allowRebuild: options.allowRebuild,
    batchSize: 64,
    onProgress,
    onWarning: options.onWarning,
  });
  return {
    strategy: options.strategy,
    chunks,
    keyword,
    vector: opened.index,
    vectorOrigin: opened.origin,
    rebuildReason: opened.reason,
    timings: { chunk, keyword: keywordMillis, vector: lap() },
  };
}
