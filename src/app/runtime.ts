// Builds everything a running product needs from configuration, ingesting first when the data
// under DATA_DIR is missing or older than the seeds.
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { AnswerWriter } from '../answer/answer-question.js';
import type { Config } from '../config/config.js';
import { readSourceText } from '../corpus/read-source.js';
import { ParkKgError } from '../errors.js';
import { loadAliasTable } from '../extract/alias-table.js';
import { RuleExtractor } from '../extract/rule-extractor.js';
import { createEmbeddings } from '../index/embeddings-factory.js';
import { openTextIndex, type OpenedTextIndex } from '../index/text-index.js';
import type { ChunkingStrategy } from '../index/types.js';
import { loadCorpus, saveCorpus, type CorpusFile } from '../pipeline/corpus-file.js';
import { ingest, PIPELINE_VERSION, seedFiles, type IngestProgress } from '../pipeline/ingest.js';
import { EntityLinker } from '../retrieve/entity-linker.js';
import { SentenceIndex } from '../retrieve/sentence-index.js';
import type { GraphStore } from '../store/graph-store.js';
import { openStore } from '../store/open-store.js';
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

/** Hash of the seed texts, compared with the one the last ingest recorded. */
export async function seedsHash(files: readonly string[]): Promise<string> {
  const hash = createHash('sha256').update(PIPELINE_VERSION);
  for (const file of files) hash.update(await readSourceText(file));
  return hash.digest('hex');
}

/** Runs ingest into `store` and saves the corpus; shared by the CLI and start-up. */
export async function ingestSeeds(config: Config, store: GraphStore, files: readonly string[], onProgress?: RuntimeOptions['onProgress']): Promise<CorpusFile> {
  const aliases = await loadAliasTable(path.join(config.seedsDir, 'aliases.json'));
  const result = await ingest({ files, store, extractors: [new RuleExtractor()], aliases, onProgress });
  const corpus: CorpusFile = { inputHash: result.inputHash, files: [...files], compilations: result.compilations };
  await saveCorpus(config.dataDir, corpus);
  return corpus;
}

/** Opens the text indexes for both chunkings (building and saving vectors when stale). */
export async function openIndexes(config: Config, corpus: CorpusFile, onProgress?: RuntimeOptions['onProgress'], log?: (m: string) => void) {
  const embedder = createEmbeddings({ openaiApiKey: config.OPENAI_API_KEY, openaiBaseUrl: config.OPENAI_BASE_URL, embeddingsModel: config.EMBEDDINGS_MODEL });
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
    });
  return { sections: await open('sections'), fixed: await open('fixed') };
}

/** Opens store, corpus and indexes and wires the service. */
export async function openRuntime(config: Config, options: RuntimeOptions): Promise<Runtime> {
  const log = options.log ?? (() => {});
  const store = await openStore(config);
  try {
    let corpus = await loadCorpus(config.dataDir);
    const files = corpus?.files.length ? corpus.files : await seedFiles(config.seedsDir);
    const stale = !corpus || corpus.inputHash !== (await seedsHash(files)) || (await storeIsEmpty(store));
    let ingested = false;
    if (stale) {
      if (!options.ingestIfNeeded) throw new ParkKgError('STORE_EMPTY', 'No ingested data (or it is older than the seeds); run `npx park-kg ingest` first');
      log('首次启动或数据已过期，正在导入案例汇编…');
      corpus = await ingestSeeds(config, store, await seedFiles(config.seedsDir), options.onProgress);
      ingested = true;
    }
    const loaded = corpus!;
    const indexes = await openIndexes(config, loaded, options.onProgress, log);
    const sentences = new SentenceIndex(loaded.compilations);
    const linker = new EntityLinker((await store.exportSnapshot()).nodes);
    const writer = options.createWriter?.(config);
    const readiness = async (): Promise<Readiness> => {
      const checks: Readiness['checks'] = { index: { ok: true, detail: `${indexes.sections.chunks.length} chunks` } };
      try {
        await store.ping();
        checks.store = { ok: true, detail: store.kind };
      } catch (error) {
        checks.store = { ok: false, detail: error instanceof Error ? error.message : String(error) };
      }
      return { ready: Object.values(checks).every((check) => check.ok), checks };
    };
    const service = new DefaultParkKgService({ sentences, linker, indexes, store, ...(writer ? { writer } : {}) }, readiness);
    return { service, store, indexes, corpus: loaded, ingested, close: () => store.close() };
  } catch (error) {
    await store.close();
    throw error;
  }
}

async function storeIsEmpty(store: GraphStore): Promise<boolean> {
  try {
    return ((await store.stats()).labels.Case ?? 0) === 0;
  } catch (error) {
    if (error instanceof ParkKgError && error.code === 'STORE_EMPTY') return true;
    throw error;
  }
}
