// Labels, constraints and the vector index of the Neo4j chunk store, one set per chunking strategy.
import neo4j, { type Driver, type ManagedTransaction } from 'neo4j-driver';
import { ParkKgError } from '../errors.js';
import type { Neo4jErrorContext } from '../store/neo4j/neo4j-errors.js';
import { runRead } from '../store/neo4j/neo4j-read.js';
import type { ChunkingStrategy } from './types.js';

/** Where and how long the chunk store may work, and what its error messages may name. */
export interface Neo4jVectorSettings {
  driver: Driver;
  database: string;
  timeoutMs: number;
  context: Neo4jErrorContext;
}

/**
 * Names spliced into Cypher for one strategy. Chunk nodes carry `Chunk` (for Browser users) and
 * `Chunk_<strategy>` (what the index and constraint cover), never `Entity`, so a graph replaceAll,
 * which prunes only `Entity` nodes, leaves them alone. One index per strategy: queryNodes in 5.26
 * cannot pre-filter, and post-filtering one shared index would return fewer than k hits.
 */
export interface VectorSchemaNames {
  strategy: ChunkingStrategy;
  label: string;
  index: string;
  constraint: string;
}

/** How the HNSW graph is built; part of what must match for the stored index to be reused. */
export interface VectorIndexTuning {
  dimensions: number;
  /** int8 quantisation: 4x less memory, approximate scores; off keeps scores equal to hnswlib's. */
  quantization: boolean;
}

/** The strategies the store knows; labels are built only from this closed list, never from input. */
const STRATEGIES: readonly ChunkingStrategy[] = ['sections', 'fixed'];
/** Same HNSW parameters as the hnswlib index (m 16, efConstruction 200), so both find the same neighbours. */
const HNSW_M = 16;
const HNSW_EF_CONSTRUCTION = 200;
/** How long an index may take to populate (after CREATE, or after a restart) before opening fails. */
const POPULATION_BUDGET_MS = 300_000;
const POLL_MS = 200;
/** Neo4j 5.26 accepts 1..4096 dimensions. */
const MAX_DIMENSIONS = 4096;

/** Meta nodes hold one row per strategy: what was embedded, with which embedder, and its fitted state. */
export const META_LABEL = 'VectorIndexMeta';
/** The node property holding the vector. */
export const EMBEDDING_PROPERTY = 'embedding';

/** The names for `strategy`; anything outside the closed list is a programming error. */
export function vectorSchemaNames(strategy: ChunkingStrategy): VectorSchemaNames {
  if (!STRATEGIES.includes(strategy) || !/^[a-z]+$/.test(strategy)) {
    throw new ParkKgError('INTERNAL', `Unknown chunking strategy ${JSON.stringify(strategy)} for the Neo4j vector store`, { retryable: false });
  }
  return { strategy, label: `Chunk_${strategy}`, index: `chunk_embedding_${strategy}`, constraint: `chunk_id_${strategy}` };
}

/**
 * The CREATE statement, built from validated integers and booleans only: index options cannot be
 * parameters in every Neo4j 5 version. `IF NOT EXISTS` is silently a no-op when any index covers
 * the same label and property, so ensureVectorIndex checks what exists afterwards.
 */
export function createVectorIndexStatement(names: VectorSchemaNames, tuning: VectorIndexTuning): string {
  const { dimensions, quantization } = tuning;
  if (!Number.isInteger(dimensions) || dimensions < 1 || dimensions > MAX_DIMENSIONS) {
    throw new ParkKgError('INPUT_INVALID', `Vectors of ${String(dimensions)} dimensions cannot be indexed by Neo4j (1..${MAX_DIMENSIONS})`);
  }
  const config = [
    `\`vector.dimensions\`: ${dimensions}`,
    "`vector.similarity_function`: 'cosine'",
    `\`vector.quantization.enabled\`: ${quantization === true}`,
    `\`vector.hnsw.m\`: ${HNSW_M}`,
    `\`vector.hnsw.ef_construction\`: ${HNSW_EF_CONSTRUCTION}`,
  ].join(', ');
  return `CREATE VECTOR INDEX ${names.index} IF NOT EXISTS FOR (c:${names.label}) ON (c.${EMBEDDING_PROPERTY}) OPTIONS { indexConfig: { ${config} } }`;
}

/** A vector index as SHOW VECTOR INDEXES describes it. */
export interface VectorIndexState {
  name: string;
  state: string;
  populationPercent: number;
  labels: string[];
  properties: string[];
  config: Record<string, unknown>;
}

/** Our index for `names`, or null when it does not exist. */
export async function readVectorIndexState(settings: Neo4jVectorSettings, names: VectorSchemaNames): Promise<VectorIndexState | null> {
  const indexes = await runRead(settings, 'vector-index-state', (tx) => showVectorIndexes(tx));
  return indexes.find((index) => index.name === names.index) ?? null;
}

/** Why the existing index cannot serve vectors of `tuning`, or null when it can (ONLINE not required). */
export function indexMismatch(index: VectorIndexState | null, names: VectorSchemaNames, tuning: VectorIndexTuning): string | null {
  if (!index) return `vector index ${names.index} is missing`;
  if (index.labels.join() !== names.label || index.properties.join() !== EMBEDDING_PROPERTY) {
    return `vector index ${names.index} covers ${index.labels.join()}.${index.properties.join()}`;
  }
  const dimensions = plainNumber(index.config['vector.dimensions']);
  if (dimensions !== tuning.dimensions) return `vector index ${names.index} holds ${dimensions}-dimensional vectors, not ${tuning.dimensions}`;
  if (String(index.config['vector.similarity_function']).toLowerCase() !== 'cosine') return `vector index ${names.index} does not use cosine similarity`;
  const quantized = index.config['vector.quantization.enabled'];
  if (quantized !== undefined && quantized !== tuning.quantization) return `vector index ${names.index} has quantization ${String(quantized)}`;
  if (index.state === 'FAILED') return `vector index ${names.index} is FAILED`;
  return null;
}

/**
 * Creates the constraints and the vector index, dropping any vector index on our label that does
 * not fit (other dimensions, quantisation, name): Neo4j repopulates a recreated index from the
 * stored vectors, so a tuning change needs no re-embedding. Waits until the index is ONLINE.
 */
export async function ensureVectorSchema(settings: Neo4jVectorSettings, names: VectorSchemaNames, tuning: VectorIndexTuning): Promise<void> {
  const createIndex = createVectorIndexStatement(names, tuning);
  const session = settings.driver.session({ database: settings.database, defaultAccessMode: 'WRITE' });
  const write = (statement: string) =>
    session.executeWrite((tx) => tx.run(statement), { timeout: settings.timeoutMs, metadata: { app: 'park-kg', step: 'vector-schema' } });
  try {
    await write(`CREATE CONSTRAINT ${names.constraint} IF NOT EXISTS FOR (c:${names.label}) REQUIRE c.id IS UNIQUE`);
    await write(`CREATE CONSTRAINT vector_index_meta_strategy IF NOT EXISTS FOR (m:${META_LABEL}) REQUIRE m.strategy IS UNIQUE`);
    const existing = await session.executeRead((tx) => showVectorIndexes(tx), { timeout: settings.timeoutMs });
    for (const index of existing) {
      const ours = index.name === names.index || index.labels.includes(names.label);
      if (ours && (index.name !== names.index || indexMismatch(index, names, tuning) !== null)) await write(`DROP INDEX ${quoteName(index.name)} IF EXISTS`);
    }
    await write(createIndex);
  } finally {
    await session.close();
  }
  const created = await readVectorIndexState(settings, names);
  const problem = indexMismatch(created, names, tuning);
  if (problem) throw new ParkKgError('STORE_CORRUPT', `Could not create ${names.index} in Neo4j: ${problem}`);
  await awaitVectorIndex(settings, names);
}

/**
 * Polls SHOW VECTOR INDEXES until the index is ONLINE. Population of a recreated index over many
 * stored vectors can outlast one transaction (and the server's transaction timeout), so this
 * polls in short reads within `budgetMs` instead of one long db.awaitIndex call.
 */
export async function awaitVectorIndex(settings: Neo4jVectorSettings, names: VectorSchemaNames, budgetMs = POPULATION_BUDGET_MS): Promise<void> {
  const deadline = Date.now() + budgetMs;
  for (;;) {
    const index = await readVectorIndexState(settings, names);
    if (!index || index.state === 'FAILED') {
      throw new ParkKgError('STORE_CORRUPT', `Neo4j vector index ${names.index} is ${index ? 'FAILED' : 'missing'}; run \`npx park-kg ingest\` to rebuild it`);
    }
    if (index.state === 'ONLINE') return;
    if (Date.now() >= deadline) {
      throw new ParkKgError('STORE_UNAVAILABLE', `Neo4j vector index ${names.index} is still ${index.state} (${index.populationPercent}%) after ${Math.round(budgetMs / 1000)} s`);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

async function showVectorIndexes(tx: ManagedTransaction): Promise<VectorIndexState[]> {
  const result = await tx.run('SHOW VECTOR INDEXES YIELD name, state, populationPercent, labelsOrTypes, properties, options');
  return result.records.map((record) => {
    const options = (record.get('options') ?? {}) as { indexConfig?: Record<string, unknown> };
    return {
      name: String(record.get('name')),
      state: String(record.get('state')),
      populationPercent: plainNumber(record.get('populationPercent')),
      labels: (record.get('labelsOrTypes') as string[] | null) ?? [],
      properties: (record.get('properties') as string[] | null) ?? [],
      config: options.indexConfig ?? {},
    };
  });
}

/** A number from a record, whether or not the driver was created with disableLosslessIntegers. */
export function plainNumber(value: unknown): number {
  return neo4j.isInt(value) ? value.toNumber() : Number(value);
}

// Index names come from the database here, not from our closed list; quote them as identifiers.
function quoteName(name: string): string {
  return `\`${name.replaceAll('`', '``')}\``;
}
