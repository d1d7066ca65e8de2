// VECTOR_STORE=neo4j on a real Neo4j: the shared retrieval contract with hnswlib as the reference it
// must agree with, then what only this store has (nodes, meta, pruning, damage, graph coexistence).
import path from 'node:path';
import neo4j, { type Driver } from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chunkCompilations } from '../../src/index/chunker.js';
import { HashingEmbeddings } from '../../src/index/hashing-embeddings.js';
import { openNeo4jVectorIndex, type OpenNeo4jVectorIndexOptions } from '../../src/index/neo4j-vector-index.js';
import type { Chunk, ChunkingStrategy } from '../../src/index/types.js';
import { openVectorIndex } from '../../src/index/vector-index-store.js';
import { openNeo4jStore } from '../../src/store/neo4j/neo4j-store.js';
import { neo4jConfig, neo4jUnavailableReason } from '../support/neo4j-availability.js';
import { realGraph } from '../support/real-graph.js';
import { realCorpus, tempDataDir } from './real-corpus.js';
import { vectorSearchContract } from './vector-search.case.js';

const skipReason = await neo4jUnavailableReason('neo4j-vector-contract.int.test');
const temp = await tempDataDir();
afterAll(() => temp.cleanup());

vectorSearchContract(
  'neo4j',
  async (input) => {
    const index = await openNeo4jVectorIndex({ config: neo4jConfig, strategy: 'sections', ...input });
    return { index, origin: index.origin, close: () => index.close() };
  },
  {
    skipReason,
    reference: { name: 'hnswlib', open: async (input) => (await openVectorIndex({ dir: path.join(temp.dir, 'reference'), ...input })).index },
  },
);

describe.skipIf(skipReason !== '')('Neo4j vector store', () => {
  const hashing = new HashingEmbeddings();
  let driver: Driver;
  let inputHash: string;
  const chunksOf: Partial<Record<ChunkingStrategy, Chunk[]>> = {};

  /** Cypher through a real driver, to inspect and damage what the store wrote. */
  const cypher = async (query: string, parameters: Record<string, unknown> = {}) =>
    (await driver.executeQuery(query, parameters, { database: neo4jConfig.NEO4J_DATABASE })).records.map((record) => record.toObject());
  const count = async (label: string) => Number((await cypher(`MATCH (c:${label}) RETURN count(c) AS n`))[0]?.n);

  /** Options for one strategy; the events record progress calls and warnings. */
  function setup(strategy: ChunkingStrategy, overrides: Partial<OpenNeo4jVectorIndexOptions> = {}) {
    const events = { progress: 0, warnings: [] as string[] };
    const options: OpenNeo4jVectorIndexOptions = {
      config: neo4jConfig,
      driver,
      strategy,
      chunks: chunksOf[strategy]!,
      embeddings: hashing,
      embedderId: hashing.id,
      inputHash,
      onProgress: () => (events.progress += 1),
      onWarning: (message) => events.warnings.push(message),
      ...overrides,
    };
    return { options, events };
  }

  beforeAll(async () => {
    const corpus = await realCorpus();
    inputHash = corpus.inputHash;
    for (const strategy of ['sections', 'fixed'] as const) chunksOf[strategy] = chunkCompilations(corpus.compilations, strategy);
    driver = neo4j.driver(neo4jConfig.NEO4J_URI, neo4j.auth.basic(neo4jConfig.NEO4J_USER, neo4jConfig.NEO4J_PASSWORD), { disableLosslessIntegers: true });
    await cypher("MATCH (n) WHERE n:Chunk_sections OR n:Chunk_fixed OR n:VectorIndexMeta DETACH DELETE n");
    await cypher('DROP INDEX chunk_embedding_sections IF EXISTS');
    await cypher('DROP INDEX chunk_embedding_fixed IF EXISTS');
  });

  afterAll(async () => {
    await driver?.close();
  });

  it('builds from nothing: Chunk nodes (no Entity label), an ONLINE cosine index, meta with the fitted embedder state', async () => {
    const { options, events } = setup('sections');
    const index = await openNeo4jVectorIndex(options);
    const chunks = chunksOf.sections!;
    expect(index).toMatchObject({ origin: 'built', reason: 'no saved index', dimensions: 768, indexName: 'chunk_embedding_sections' });
    expect(events.progress).toBe(1 + Math.ceil(chunks.length / 64));
    expect(await count('Chunk_sections')).toBe(chunks.length);
    const [node] = await cypher('MATCH (c:Chunk_sections {id: $id}) RETURN labels(c) AS labels, properties(c) AS p, valueType(c.caseNumber) AS caseType', { id: chunks[5]!.id });
    expect([...(node!.labels as string[])].sort()).toEqual(['Chunk', 'Chunk_sections']);
    expect(node!.p).toMatchObject({ strategy: 'sections', caseNumber: chunks[5]!.caseNumber, section: chunks[5]!.section, sentenceIds: chunks[5]!.sentenceIds, text: chunks[5]!.text });
    expect(node!.caseType).toBe('INTEGER NOT NULL');
    expect((node!.p as { embedding: number[] }).embedding).toHaveLength(768);
    const [meta] = await cypher("MATCH (m:VectorIndexMeta {strategy: 'sections'}) RETURN m.status AS status, m.embedderId AS embedder, size(m.embedderState) AS stateSize");
    expect(meta).toMatchObject({ status: 'complete', embedder: hashing.id });
    expect(meta!.stateSize).toBeGreaterThan(100_000);
    const [config] = await cypher("SHOW VECTOR INDEXES YIELD name, state, options WHERE name = 'chunk_embedding_sections' RETURN state, options.indexConfig AS c");
    expect(config).toMatchObject({ state: 'ONLINE', c: { 'vector.dimensions': 768, 'vector.similarity_function': 'COSINE', 'vector.quantization.enabled': false } });
    expect(await index.check()).toEqual({ ok: true, detail: `chunk_embedding_sections ONLINE, ${chunks.length}/${chunks.length} chunks` });
    const reopened = await openNeo4jVectorIndex(setup('sections').options);
    expect(reopened.origin).toBe('loaded');
    expect(await reopened.search('海智计划', 3)).toEqual(await index.search('海智计划', 3));
  });

  it('survives a graph replaceAll, and the graph store does not see chunk nodes', async () => {
    const store = await openNeo4jStore(neo4jConfig);
    try {
      await store.replaceAll((await realGraph()).snapshot);
      expect(Object.keys((await store.stats()).labels)).not.toContain('Chunk');
      expect((await store.exportSnapshot()).nodes.some((node) => node.id.startsWith('c0'))).toBe(false);
    } finally {
      await store.close();
    }
    expect(await count('Chunk_sections')).toBe(chunksOf.sections!.length);
    const { options, events } = setup('sections');
    expect((await openNeo4jVectorIndex(options)).origin).toBe('loaded');
    expect(events).toEqual({ progress: 0, warnings: [] });
  });

  it('keeps strategies apart and removes chunk nodes of older ingests', async () => {
    const fixed = await openNeo4jVectorIndex(setup('fixed').options);
    expect(fixed.origin).toBe('built');
    expect(await count('Chunk_fixed')).toBe(chunksOf.fixed!.length);
    expect((await fixed.search('启悦私享会', 1))[0]?.chunk.id).toMatch(/^c04-f-/);
    const older = await openNeo4jVectorIndex(setup('sections', { chunks: chunksOf.sections!.slice(0, 100), inputHash: 'older-corpus' }).options);
    expect(older).toMatchObject({ origin: 'built', reason: 'corpus changed' });
    expect(await count('Chunk_sections')).toBe(100);
    expect(await count('Chunk_fixed')).toBe(chunksOf.fixed!.length);
    const current = await openNeo4jVectorIndex(setup('sections').options);
    expect(current).toMatchObject({ origin: 'built', reason: 'corpus changed' });
    expect(await count('Chunk_sections')).toBe(chunksOf.sections!.length);
  });

  it('rebuilds for another embedder when allowed, recreating the index with its dimensions', async () => {
    const other = new HashingEmbeddings({ dimensions: 256 });
    const rebuilt = await openNeo4jVectorIndex(setup('fixed', { embeddings: other, embedderId: other.id }).options);
    expect(rebuilt).toMatchObject({ origin: 'built', reason: `built with embedder "${hashing.id}", configured "${other.id}"`, dimensions: 256 });
    const [config] = await cypher("SHOW VECTOR INDEXES YIELD name, options WHERE name = 'chunk_embedding_fixed' RETURN options.indexConfig AS c");
    expect(config).toMatchObject({ c: { 'vector.dimensions': 256 } });
    expect((await rebuilt.search('启悦私享会', 1))[0]?.chunk.caseNumber).toBe(4);
    await expect(openNeo4jVectorIndex(setup('fixed', { allowRebuild: false }).options)).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
  });

  it('detects missing chunk nodes: warns and rebuilds, or reports STORE_CORRUPT when serving', async () => {
    await cypher('MATCH (c:Chunk_sections) WITH c LIMIT 5 DETACH DELETE c');
    await expect(openNeo4jVectorIndex(setup('sections', { allowRebuild: false }).options)).rejects.toMatchObject({
      code: 'STORE_CORRUPT',
      message: expect.stringMatching(/holds \d+ nodes, expected \d+.*npx park-kg ingest/s),
    });
    const { options, events } = setup('sections');
    expect((await openNeo4jVectorIndex(options)).origin).toBe('built');
    expect(events.warnings).toEqual([expect.stringMatching(/^Vector index damaged, rebuilding: .*expected/)]);
  });

  it('recreates a dropped index from the stored vectors without re-embedding', async () => {
    const before = await openNeo4jVectorIndex(setup('sections').options);
    await cypher('DROP INDEX chunk_embedding_sections');
    await expect(before.search('院士', 3)).rejects.toMatchObject({ code: 'STORE_CORRUPT' });
    expect((await before.check()).ok).toBe(false);
    await expect(openNeo4jVectorIndex(setup('sections', { allowRebuild: false }).options)).rejects.toMatchObject({ code: 'STORE_CORRUPT' });
    const { options, events } = setup('sections');
    const restored = await openNeo4jVectorIndex(options);
    expect(restored.origin).toBe('loaded');
    expect(events.progress).toBe(0);
    expect(events.warnings).toEqual([expect.stringMatching(/missing; recreating the index from the stored vectors/)]);
    expect(await restored.search('海智计划', 3)).toHaveLength(3);
  });

  it('treats an interrupted build as unusable', async () => {
    await cypher("MATCH (m:VectorIndexMeta {strategy: 'sections'}) SET m.status = 'building'");
    await expect(openNeo4jVectorIndex(setup('sections', { allowRebuild: false }).options)).rejects.toMatchObject({
      code: 'STORE_CORRUPT',
      message: expect.stringContaining('an earlier build did not finish'),
    });
    expect(await openNeo4jVectorIndex(setup('sections').options)).toMatchObject({ origin: 'built', reason: 'an earlier build did not finish' });
  });

  it('reports an unreachable Neo4j as STORE_UNAVAILABLE', async () => {
    const { options } = setup('sections', { driver: undefined, config: { ...neo4jConfig, NEO4J_URI: 'bolt://127.0.0.1:1', NEO4J_TIMEOUT_MS: 2_000 } });
    await expect(openNeo4jVectorIndex(options)).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
  });
});
