// Embeds the chunks in batches and writes them as (:Chunk:Chunk_<strategy>) nodes with their
// vectors, prunes chunk nodes of earlier ingests, then commits the meta node.
import { randomUUID } from 'node:crypto';
import type { Embeddings } from '@langchain/core/embeddings';
import neo4j from 'neo4j-driver';
import { ParkKgError } from '../errors.js';
import { isCorpusFitting } from './corpus-fitting.js';
import { countChunkNodes, fingerprint, markBuilding, NEO4J_VECTOR_FORMAT, runWrite, writeMeta } from './neo4j-vector-meta.js';
import { awaitVectorIndex, EMBEDDING_PROPERTY, ensureVectorSchema, type Neo4jVectorSettings, type VectorSchemaNames } from './neo4j-vector-schema.js';
import type { Chunk } from './types.js';
import { embedderCall } from './vector-index.js';

/** Stale chunk nodes deleted per transaction. */
const PRUNE_BATCH = 1_000;

/** Everything a build needs; the caller has decided that the stored vectors cannot be reused. */
export interface BuildNeo4jVectorsInput {
  settings: Neo4jVectorSettings;
  names: VectorSchemaNames;
  chunks: readonly Chunk[];
  texts: readonly string[];
  embeddings: Embeddings;
  embedderId: string;
  inputHash: string;
  quantization: boolean;
  batchSize: number;
  onProgress?: (done: number, total: number) => void;
}

/** The result of a build: the embedder queries must use (the fitted copy) and the vector size. */
export interface BuiltNeo4jVectors {
  queryEmbeddings: Embeddings;
  dimensions: number;
}

/**
 * Embeds batch by batch and writes each batch in its own transaction, so memory stays flat for
 * large corpora and progress is real. The first batch is embedded before anything is written: an
 * embedder that fails at once leaves the stored vectors untouched. A build that dies later leaves
 * the meta node at status 'building', so the next open rebuilds instead of serving half an index.
 */
export async function buildNeo4jVectors(input: BuildNeo4jVectorsInput): Promise<BuiltNeo4jVectors> {
  const { settings, names, chunks, texts } = input;
  if (texts.length === 0) throw new ParkKgError('INPUT_INVALID', 'Nothing to index: the corpus produced no chunks');
  let embeddings = input.embeddings;
  let embedderState: unknown = null;
  if (isCorpusFitting(embeddings)) ({ embeddings, state: embedderState } = embeddings.fitToCorpus(texts));
  const buildId = randomUUID();
  const upsert = upsertQuery(names);
  let dimensions = 0;
  input.onProgress?.(0, texts.length);
  for (let start = 0; start < texts.length; start += input.batchSize) {
    const batch = texts.slice(start, start + input.batchSize);
    const vectors = await embedderCall(input.embedderId, () => embeddings.embedDocuments(batch));
    if (vectors.length !== batch.length) throw new ParkKgError('INPUT_INVALID', `Embedder returned ${vectors.length} vectors for ${batch.length} texts`);
    if (start === 0) {
      dimensions = vectors[0]?.length ?? 0;
      await markBuilding(settings, names, buildId);
      await ensureVectorSchema(settings, names, { dimensions, quantization: input.quantization });
    }
    const rows = vectors.map((vector, offset) => {
      const chunk = chunks[start + offset]!;
      checkVector(vector, dimensions, input.embedderId, chunk.id);
      return {
        id: chunk.id,
        caseNumber: neo4j.int(chunk.caseNumber),
        section: chunk.section,
        sentenceIds: chunk.sentenceIds,
        text: chunk.text,
        embedding: Array.from(vector),
      };
    });
    await runWrite(settings, upsert, { rows, strategy: names.strategy, buildId });
    input.onProgress?.(start + batch.length, texts.length);
  }
  await pruneStale(settings, names, buildId);
  const stored = await countChunkNodes(settings, names);
  if (stored !== chunks.length) {
    throw new ParkKgError('STORE_CORRUPT', `Neo4j holds ${stored} ${names.label} nodes after writing ${chunks.length}; was another ingest running?`);
  }
  await awaitVectorIndex(settings, names);
  await writeMeta(settings, names, {
    version: NEO4J_VECTOR_FORMAT,
    strategy: names.strategy,
    status: 'complete',
    buildId,
    embedderId: input.embedderId,
    dimensions,
    inputHash: input.inputHash,
    ...fingerprint(chunks, texts),
    embedderState: embedderState === null ? null : JSON.stringify(embedderState),
  });
  return { queryEmbeddings: embeddings, dimensions };
}

/**
 * MERGE by id under the strategy label (the uniqueness constraint's index makes it a lookup).
 * db.create.setNodeVectorProperty stores 32-bit floats (half the size of a Cypher list of floats)
 * and checks the values; Neo4j 5.26 indexes both forms at commit, so writes are searchable at once.
 */
function upsertQuery(names: VectorSchemaNames): string {
  return [
    'UNWIND $rows AS row',
    `MERGE (c:${names.label} {id: row.id})`,
    'SET c:Chunk, c.strategy = $strategy, c.caseNumber = row.caseNumber, c.section = row.section,',
    '  c.sentenceIds = row.sentenceIds, c.text = row.text, c.buildId = $buildId',
    'WITH c, row',
    `CALL db.create.setNodeVectorProperty(c, '${EMBEDDING_PROPERTY}', row.embedding)`,
  ].join('\n');
}

/** Deletes chunk nodes this build did not write (older ingests, other chunkings of the past). */
async function pruneStale(settings: Neo4jVectorSettings, names: VectorSchemaNames, buildId: string): Promise<void> {
  const query = [
    `MATCH (c:${names.label}) WHERE c.buildId IS NULL OR c.buildId <> $buildId`,
    'WITH c LIMIT $limit',
    'DETACH DELETE c',
    'RETURN count(*) AS deleted',
  ].join('\n');
  for (;;) {
    const [row] = await runWrite(settings, query, { buildId, limit: neo4j.int(PRUNE_BATCH) });
    const deleted = row?.deleted;
    if (!(neo4j.isInt(deleted) ? deleted.toNumber() > 0 : Number(deleted) > 0)) return;
  }
}

// Neo4j silently leaves zero, non-finite or wrongly sized vectors out of the index; refuse them here.
function checkVector(vector: readonly number[], dimensions: number, embedderId: string, chunkId: string): void {
  if (vector.length !== dimensions || !vector.every(Number.isFinite) || !vector.some((value) => value !== 0)) {
    throw new ParkKgError('INPUT_INVALID', `Embedder "${embedderId}" returned an unusable vector for chunk ${chunkId}`);
  }
}
