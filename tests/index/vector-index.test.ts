// The hnswlib-node vector index: search quality with the hashing embedder, persistence, damage, embedder guard.
import { readFile, stat, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { FakeEmbeddings } from '@langchain/core/utils/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseText } from '../../src/corpus/types.js';
import { chunkCompilations, indexedText } from '../../src/index/chunker.js';
import { HashingEmbeddings } from '../../src/index/hashing-embeddings.js';
import type { Chunk } from '../../src/index/types.js';
import { loadVectorIndex, openVectorIndex, type OpenedVectorIndex, type OpenVectorIndexOptions } from '../../src/index/vector-index-store.js';
import { realCorpus, tempDataDir } from './real-corpus.js';

const { compilations, inputHash } = await realCorpus();
const chunks = chunkCompilations(compilations, 'sections');
const textOf = (chunk: Chunk) => indexedText(chunk, 'sections');
const hashing = new HashingEmbeddings();
const temp = await tempDataDir();
afterAll(() => temp.cleanup());

/** Options for a fresh or reused folder; the progress counter tells a build from a load. */
function setup(name: string, overrides: Partial<OpenVectorIndexOptions> = {}) {
  const events = { progress: 0, warnings: [] as string[] };
  const options: OpenVectorIndexOptions = {
    dir: path.join(temp.dir, name),
    chunks,
    embeddings: hashing,
    embedderId: hashing.id,
    inputHash,
    textOf,
    onProgress: () => (events.progress += 1),
    onWarning: (message) => events.warnings.push(message),
    ...overrides,
  };
  return { options, events };
}

describe('openVectorIndex with the hashing embedder on the real corpus', () => {
  const { options, events } = setup('main');
  let first: OpenedVectorIndex;
  beforeAll(async () => {
    first = await openVectorIndex(options);
  });

  it('builds, reports progress per batch of 64 and writes vectors.hnsw + meta.json', async () => {
    expect(first).toMatchObject({ origin: 'built', reason: 'no saved index' });
    expect(events.progress).toBe(1 + Math.ceil(chunks.length / 64));
    expect(first.index.size).toBe(chunks.length);
    expect(first.index.embedderId).toBe(hashing.id);
    expect((await stat(path.join(options.dir, 'vectors.hnsw'))).size).toBeGreaterThan(chunks.length * 768 * 4);
    const meta = JSON.parse(await readFile(path.join(options.dir, 'meta.json'), 'utf8')) as { payload: Record<string, unknown> };
    expect(meta.payload).toMatchObject({ embedderId: hashing.id, dimensions: 768, inputHash });
    expect(meta.payload['chunkIds']).toEqual(chunks.map((chunk) => chunk.id));
  });

  it('finds chunks of the cases that mention 院士专家工作站', async () => {
    const mentioning = new Set(compilations[0]!.cases.filter((doc) => caseText(doc).includes('院士专家工作站')).map((doc) => doc.number));
    const hits = await first.index.search('院士专家工作站 建设', 5);
    expect(hits).toHaveLength(5);
    expect(mentioning.has(hits[0]!.chunk.caseNumber)).toBe(true);
    expect(hits.filter((hit) => mentioning.has(hit.chunk.caseNumber)).length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < hits.length; i += 1) expect(hits[i - 1]!.score).toBeGreaterThanOrEqual(hits[i]!.score);
    expect(hits[0]!.score).toBeGreaterThan(0);
    expect(hits[0]!.score).toBeLessThanOrEqual(1);
  });

  it('finds a chunk from its own text, and handles empty queries and oversized limits', async () => {
    const target = chunks[123]!;
    expect((await first.index.search(textOf(target), 1))[0]?.chunk.id).toBe(target.id);
    expect(await first.index.search('  ', 5)).toEqual([]);
    expect(await first.index.search('院士', 0)).toEqual([]);
    expect(await first.index.search('院士', chunks.length + 50)).toHaveLength(chunks.length);
  });

  it('loads on the second open without embedding anything', async () => {
    const again = setup('main');
    const second = await openVectorIndex(again.options);
    expect(second).toMatchObject({ origin: 'loaded', reason: null });
    expect(again.events).toEqual({ progress: 0, warnings: [] });
    const query = '七项标准 科技工作者之家';
    expect(await second.index.search(query, 5)).toEqual(await first.index.search(query, 5));
  });

  it('rebuilds when the corpus hash changes', async () => {
    const changed = setup('main', { inputHash: 'another-corpus' });
    const reopened = await openVectorIndex(changed.options);
    expect(reopened).toMatchObject({ origin: 'built', reason: 'corpus changed' });
    expect(changed.events.progress).toBeGreaterThan(0);
    expect(changed.events.warnings).toEqual([]);
  });

  it('refuses to embed when rebuilding is not allowed', async () => {
    await expect(openVectorIndex(setup('empty', { allowRebuild: false }).options)).rejects.toMatchObject({ code: 'STORE_EMPTY' });
  });
});

describe('damaged files', () => {
  const subset = chunks.slice(0, 80);

  it('detects a truncated vectors.hnsw by checksum, warns and rebuilds', async () => {
    const { options } = setup('truncated', { chunks: subset });
    await openVectorIndex(options);
    const file = path.join(options.dir, 'vectors.hnsw');
    await truncate(file, Math.floor((await stat(file)).size / 2));
    const { options: reopen, events } = setup('truncated', { chunks: subset });
    const rebuilt = await openVectorIndex(reopen);
    expect(rebuilt.origin).toBe('built');
    expect(events.warnings).toHaveLength(1);
    expect(events.warnings[0]).toMatch(/vectors\.hnsw does not match its checksum.*truncated/);
    expect(await rebuilt.index.search(subset[5]!.text, 3)).toHaveLength(3);
    expect((await openVectorIndex(setup('truncated', { chunks: subset }).options)).origin).toBe('loaded');
  });

  it('detects a damaged meta.json, warns and rebuilds', async () => {
    const { options } = setup('bad-meta', { chunks: subset });
    await openVectorIndex(options);
    const metaFile = path.join(options.dir, 'meta.json');
    await writeFile(metaFile, (await readFile(metaFile, 'utf8')).replace('"dimensions":768', '"dimensions":769'));
    const { options: reopen, events } = setup('bad-meta', { chunks: subset });
    expect((await openVectorIndex(reopen)).origin).toBe('built');
    expect(events.warnings[0]).toMatch(/checksum mismatch/);
  });

  it('reports damage instead of rebuilding when rebuilding is not allowed', async () => {
    const { options } = setup('strict', { chunks: subset });
    await openVectorIndex(options);
    await truncate(path.join(options.dir, 'vectors.hnsw'), 100);
    await expect(openVectorIndex({ ...options, allowRebuild: false })).rejects.toMatchObject({ code: 'STORE_CORRUPT', message: expect.stringContaining('npx park-kg ingest') });
  });
});

describe('embedder guard', () => {
  const subset = chunks.slice(0, 80);
  const other = new HashingEmbeddings({ dimensions: 256 });

  it('refuses queries from another embedder, naming both ids and how to rebuild', async () => {
    const { options } = setup('guard', { chunks: subset });
    await openVectorIndex(options);
    const stranger = await loadVectorIndex({ dir: options.dir, chunks: subset, embeddings: new FakeEmbeddings(), embedderId: 'fake-embeddings' });
    expect(stranger).not.toBeNull();
    const failure = stranger!.search('院士专家工作站', 5);
    await expect(failure).rejects.toMatchObject({ code: 'CONFIG_INVALID', name: 'ParkKgError' });
    await expect(failure).rejects.toThrow(/"hashing-v1-768-idf".*"fake-embeddings".*npx park-kg ingest.*delete/s);
    expect(() => stranger!.assertEmbedder(other.id)).toThrow(/hashing-v1-256-idf/);
    expect(() => stranger!.assertEmbedder(hashing.id)).not.toThrow();
  });

  it('fails fast when opened for serving with another embedder, and rebuilds when allowed', async () => {
    const { options } = setup('guard-open', { chunks: subset });
    await openVectorIndex(options);
    const strict = setup('guard-open', { chunks: subset, embeddings: other, embedderId: other.id, allowRebuild: false });
    await expect(openVectorIndex(strict.options)).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: expect.stringMatching(/hashing-v1-768-idf.*hashing-v1-256-idf/s),
    });
    const lenient = setup('guard-open', { chunks: subset, embeddings: other, embedderId: other.id });
    const rebuilt = await openVectorIndex(lenient.options);
    expect(rebuilt.origin).toBe('built');
    expect(rebuilt.reason).toBe(`built with embedder "${hashing.id}", configured "${other.id}"`);
    expect(rebuilt.index.dimensions).toBe(256);
  });

  it('refuses a loaded index whose chunks differ', async () => {
    const { options } = setup('guard-chunks', { chunks: subset });
    await openVectorIndex(options);
    await expect(loadVectorIndex({ dir: options.dir, chunks: chunks.slice(1, 81), embeddings: hashing, embedderId: hashing.id })).rejects.toMatchObject({ code: 'STORE_CORRUPT' });
    expect(await loadVectorIndex({ dir: path.join(temp.dir, 'nothing'), chunks: subset, embeddings: hashing, embedderId: hashing.id })).toBeNull();
  });
});
