// The (:VectorIndexMeta {strategy}) node: what the stored chunk vectors were built from, so a
// restart reuses them only when corpus, chunking, indexed text and embedder are all unchanged.
import { createHash } from 'node:crypto';
import neo4j from 'neo4j-driver';
import { ParkKgError } from '../errors.js';
import { runRead } from '../store/neo4j/neo4j-read.js';
import { META_LABEL, plainNumber, type Neo4jVectorSettings, type VectorSchemaNames } from './neo4j-vector-schema.js';
import type { Chunk } from './types.js';

/** Bumped when the stored layout changes; any other version means rebuild. */
export const NEO4J_VECTOR_FORMAT = 1;

/** What identifies the chunks and texts of one run, compared with the stored meta. */
export interface ChunkFingerprint {
  chunkCount: number;
  chunkIdsHash: string;
  textsHash: string;
}

/** The meta node's properties. `embedderState` is the fitted state as JSON (~300-400 KB for idf). */
export interface Neo4jVectorMeta extends ChunkFingerprint {
  version: number;
  strategy: string;
  /** 'building' from the first write of a build until its last; a crash leaves it there. */
  status: 'building' | 'complete';
  buildId: string;
  embedderId: string;
  dimensions: number;
  inputHash: string;
  embedderState: string | null;
  embedderStateHash: string | null;
}

/** What readMeta finds: the meta (null when none) and how many chunk nodes the label holds. */
export interface StoredVectors {
  meta: Neo4jVectorMeta | null;
  chunkNodes: number;
}

/** sha256 of ids and texts, with the same texts digest as the hnswlib meta.json. */
export function fingerprint(chunks: readonly Chunk[], texts: readonly string[]): ChunkFingerprint {
  return {
    chunkCount: chunks.length,
    chunkIdsHash: digest(chunks.map((chunk) => chunk.id).join('\n')),
    textsHash: digest(texts.join('\u0000')),
  };
}

/** The run's inputs next to the stored meta: why the vectors cannot be reused, or null when they can. */
export function staleness(meta: Neo4jVectorMeta, wanted: ChunkFingerprint & { embedderId: string; inputHash: string }): string | null {
  if (meta.version !== NEO4J_VECTOR_FORMAT) return `saved with format ${String(meta.version)}`;
  if (meta.status !== 'complete') return 'an earlier build did not finish';
  if (meta.embedderId !== wanted.embedderId) return `built with embedder "${meta.embedderId}", configured "${wanted.embedderId}"`;
  if (meta.inputHash !== wanted.inputHash) return 'corpus changed';
  if (meta.chunkCount !== wanted.chunkCount || meta.chunkIdsHash !== wanted.chunkIdsHash) return 'chunks changed';
  if (meta.textsHash !== wanted.textsHash) return 'indexed text changed';
  return null;
}

/** Reads the meta node and the chunk count (a count-store lookup) in one READ transaction. */
export async function readMeta(settings: Neo4jVectorSettings, names: VectorSchemaNames): Promise<StoredVectors> {
  return runRead(settings, 'vector-meta', async (tx) => {
    const metaRows = await tx.run(`MATCH (m:${META_LABEL} {strategy: $strategy}) RETURN properties(m) AS meta`, { strategy: names.strategy });
    const countRows = await tx.run(`MATCH (c:${names.label}) RETURN count(c) AS n`);
    const properties = metaRows.records[0]?.get('meta') as Record<string, unknown> | undefined;
    return { meta: properties ? parseMeta(properties, names) : null, chunkNodes: plainNumber(countRows.records[0]?.get('n') ?? 0) };
  });
}

/** Chunk nodes currently stored for the strategy (readiness checks this against the chunk list). */
export async function countChunkNodes(settings: Neo4jVectorSettings, names: VectorSchemaNames): Promise<number> {
  const result = await runRead(settings, 'vector-count', (tx) => tx.run(`MATCH (c:${names.label}) RETURN count(c) AS n`));
  return plainNumber(result.records[0]?.get('n') ?? 0);
}

/** Marks the start of a build, before anything else is written, so a crash is seen as one. */
export async function markBuilding(settings: Neo4jVectorSettings, names: VectorSchemaNames, buildId: string): Promise<void> {
  await runWrite(settings, `MERGE (m:${META_LABEL} {strategy: $strategy}) SET m.status = 'building', m.buildId = $buildId, m.version = $version, m.updatedAt = datetime()`, {
    strategy: names.strategy,
    buildId,
    version: neo4j.int(NEO4J_VECTOR_FORMAT),
  });
}

/** The commit point of a build: written last, after every vector and the pruning. */
export async function writeMeta(settings: Neo4jVectorSettings, names: VectorSchemaNames, meta: Omit<Neo4jVectorMeta, 'embedderStateHash'>): Promise<void> {
  const properties = {
    ...meta,
    version: neo4j.int(meta.version),
    dimensions: neo4j.int(meta.dimensions),
    chunkCount: neo4j.int(meta.chunkCount),
    embedderStateHash: meta.embedderState === null ? null : digest(meta.embedderState),
  };
  await runWrite(settings, `MERGE (m:${META_LABEL} {strategy: $strategy}) SET m += $properties, m.updatedAt = datetime()`, {
    strategy: names.strategy,
    properties,
  });
}

/** The fitted embedder state the meta carries; STORE_CORRUPT when it does not match its hash or is not JSON. */
export function storedEmbedderState(meta: Neo4jVectorMeta, where: string): unknown {
  if (meta.embedderState === null) return null;
  if (digest(meta.embedderState) !== meta.embedderStateHash) throw corruptMeta(where, 'the saved embedder state does not match its checksum');
  try {
    return JSON.parse(meta.embedderState) as unknown;
  } catch {
    throw corruptMeta(where, 'the saved embedder state is not JSON');
  }
}

/** The error for a store that cannot be used as it is; openNeo4jVectorIndex rebuilds or reports it. */
export function corruptMeta(where: string, why: string): ParkKgError {
  return new ParkKgError('STORE_CORRUPT', `${where}: ${why}; run \`npx park-kg ingest\` to rebuild it`);
}

/** One write transaction with the store's timeout, tagged for the query log. */
export async function runWrite(settings: Neo4jVectorSettings, query: string, parameters: Record<string, unknown>): Promise<Record<string, unknown>[]> {
  const session = settings.driver.session({ database: settings.database, defaultAccessMode: 'WRITE' });
  try {
    const result = await session.executeWrite((tx) => tx.run(query, parameters), {
      timeout: settings.timeoutMs,
      metadata: { app: 'park-kg', step: 'vector-write' },
    });
    return result.records.map((record) => record.toObject() as Record<string, unknown>);
  } finally {
    await session.close();
  }
}

function parseMeta(properties: Record<string, unknown>, names: VectorSchemaNames): Neo4jVectorMeta {
  const text = (key: string): string => {
    const value = properties[key];
    if (typeof value !== 'string') throw corruptMeta(`Neo4j ${META_LABEL} {strategy: '${names.strategy}'}`, `property ${key} is missing`);
    return value;
  };
  const optionalText = (key: string): string | null => (typeof properties[key] === 'string' ? (properties[key] as string) : null);
  const status = optionalText('status') === 'complete' ? 'complete' : 'building';
  const dimensions = plainNumber(properties.dimensions);
  if (status === 'complete' && !(Number.isInteger(dimensions) && dimensions > 0)) {
    throw corruptMeta(`Neo4j ${META_LABEL} {strategy: '${names.strategy}'}`, `property dimensions is ${String(properties.dimensions)}`);
  }
  return {
    version: plainNumber(properties.version),
    strategy: names.strategy,
    status,
    buildId: optionalText('buildId') ?? '',
    // A build that never finished has only status and buildId; its other fields do not matter.
    embedderId: status === 'complete' ? text('embedderId') : (optionalText('embedderId') ?? ''),
    dimensions,
    inputHash: optionalText('inputHash') ?? '',
    chunkCount: plainNumber(properties.chunkCount),
    chunkIdsHash: optionalText('chunkIdsHash') ?? '',
    textsHash: optionalText('textsHash') ?? '',
    embedderState: optionalText('embedderState'),
    embedderStateHash: optionalText('embedderStateHash'),
  };
}

function digest(data: string): string {
  return createHash('sha256').update(data).digest('hex');
}
