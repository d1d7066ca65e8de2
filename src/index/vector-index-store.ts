// Building, saving and reopening the vector index under data/index/<strategy>/ (vectors.hnsw + meta.json).
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Embeddings } from '@langchain/core/embeddings';
import hnswlib from 'hnswlib-node';
import { ParkKgError } from '../errors.js';
import { readJsonVerified, writeJsonAtomic } from '../store/atomic-file.js';
import { isCorpusFitting } from './corpus-fitting.js';
import type { Chunk } from './types.js';
import { embedderCall, embedderMismatchError, HnswVectorIndex, type VectorIndexMeta } from './vector-index.js';

const HNSW_FILE = 'vectors.hnsw';
const META_FILE = 'meta.json';
/** hnsw build parameters; the fixed seed makes rebuilds of the same vectors identical. */
const HNSW_PARAMS = { m: 16, efConstruction: 200, randomSeed: 100 };

/** Everything that decides whether saved vectors can be reused, plus the hooks for progress and damage. */
export interface OpenVectorIndexOptions {
  dir: string;
  chunks: readonly Chunk[];
  embeddings: Embeddings;
  embedderId: string;
  inputHash: string;
  /** The text embedded for a chunk (default: its text); part of what must match to reuse vectors. */
  textOf?: (chunk: Chunk) => string;
  /** false: never embed (e.g. while serving); a missing or stale index raises instead. Default true. */
  allowRebuild?: boolean;
  /** Chunks per embedDocuments call (default 64). */
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
  /** Damaged files and failed saves are reported here, never swallowed. */
  onWarning?: (message: string) => void;
}

/** The index plus whether it was loaded or rebuilt, and why (for logs, tests and the CLI). */
export interface OpenedVectorIndex {
  index: HnswVectorIndex;
  origin: 'loaded' | 'built';
  /** Why a rebuild happened; null when loaded. */
  reason: string | null;
}

/** Loads the saved index when it matches the corpus and the embedder, else rebuilds and saves it. */
export async function openVectorIndex(options: OpenVectorIndexOptions): Promise<OpenedVectorIndex> {
  const warn = options.onWarning ?? (() => undefined);
  const texts = options.chunks.map(options.textOf ?? ((chunk) => chunk.text));
  let reason: string;
  try {
    const meta = await readJsonVerified<VectorIndexMeta>(path.join(options.dir, META_FILE));
    const stale = meta ? staleness(meta, options, texts) : 'no saved index';
    if (meta && stale === null) {
      const index = await readIndex(options.dir, meta, options.chunks, options.embeddings, options.embedderId);
      return { index, origin: 'loaded', reason: null };
    }
    if (meta && meta.embedderId !== options.embedderId && options.allowRebuild === false) {
      throw embedderMismatchError(options.dir, meta.embedderId, options.embedderId);
    }
    reason = stale ?? 'stale';
  } catch (error) {
    if (!(error instanceof ParkKgError) || error.code !== 'STORE_CORRUPT') throw error;
    warn(`Vector index damaged${options.allowRebuild === false ? '' : ', rebuilding'}: ${error.message}`);
    reason = `damaged: ${error.message}`;
  }
  if (options.allowRebuild === false) {
    const code = reason === 'no saved index' ? 'STORE_EMPTY' : 'STORE_CORRUPT';
    throw new ParkKgError(code, `The vector index in ${options.dir} cannot be used (${reason}); run \`npx park-kg ingest\` to rebuild it.`);
  }
  const index = await buildVectorIndex(options, texts, warn);
  return { index, origin: 'built', reason };
}

/**
 * The saved index as it is, bound to the given query embedder without comparing ids: searches
 * then fail with the embedder guard if the ids differ. Null when nothing is saved; STORE_CORRUPT
 * when the files are damaged or belong to other chunks.
 */
export async function loadVectorIndex(options: Pick<OpenVectorIndexOptions, 'dir' | 'chunks' | 'embeddings' | 'embedderId'>): Promise<HnswVectorIndex | null> {
  const meta = await readJsonVerified<VectorIndexMeta>(path.join(options.dir, META_FILE));
  if (!meta) return null;
  if (!sameIds(meta.chunkIds, options.chunks)) throw corrupt(options.dir, 'it indexes other chunks');
  return readIndex(options.dir, meta, options.chunks, options.embeddings, options.embedderId);
}

/** Why a saved index cannot serve this run, or null when it can. */
function staleness(meta: VectorIndexMeta, options: OpenVectorIndexOptions, texts: readonly string[]): string | null {
  if (meta.version !== 1 || meta.space !== 'cosine') return `saved with format ${String(meta.version)}`;
  if (meta.embedderId !== options.embedderId) return `built with embedder "${meta.embedderId}", configured "${options.embedderId}"`;
  if (meta.inputHash !== options.inputHash) return 'corpus changed';
  if (!sameIds(meta.chunkIds, options.chunks)) return 'chunks changed';
  if (meta.textsHash !== digest(texts.join('\u0000'))) return 'indexed text changed';
  return null;
}

async function readIndex(dir: string, meta: VectorIndexMeta, chunks: readonly Chunk[], embeddings: Embeddings, embedderId: string): Promise<HnswVectorIndex> {
  const file = path.join(dir, HNSW_FILE);
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw corrupt(dir, `${HNSW_FILE} unreadable (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (bytes.length !== meta.hnswBytes || digest(bytes) !== meta.hnswChecksum) {
    throw corrupt(dir, `${HNSW_FILE} does not match its checksum (${bytes.length} of ${meta.hnswBytes} bytes), possibly truncated`);
  }
  const hnsw = new hnswlib.HierarchicalNSW('cosine', meta.dimensions);
  try {
    await hnsw.readIndex(file);
  } catch (error) {
    throw corrupt(dir, `${HNSW_FILE} could not be read: ${(error as Error).message}`);
  }
  if (hnsw.getCurrentCount() !== meta.chunkIds.length) throw corrupt(dir, `${HNSW_FILE} holds ${hnsw.getCurrentCount()} vectors, expected ${meta.chunkIds.length}`);
  let queryEmbeddings = embeddings;
  if (embedderId === meta.embedderId && isCorpusFitting(embeddings)) {
    const restored = embeddings.restoreFromState(meta.embedderState);
    if (!restored) throw corrupt(dir, `the saved state of embedder "${embedderId}" is unusable`);
    queryEmbeddings = restored;
  }
  return new HnswVectorIndex({ dir, hnsw, chunks, embedderId: meta.embedderId, dimensions: meta.dimensions, queryEmbeddings, queryEmbedderId: embedderId });
}

async function buildVectorIndex(options: OpenVectorIndexOptions, texts: readonly string[], warn: (message: string) => void): Promise<HnswVectorIndex> {
  if (texts.length === 0) throw new ParkKgError('INPUT_INVALID', 'Nothing to index: the corpus produced no chunks');
  let embeddings = options.embeddings;
  let embedderState: unknown = null;
  if (isCorpusFitting(embeddings)) ({ embeddings, state: embedderState } = embeddings.fitToCorpus(texts));
  const vectors = await embedAll(options.embedderId, embeddings, texts, options.batchSize ?? 64, options.onProgress);
  const dimensions = vectors[0]?.length ?? 0;
  const hnsw = new hnswlib.HierarchicalNSW('cosine', dimensions);
  hnsw.initIndex({ maxElements: vectors.length, ...HNSW_PARAMS });
  for (const [label, vector] of vectors.entries()) {
    if (vector.length !== dimensions || !vector.every(Number.isFinite) || !vector.some((value) => value !== 0)) {
      throw new ParkKgError('INPUT_INVALID', `Embedder "${options.embedderId}" returned an unusable vector for chunk ${options.chunks[label]?.id ?? label}`);
    }
    hnsw.addPoint(vector, label);
  }
  const meta = { version: 1, space: 'cosine', embedderId: options.embedderId, dimensions, inputHash: options.inputHash } as const;
  const index = new HnswVectorIndex({ dir: options.dir, hnsw, chunks: options.chunks, embedderId: options.embedderId, dimensions, queryEmbeddings: embeddings, queryEmbedderId: options.embedderId });
  try {
    await save(options.dir, hnsw, { ...meta, chunkIds: options.chunks.map((chunk) => chunk.id), textsHash: digest(texts.join('\u0000')), embedderState });
  } catch (error) {
    // Serving from memory still works; the next start simply rebuilds.
    warn(`Vector index built but not saved to ${options.dir}: ${(error as Error).message}`);
  }
  return index;
}

async function embedAll(embedderId: string, embeddings: Embeddings, texts: readonly string[], batchSize: number, onProgress?: (done: number, total: number) => void): Promise<number[][]> {
  const vectors: number[][] = [];
  onProgress?.(0, texts.length);
  for (let start = 0; start < texts.length; start += batchSize) {
    const batch = texts.slice(start, start + batchSize);
    const embedded = await embedderCall(embedderId, () => embeddings.embedDocuments(batch));
    if (embedded.length !== batch.length) throw new ParkKgError('INPUT_INVALID', `Embedder returned ${embedded.length} vectors for ${batch.length} texts`);
    for (const vector of embedded) vectors.push(Array.from(vector));
    onProgress?.(vectors.length, texts.length);
  }
  return vectors;
}

/** hnsw file first under a temp name, renamed into place, then meta.json (the commit point). */
async function save(dir: string, hnsw: InstanceType<typeof hnswlib.HierarchicalNSW>, meta: Omit<VectorIndexMeta, 'hnswChecksum' | 'hnswBytes'>): Promise<void> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, HNSW_FILE);
  const temp = `${file}.tmp-${process.pid}-${Date.now()}`;
  try {
    await hnsw.writeIndex(temp);
    const bytes = await readFile(temp);
    await rename(temp, file);
    await writeJsonAtomic(path.join(dir, META_FILE), { ...meta, hnswChecksum: digest(bytes), hnswBytes: bytes.length });
  } finally {
    await rm(temp, { force: true });
  }
}

function sameIds(ids: readonly string[], chunks: readonly Chunk[]): boolean {
  return Array.isArray(ids) && ids.length === chunks.length && chunks.every((chunk, index) => chunk.id === ids[index]);
}

function digest(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function corrupt(dir: string, why: string): ParkKgError {
  return new ParkKgError('STORE_CORRUPT', `${dir}: ${why}; run \`npx park-kg ingest\` to rebuild it`);
}
