// VECTOR_STORE=neo4j: chunk vectors in a Neo4j vector index, so graph and vectors live (and scale)
// together on one Neo4j, cluster or Aura. Same reuse, rebuild and embedder rules as the hnswlib index.
import type { Embeddings } from '@langchain/core/embeddings';
import neo4j, { type Driver } from 'neo4j-driver';
import { ParkKgError } from '../errors.js';
import { toStoreError } from '../store/neo4j/neo4j-errors.js';
import { runRead } from '../store/neo4j/neo4j-read.js';
import { createNeo4jDriver, type Neo4jStoreConfig } from '../store/neo4j/neo4j-store.js';
import { indexedText } from './chunker.js';
import { isCorpusFitting } from './corpus-fitting.js';
import { corruptMeta, countChunkNodes, fingerprint, readMeta, staleness, storedEmbedderState, type Neo4jVectorMeta } from './neo4j-vector-meta.js';
import {
  awaitVectorIndex,
  ensureVectorSchema,
  indexMismatch,
  readVectorIndexState,
  vectorSchemaNames,
  type Neo4jVectorSettings,
  type VectorSchemaNames,
} from './neo4j-vector-schema.js';
import { buildNeo4jVectors } from './neo4j-vector-write.js';
import type { Chunk, ChunkingStrategy, SearchHit, VectorSearch } from './types.js';
import { embedderCall, embedderMismatchError } from './vector-index.js';

/** Lucene's HNSW search keeps k candidates; asking for at least this many matches hnswlib's ef of 64. */
const MIN_CANDIDATES = 64;
const QUERY = 'CALL db.index.vector.queryNodes($index, $k, $vector) YIELD node, score RETURN node.id AS id, score';

/** What openNeo4jVectorIndex needs; the composition root passes it in (no env reads here). */
export interface OpenNeo4jVectorIndexOptions {
  /** Where Neo4j is; also what error messages name (never the password). */
  config: Neo4jStoreConfig;
  /** A driver to share with other users (not closed by close()); default: one created from `config`. */
  driver?: Driver;
  /** Default: config.NEO4J_DATABASE. */
  database?: string;
  strategy: ChunkingStrategy;
  chunks: readonly Chunk[];
  embeddings: Embeddings;
  embedderId: string;
  inputHash: string;
  /** The text embedded for a chunk; default indexedText(chunk, strategy), as openTextIndex embeds. */
  textOf?: (chunk: Chunk) => string;
  /** false: never embed or change the schema (serving); a missing or stale index raises instead. Default true. */
  allowRebuild?: boolean;
  /** Chunks per embedDocuments call and per write transaction (default 64). */
  batchSize?: number;
  /** int8 quantisation in the Neo4j index (default false: exact float32 cosine, same scores as hnswlib). */
  quantization?: boolean;
  onProgress?: (done: number, total: number) => void;
  onWarning?: (message: string) => void;
}

/** Constructor input, assembled by a build or by a verified reuse. */
interface Neo4jVectorIndexParts {
  settings: Neo4jVectorSettings;
  names: VectorSchemaNames;
  ownsDriver: boolean;
  chunks: readonly Chunk[];
  embedderId: string;
  dimensions: number;
  queryEmbeddings: Embeddings;
  queryEmbedderId: string;
  origin: 'loaded' | 'built';
  reason: string | null;
}

/** The Neo4j counterpart of HnswVectorIndex: turns a question into nearest chunks, guarded by embedder id. */
export class Neo4jVectorIndex implements VectorSearch {
  readonly embedderId: string;
  readonly dimensions: number;
  readonly strategy: ChunkingStrategy;
  /** The Neo4j index name, e.g. chunk_embedding_sections. */
  readonly indexName: string;
  /** Where the vectors are, for messages: URI (without credentials), database and index. */
  readonly location: string;
  /** Whether the stored vectors were reused or (re)built by this open, and why. */
  readonly origin: 'loaded' | 'built';
  readonly reason: string | null;
  readonly #settings: Neo4jVectorSettings;
  readonly #names: VectorSchemaNames;
  readonly #ownsDriver: boolean;
  readonly #chunks: readonly Chunk[];
  readonly #byId: Map<string, { chunk: Chunk; position: number }>;
  readonly #queryEmbeddings: Embeddings;
  readonly #queryEmbedderId: string;

  constructor(parts: Neo4jVectorIndexParts) {
    this.#settings = parts.settings;
    this.#names = parts.names;
    this.#ownsDriver = parts.ownsDriver;
    this.#chunks = parts.chunks;
    this.#byId = new Map(parts.chunks.map((chunk, position) => [chunk.id, { chunk, position }]));
    this.#queryEmbeddings = parts.queryEmbeddings;
    this.#queryEmbedderId = parts.queryEmbedderId;
    this.embedderId = parts.embedderId;
    this.dimensions = parts.dimensions;
    this.strategy = parts.names.strategy;
    this.indexName = parts.names.index;
    this.location = describeLocation(parts.settings, parts.names);
    this.origin = parts.origin;
    this.reason = parts.reason;
  }

  /** Number of chunk vectors stored (checked against the database when opened). */
  get size(): number {
    return this.#chunks.length;
  }

  /** Throws CONFIG_INVALID naming both ids when `embedderId` did not build this index. */
  assertEmbedder(embedderId: string): void {
    if (embedderId !== this.embedderId) throw embedderMismatchError(this.location, this.embedderId, embedderId);
  }

  async search(query: string, limit: number): Promise<SearchHit[]> {
    this.assertEmbedder(this.#queryEmbedderId);
    if (limit <= 0 || query.trim() === '') return [];
    const vector = await embedderCall(this.#queryEmbedderId, () => this.#queryEmbeddings.embedQuery(query));
    if (vector.length !== this.dimensions) {
      throw new ParkKgError(
        'CONFIG_INVALID',
        `Embedder "${this.#queryEmbedderId}" returned ${vector.length}-dimensional query vectors but the index in ${this.location} holds ` +
          `${this.dimensions}-dimensional ones; rebuild it with \`npx park-kg ingest\`.`,
      );
    }
    return this.nearest(vector, limit);
  }

  /**
   * Nearest chunks to a vector in this index's space. Neo4j's cosine score is (1 + cos) / 2; it is
   * mapped back to cos, so scores equal hnswlib's `1 - distance` and the two stores are comparable.
   */
  async nearest(vector: readonly number[], limit: number): Promise<SearchHit[]> {
    const count = Math.min(Math.floor(limit), this.size);
    if (!(count > 0) || !vector.some((value) => value !== 0)) return [];
    const k = Math.min(this.size, Math.max(MIN_CANDIDATES, count));
    const rows = await this.#call(() =>
      runRead(this.#settings, 'vector-search', (tx) => tx.run(QUERY, { index: this.indexName, k: neo4j.int(k), vector: Array.from(vector) })),
    );
    const hits: { chunk: Chunk; position: number; score: number }[] = [];
    for (const record of rows.records) {
      const known = this.#byId.get(String(record.get('id')));
      if (known) hits.push({ ...known, score: Math.min(1, Math.max(-1, 2 * Number(record.get('score')) - 1)) });
    }
    hits.sort((a, b) => b.score - a.score || a.position - b.position);
    return hits.slice(0, count).map(({ chunk, score }) => ({ chunk, score }));
  }

  /** For /readyz: the index is ONLINE and holds exactly this index's chunks. Never throws. */
  async check(): Promise<{ ok: boolean; detail: string }> {
    try {
      const [state, stored] = await this.#call(() => Promise.all([readVectorIndexState(this.#settings, this.#names), countChunkNodes(this.#settings, this.#names)]));
      const ok = state?.state === 'ONLINE' && stored === this.size;
      return { ok, detail: `${this.indexName} ${state?.state ?? 'missing'}, ${stored}/${this.size} chunks` };
    } catch (error) {
      return { ok: false, detail: error instanceof Error ? error.message : String(error) };
    }
  }

  /** Closes the driver when this index created it; a shared driver is left to its owner. */
  async close(): Promise<void> {
    if (this.#ownsDriver) await this.#settings.driver.close();
  }

  #call<T>(work: () => Promise<T>): Promise<T> {
    return withVectorErrors(this.#settings, this.#names, work);
  }
}

/**
 * Reuses the stored vectors when meta matches (embedder, dimensions, corpus hash, chunk ids and
 * texts), else embeds in batches and writes them; refuses another embedder when rebuilding is
 * not allowed, with the same error as the hnswlib index. Damage is reported through onWarning
 * and rebuilt (or raised as STORE_CORRUPT when rebuilding is not allowed).
 */
export async function openNeo4jVectorIndex(options: OpenNeo4jVectorIndexOptions): Promise<Neo4jVectorIndex> {
  const names = vectorSchemaNames(options.strategy);
  const driver = options.driver ?? createNeo4jDriver(options.config);
  const { NEO4J_URI, NEO4J_USER, NEO4J_TIMEOUT_MS } = options.config;
  const database = options.database ?? options.config.NEO4J_DATABASE;
  const settings: Neo4jVectorSettings = {
    driver,
    database,
    timeoutMs: NEO4J_TIMEOUT_MS,
    context: { NEO4J_URI, NEO4J_USER, NEO4J_DATABASE: database, NEO4J_TIMEOUT_MS },
  };
  try {
    return await withVectorErrors(settings, names, () => open(options, settings, names, options.driver === undefined));
  } catch (error) {
    if (options.driver === undefined) await driver.close().catch(() => undefined);
    throw error;
  }
}

async function open(options: OpenNeo4jVectorIndexOptions, settings: Neo4jVectorSettings, names: VectorSchemaNames, ownsDriver: boolean): Promise<Neo4jVectorIndex> {
  const warn = options.onWarning ?? (() => undefined);
  const where = describeLocation(settings, names);
  const strict = options.allowRebuild === false;
  const texts = options.chunks.map(options.textOf ?? ((chunk) => indexedText(chunk, options.strategy)));
  const wanted = { ...fingerprint(options.chunks, texts), embedderId: options.embedderId, inputHash: options.inputHash };
  const common = { settings, names, ownsDriver, chunks: options.chunks, embedderId: options.embedderId, queryEmbedderId: options.embedderId };
  let reason: string;
  try {
    const { meta, chunkNodes } = await readMeta(settings, names);
    const stale = meta ? staleness(meta, wanted) : 'no saved index';
    if (meta && stale === null) {
      const queryEmbeddings = await verifyStored(meta, chunkNodes, options, settings, names, where, warn);
      return new Neo4jVectorIndex({ ...common, dimensions: meta.dimensions, queryEmbeddings, origin: 'loaded', reason: null });
    }
    if (meta?.status === 'complete' && meta.embedderId !== options.embedderId && strict) {
      throw embedderMismatchError(where, meta.embedderId, options.embedderId);
    }
    reason = stale ?? 'stale';
  } catch (error) {
    if (!(error instanceof ParkKgError) || error.code !== 'STORE_CORRUPT') throw error;
    warn(`Vector index damaged${strict ? '' : ', rebuilding'}: ${error.message}`);
    reason = `damaged: ${error.message}`;
  }
  if (strict) {
    const code = reason === 'no saved index' ? 'STORE_EMPTY' : 'STORE_CORRUPT';
    throw new ParkKgError(code, `The vector index in ${where} cannot be used (${reason}); run \`npx park-kg ingest\` to rebuild it.`);
  }
  const built = await buildNeo4jVectors({
    settings,
    names,
    chunks: options.chunks,
    texts,
    embeddings: options.embeddings,
    embedderId: options.embedderId,
    inputHash: options.inputHash,
    quantization: options.quantization ?? false,
    batchSize: options.batchSize ?? 64,
    onProgress: options.onProgress,
  });
  return new Neo4jVectorIndex({ ...common, dimensions: built.dimensions, queryEmbeddings: built.queryEmbeddings, origin: 'built', reason });
}

/**
 * Checks that the stored vectors can serve as they are: every chunk node present, the index fit
 * for the vectors (recreated from the stored vectors when not, if allowed: no re-embedding) and
 * ONLINE, the fitted embedder state restorable. Returns the embedder to use for queries.
 */
async function verifyStored(
  meta: Neo4jVectorMeta,
  chunkNodes: number,
  options: OpenNeo4jVectorIndexOptions,
  settings: Neo4jVectorSettings,
  names: VectorSchemaNames,
  where: string,
  warn: (message: string) => void,
): Promise<Embeddings> {
  if (chunkNodes !== meta.chunkCount) throw corruptMeta(where, `${names.label} holds ${chunkNodes} nodes, expected ${meta.chunkCount}`);
  let queryEmbeddings = options.embeddings;
  if (isCorpusFitting(options.embeddings)) {
    const restored = options.embeddings.restoreFromState(storedEmbedderState(meta, where));
    if (!restored) throw corruptMeta(where, `the saved state of embedder "${options.embedderId}" is unusable`);
    queryEmbeddings = restored;
  }
  const tuning = { dimensions: meta.dimensions, quantization: options.quantization ?? false };
  const problem = indexMismatch(await readVectorIndexState(settings, names), names, tuning);
  if (problem && options.allowRebuild === false) throw corruptMeta(where, problem);
  if (problem) {
    warn(`${where}: ${problem}; recreating the index from the stored vectors (no re-embedding)`);
    await ensureVectorSchema(settings, names, tuning);
  } else {
    await awaitVectorIndex(settings, names);
  }
  return queryEmbeddings;
}

/** Driver failures mapped as the graph store maps them; a dropped index is damage, not a bug. */
async function withVectorErrors<T>(settings: Neo4jVectorSettings, names: VectorSchemaNames, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ParkKgError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    if (/no such vector schema index/i.test(message)) {
      throw corruptMeta(describeLocation(settings, names), `vector index ${names.index} does not exist`);
    }
    throw toStoreError(error, settings.context);
  }
}

function describeLocation(settings: Neo4jVectorSettings, names: VectorSchemaNames): string {
  const uri = settings.context.NEO4J_URI.replace(/^([a-z0-9+]+:\/\/)[^@/]*@/i, '$1');
  return `Neo4j ${uri} (database ${settings.database}, index ${names.index})`;
}
