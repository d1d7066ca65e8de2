// Builds everything a running product needs from configuration, ingesting first when the data
// under DATA_DIR is missing or older than the seeds.
import { access, rename } from 'node:fs/promises';
import path from 'node:path';
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { AnswerWriter } from '../answer/answer-question.js';
import type { Config } from '../config/config.js';
import { ParkKgError } from '../errors.js';
import { loadAliasTable } from '../extract/alias-table.js';
import type { LlmExtractionStats } from '../extract/llm-extractor.js';
import { createEmbeddings } from '../index/embeddings-factory.js';
import type { Neo4jVectorIndex } from '../index/neo4j-vector-index.js';
import { openTextIndex, type OpenedTextIndex } from '../index/text-index.js';
import type { ChunkingStrategy } from '../index/types.js';
import { loadCorpus, saveCorpus, type CorpusFile } from '../pipeline/corpus-file.js';
import { buildExtractionReport, saveExtractionReport } from '../pipeline/extraction-report.js';
import { createExtractors, type ExtractorMode } from '../pipeline/extractors.js';
import { ingest, seedFiles, type IngestProgress } from '../pipeline/ingest.js';
import { inputHashOf } from '../pipeline/source-files.js';
import { EntityLinker } from '../retrieve/entity-linker.js';
import { SentenceIndex } from '../retrieve/sentence-index.js';
import type { GraphStore } from '../store/graph-store.js';
import { openStore, type StoreKind } from '../store/open-store.js';
import { DefaultParkKgService } from './park-kg-service.js';
import type { ParkKgService, Readiness } from './service-types.js';

export interface RuntimeOptions {
  /** Ingest the seeds when data is missing or stale (npm start); false: fail with STORE_EMPTY. */
  ingestIfNeeded: boolean;
  onProgress?: (progress: IngestProgress) => void;
  log?: (message: string) => void;
  /** Builds the LLM writer when the configuration enables one. */
  createWriter?: (config: Config) => AnswerWriter | undefined;
}

export interface Runtime {
  service: ParkKgService;
  store: GraphStore;
  indexes: Record<ChunkingStrategy, OpenedTextIndex>;
  corpus: CorpusFile;
  ingested: boolean;
  close(): Promise<void>;
}

/** Hash of the source files, compared with the one the last ingest recorded. */
export async function seedsHash(files: readonly string[]): Promise<string> {
  return inputHashOf(files);
}

export interface IngestSeedsOptions {
  onProgress?: RuntimeOptions['onProgress'];
  /** rules (default: config EXTRACTOR), llm, or both merged. */
  extractor?: ExtractorMode;
  /** Non-fatal problems (an LLM call that fell back to rules) as one line each. */
  onWarning?: (message: string) => void;
  /** A chat model for LLM extraction instead of the configured one. */
  model?: BaseChatModel;
}

/** What an ingest did, for the CLI summary. */
export interface IngestOutcome {
  corpus: CorpusFile;
  llm: LlmExtractionStats | null;
}

/**
 * Runs ingest of `files` (in the order given; see planSources) into `store`, then saves the
 * corpus and the extraction report; shared by the CLI and start-up.
 */
export async function ingestSources(config: Config, store: GraphStore, files: readonly string[], options: IngestSeedsOptions = {}): Promise<IngestOutcome> {
  const aliases = await loadAliasTable(path.join(config.seedsDir, 'aliases.json'));
  const mode = options.extractor ?? config.EXTRACTOR;
  const setup = createExtractors(config, mode, { ...(options.onWarning ? { onWarning: options.onWarning } : {}), ...(options.model ? { model: options.model } : {}) });
  const result = await ingest({ files, store, extractors: setup.extractors, concurrency: setup.concurrency, aliases, onProgress: options.onProgress });
  const corpus: CorpusFile = { inputHash: result.inputHash, files: [...files], compilations: result.compilations, extractor: mode };
  await saveCorpus(config.dataDir, corpus);
  const llm = setup.llm?.report() ?? null;
  await saveExtractionReport(config.dataDir, buildExtractionReport(result.compilations, result.extraction, result.snapshot, aliases, { mode, llm }));
  return { corpus, llm };
}

/** Runs ingest into `store` and saves the corpus (kept for callers that only need the corpus). */
export async function ingestSeeds(config: Config, store: GraphStore, files: readonly string[], options: IngestSeedsOptions | RuntimeOptions['onProgress'] = {}): Promise<CorpusFile> {
  const resolved = typeof options === 'function' ? { onProgress: options } : options;
  return (await ingestSources(config, store, files, resolved)).corpus;
}

/** The files of the last ingest when they are all still there, else the seeds (with a note why). */
async function filesToCheck(config: Config, corpus: CorpusFile | null, log: (message: string) => void): Promise<string[]> {
  if (!corpus?.files.length) return seedFiles(config.seedsDir);
  const missing: string[] = [];
  for (const file of corpus.files) await access(file).catch(() => missing.push(file));
  if (missing.length === 0) return corpus.files;
  log(`上次导入的文件已不存在 (${missing.join(', ')}); re-reading seeds/`);
  return seedFiles(config.seedsDir);
}

/** Opens the text indexes for both chunkings (building and saving vectors when stale). */
export async function openIndexes(config: Config, corpus: CorpusFile, onProgress?: RuntimeOptions['onProgress'], log?: (m: string) => void): Promise<OpenedIndexes> {
  const embedder = createEmbeddings({ openaiApiKey: config.OPENAI_API_KEY, openaiBaseUrl: config.OPENAI_BASE_URL, embeddingsModel: config.EMBEDDINGS_MODEL });
  // VECTOR_STORE=neo4j keeps the vectors in Neo4j vector indexes (one driver for both strategies).
  // Loaded only when used, so the embedded default never loads the Neo4j driver for vectors.
  const neo4jModules =
    config.VECTOR_STORE === 'neo4j' ? await Promise.all([import('../store/neo4j/neo4j-store.js'), import('../index/neo4j-vector-index.js')]) : undefined;
  const driver = neo4jModules?.[0].createNeo4jDriver(config);
  const openNeo4jVectorIndex = neo4jModules?.[1].openNeo4jVectorIndex;
  const neo4jVectors: Neo4jVectorIndex[] = [];
  const open = (strategy: ChunkingStrategy) =>
    openTextIndex({
      dataDir: config.dataDir,
      compilations: corpus.compilations,
      inputHash: corpus.inputHash,
      strategy,
      embeddings: embedder.embeddings,
      embedderId: embedder.id,
      onProgress,
      onWarning: log,
      ...(driver && openNeo4jVectorIndex && {
        openVector: async ({ chunks, textOf, onProgress: progress }) => {
          const index = await openNeo4jVectorIndex({ config, driver, strategy, chunks, textOf, embeddings: embedder.embeddings, embedderId: embedder.id, inputHash: corpus.inputHash, onProgress: progress, ...(log ? { onWarning: log } : {}) });
          neo4jVectors.push(index);
          return { index, origin: index.origin, reason: index.reason };
        },
      }),
    });
  try {
    const indexes = { sections: await open('sections'), fixed: await open('fixed') };
    return {
      ...indexes,
      checks: async () => Object.fromEntries(await Promise.all(neo4jVectors.map(async (index) => [`vector_${index.strategy}`, await index.check()] as const))),
      close: async () => {
        await driver?.close();
      },
    };
  } catch (error) {
    await driver?.close();
    throw error;
  }
}

/** Both text indexes, plus the readiness checks and the driver to close for Neo4j vectors. */
export interface OpenedIndexes extends Record<ChunkingStrategy, OpenedTextIndex> {
  checks(): Promise<Record<string, { ok: boolean; detail: string }>>;
  close(): Promise<void>;
}

/** Opens store, corpus and indexes and wires the service. */
export async function openRuntime(config: Config, options: RuntimeOptions): Promise<Runtime> {
  const log = options.log ?? (() => {});
  const store = await openRuntimeStore(config, options, log);
  try {
    let corpus = await loadRuntimeCorpus(config, options, log);
    // Compilations added with `park-kg ingest FILE` stay in: a stale graph is rebuilt from the same files.
    const files = await filesToCheck(config, corpus, log);
    const stale = !corpus || corpus.inputHash !== (await seedsHash(files)) || (await storeIsEmpty(store));
    let ingested = false;
    if (stale) {
      if (!options.ingestIfNeeded) throw new ParkKgError('STORE_EMPTY', 'No ingested data (or it is older than the seeds); run `npx park-kg ingest` first');
      log('首次启动或数据已过期，正在导入案例汇编…');
      corpus = await ingestSeeds(config, store, files, { onProgress: options.onProgress, onWarning: log });
      ingested = true;
    }
    const loaded = corpus!;
    const indexes = await openIndexes(config, loaded, options.onProgress, log);
    const sentences = new SentenceIndex(loaded.compilations);
    const linker = new EntityLinker((await store.exportSnapshot()).nodes);
    const writer = options.createWriter?.(config);
    const readiness = async (): Promise<Readiness> => {
      // Both checks run at once and each is bounded, so a hung dependency makes /readyz say 503
      // within READINESS_TIMEOUT_MS instead of holding the probe.
      const [vectors, storeCheck] = await Promise.all([
        withinReadinessBound(indexes.checks(), 'the vector index check').catch((error: unknown) => ({ vector: failedCheck(error) })),
        withinReadinessBound(store.ping(), 'the graph store ping').then(
          () => ({ ok: true, detail: store.kind }),
          (error: unknown) => failedCheck(error),
        ),
      ]);
      const checks: Readiness['checks'] = { index: { ok: true, detail: `${indexes.sections.chunks.length} chunks` }, ...vectors, store: storeCheck };
      return { ready: Object.values(checks).every((check) => check.ok), checks };
    };
    const service = new DefaultParkKgService({ sentences, linker, indexes, store, ...(writer ? { writer } : {}) }, readiness, config);
    const close = async () => {
      await indexes.close();
      await store.close();
    };
    return { service, store, indexes, corpus: loaded, ingested, close };
  } catch (error) {
    await store.close();
    throw error;
  }
}

/** Where the memory adapter keeps its graph (memory-store.ts), to move a damaged copy aside. */
const MEMORY_GRAPH_FILE = 'graph.json';

function isDamage(error: unknown): error is ParkKgError {
  return error instanceof ParkKgError && error.code === 'STORE_CORRUPT';
}

/**
 * The configured store. A damaged memory graph (checksum mismatch, truncated) is moved aside to
 * graph.json.damaged with a warning when start-up may ingest, so the seeds are loaded into an
 * empty store; otherwise the STORE_CORRUPT error (naming the file and the repair) stands.
 */
async function openRuntimeStore(config: Config, options: RuntimeOptions, log: (message: string) => void): Promise<GraphStore> {
  return options.ingestIfNeeded ? openStoreForIngest(config, config.GRAPH_STORE, log) : openStore(config);
}

/** Opens a store about to be rewritten by ingest: a damaged memory graph is moved aside, never a dead end. */
export async function openStoreForIngest(config: Config, kind: StoreKind, log: (message: string) => void): Promise<GraphStore> {
  try {
    return await openStore(config, kind);
  } catch (error) {
    if (!isDamage(error) || kind !== 'memory') throw error;
    const file = path.join(config.dataDir, MEMORY_GRAPH_FILE);
    try {
      await rename(file, `${file}.damaged`);
    } catch {
      throw error;
    }
    log(`数据已损坏，正在重新导入 (damaged data, re-ingesting; the old file is kept as ${file}.damaged): ${error.message}`);
    return openStore(config, kind);
  }
}

/** The last ingested corpus; a damaged one counts as missing (so it is re-ingested, with a warning) when start-up may ingest. */
async function loadRuntimeCorpus(config: Config, options: RuntimeOptions, log: (message: string) => void): Promise<CorpusFile | null> {
  try {
    return await loadCorpus(config.dataDir);
  } catch (error) {
    if (!isDamage(error) || !options.ingestIfNeeded) throw error;
    log(`数据已损坏，正在重新导入 (damaged data, re-ingesting from seeds/): ${error.message}`);
    return null;
  }
}

/** The longest a readiness check may take before it counts as failed. */
const READINESS_TIMEOUT_MS = 3_000;

async function withinReadinessBound<T>(check: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${READINESS_TIMEOUT_MS} ms`)), READINESS_TIMEOUT_MS);
  });
  try {
    return await Promise.race([check, expired]);
  } finally {
    clearTimeout(timer);
  }
}

function failedCheck(error: unknown): { ok: false; detail: string } {
  return { ok: false, detail: error instanceof Error ? error.message : String(error) };
}

async function storeIsEmpty(store: GraphStore): Promise<boolean> {
  try {
    return ((await store.stats()).labels.Case ?? 0) === 0;
  } catch (error) {
    if (error instanceof ParkKgError && error.code === 'STORE_EMPTY') return true;
    throw error;
  }
}
