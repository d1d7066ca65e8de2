// The offline embedder: a LangChain Embeddings, deterministic, normalised, fitted on the corpus chunks.
import { Embeddings } from '@langchain/core/embeddings';
import { describe, expect, it } from 'vitest';
import { chunkCompilations, indexedText } from '../../src/index/chunker.js';
import { isCorpusFitting } from '../../src/index/corpus-fitting.js';
import { DEFAULT_HASHING_DIMENSIONS, HashingEmbeddings } from '../../src/index/hashing-embeddings.js';
import { realCorpus } from './real-corpus.js';

const { compilations } = await realCorpus();
const texts = chunkCompilations(compilations, 'sections').map((chunk) => indexedText(chunk, 'sections'));

const norm = (vector: number[]) => Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0));
const cosine = (a: number[], b: number[]) => a.reduce((sum, value, index) => sum + value * (b[index] ?? 0), 0);

describe('HashingEmbeddings', () => {
  it('is a LangChain Embeddings with an id naming algorithm, size and weighting', () => {
    const embedder = new HashingEmbeddings();
    expect(embedder).toBeInstanceOf(Embeddings);
    expect(embedder.id).toBe(`hashing-v1-${DEFAULT_HASHING_DIMENSIONS}-idf`);
    expect(new HashingEmbeddings({ dimensions: 256, idf: false }).id).toBe('hashing-v1-256');
    expect(isCorpusFitting(embedder)).toBe(true);
    expect(() => new HashingEmbeddings({ dimensions: 3 })).toThrow(RangeError);
  });

  it('is deterministic across instances and between documents and queries', async () => {
    const sample = texts.slice(0, 20);
    const first = await new HashingEmbeddings().embedDocuments(sample);
    const second = await new HashingEmbeddings().embedDocuments(sample);
    expect(second).toEqual(first);
    expect(await new HashingEmbeddings().embedQuery(sample[3]!)).toEqual(first[3]);
  });

  it('returns L2-normalised vectors of the configured size, and zeros for text without content', async () => {
    const embedder = new HashingEmbeddings();
    const vectors = await embedder.embedDocuments([...texts.slice(0, 50), 'TRIZ', '院士']);
    for (const vector of vectors) {
      expect(vector).toHaveLength(DEFAULT_HASHING_DIMENSIONS);
      expect(norm(vector)).toBeCloseTo(1, 9);
    }
    expect((await embedder.embedQuery('，。！ ')).every((value) => value === 0)).toBe(true);
  });

  it('scores shared wording above unrelated text', async () => {
    const embedder = new HashingEmbeddings();
    const [query, related, unrelated] = await embedder.embedDocuments([
      '院士专家工作站建设',
      '园区科协推动企业建设院士专家工作站，引进院士团队。',
      '开展青少年科普研学活动，走进科技馆。',
    ]);
    expect(cosine(query!, related!)).toBeGreaterThan(cosine(query!, unrelated!) + 0.2);
  });

  it('fits idf on the corpus into a new instance whose saved state restores identical vectors', async () => {
    const base = new HashingEmbeddings();
    const before = await base.embedQuery(texts[10]!);
    const { embeddings: fitted, state } = base.fitToCorpus(texts);
    expect(fitted).not.toBe(base);
    expect(await base.embedQuery(texts[10]!)).toEqual(before);
    const restored = base.restoreFromState(JSON.parse(JSON.stringify(state)));
    expect(restored).not.toBeNull();
    const probe = [texts[10]!, '院士专家工作站 建设', '启悦私享会'];
    expect(await restored!.embedDocuments(probe)).toEqual(await fitted.embedDocuments(probe));
    expect(await fitted.embedQuery(texts[10]!)).not.toEqual(before);
    // Fitting twice on the same chunks gives the same state (deterministic "training").
    expect(base.fitToCorpus(texts).state).toEqual(state);
  });

  it('down-weights words common to the corpus once fitted', async () => {
    const { embeddings: fitted } = new HashingEmbeddings().fitToCorpus(texts);
    const plain = new HashingEmbeddings({ idf: false });
    const doc = '园区科协组织企业开展TRIZ创新方法培训。';
    const rare = async (embedder: Embeddings) => cosine(await embedder.embedQuery('TRIZ'), await embedder.embedQuery(doc));
    expect(await rare(fitted)).toBeGreaterThan(await rare(plain));
  });

  it('refuses a state written by another configuration', () => {
    const { state } = new HashingEmbeddings().fitToCorpus(texts.slice(0, 30));
    expect(new HashingEmbeddings({ dimensions: 512 }).restoreFromState(state)).toBeNull();
    expect(new HashingEmbeddings().restoreFromState({ kind: 'other' })).toBeNull();
    expect(new HashingEmbeddings({ idf: false }).restoreFromState(null)).toBeInstanceOf(HashingEmbeddings);
  });
});
