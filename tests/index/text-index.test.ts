// openTextIndex: both chunkings side by side under one data folder, progress, reuse across starts.
import { readdir } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { HashingEmbeddings } from '../../src/index/hashing-embeddings.js';
import { openTextIndex, vectorIndexDir, type TextIndexProgress } from '../../src/index/text-index.js';
import type { ChunkingStrategy } from '../../src/index/types.js';
import { realCorpus, tempDataDir } from './real-corpus.js';

const { compilations, inputHash } = await realCorpus();
const temp = await tempDataDir();
afterAll(() => temp.cleanup());
const embeddings = new HashingEmbeddings();

function open(strategy: ChunkingStrategy, progress: TextIndexProgress[] = []) {
  return openTextIndex({
    dataDir: temp.dir,
    compilations,
    inputHash,
    strategy,
    embeddings,
    embedderId: embeddings.id,
    onProgress: (event) => progress.push(event),
  });
}

describe('openTextIndex', () => {
  it('opens both strategies side by side under data/index/<strategy>/', async () => {
    const progress: TextIndexProgress[] = [];
    const sections = await open('sections', progress);
    const fixed = await open('fixed');
    expect(sections.vectorOrigin).toBe('built');
    expect(fixed.vectorOrigin).toBe('built');
    expect(sections.chunks.length).not.toBe(fixed.chunks.length);
    expect(fixed.chunks.every((chunk) => chunk.section === '')).toBe(true);
    for (const strategy of ['sections', 'fixed'] as const) {
      expect((await readdir(vectorIndexDir(temp.dir, strategy))).sort()).toEqual(['meta.json', 'vectors.hnsw']);
    }
    // Embedding progress arrives per batch of 64 and ends at the total.
    expect(progress[0]).toEqual({ stage: 'embed', done: 0, total: sections.chunks.length });
    expect(progress.slice(1, -1).every((event) => event.done % 64 === 0)).toBe(true);
    expect(progress.at(-1)).toEqual({ stage: 'embed', done: sections.chunks.length, total: sections.chunks.length });
  });

  it('serves keyword and vector search over the same chunks', async () => {
    const index = await open('sections');
    expect(index.vectorOrigin).toBe('loaded');
    expect(index.rebuildReason).toBeNull();
    const ids = new Set(index.chunks.map((chunk) => chunk.id));
    const keywordHits = index.keyword.search('启悦私享会', 3);
    const vectorHits = await index.vector.search('启悦私享会', 3);
    expect(keywordHits[0]?.chunk.caseNumber).toBe(4);
    expect(vectorHits[0]?.chunk.caseNumber).toBe(4);
    for (const hit of [...keywordHits, ...vectorHits]) expect(ids.has(hit.chunk.id)).toBe(true);
    expect(index.vector.embedderId).toBe(embeddings.id);
    expect(Object.keys(index.timings)).toEqual(['chunk', 'keyword', 'vector']);
  });

  it('reloads without embedding on the next start', async () => {
    const progress: TextIndexProgress[] = [];
    const again = await open('fixed', progress);
    expect(again.vectorOrigin).toBe('loaded');
    expect(progress).toEqual([]);
  });
});
