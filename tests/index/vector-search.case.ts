// One retrieval contract for every VectorSearch store (hnswlib-node files, Neo4j vector index), run
// on the real compilation with the offline hashing embedder.
import type { Embeddings } from '@langchain/core/embeddings';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseText } from '../../src/corpus/types.js';
import { chunkCompilations, indexedText } from '../../src/index/chunker.js';
import { isCorpusFitting } from '../../src/index/corpus-fitting.js';
import { HashingEmbeddings } from '../../src/index/hashing-embeddings.js';
import type { Chunk, SearchHit, VectorSearch } from '../../src/index/types.js';
import { realCorpus } from './real-corpus.js';

/** What a store is opened with; the same inputs must give the same stored vectors. */
export interface VectorOpenInput {
  chunks: readonly Chunk[];
  embeddings: Embeddings;
  embedderId: string;
  inputHash: string;
  textOf: (chunk: Chunk) => string;
  allowRebuild?: boolean;
}

/** A store under test: the search port plus the embedder guard every store must offer. */
export interface OpenedVectorStore {
  index: VectorSearch & { assertEmbedder(embedderId: string): void };
  origin: 'loaded' | 'built';
  close?: () => Promise<void>;
}

/** Optional parts of a run: why it cannot run here, and a store whose results it must agree with. */
export interface VectorContractOptions {
  skipReason?: string;
  /** Ranks the same chunks with the same embedder, e.g. hnswlib for Neo4j, exact search for hnswlib. */
  reference?: { name: string; open: (input: VectorOpenInput) => Promise<VectorSearch> };
}

/** Queries whose key term must lead retrieval to the cases that contain it. */
export const KEY_TERM_QUERIES = [
  { query: '院士专家工作站 建设', term: '院士专家工作站' },
  { query: '启悦私享会', term: '启悦私享会' },
  { query: '海智计划工作基地', term: '海智计划' },
  { query: '科普 研学', term: '研学' },
  { query: 'TRIZ 创新方法 培训', term: 'TRIZ' },
  { query: '科技工作者之家', term: '科技工作者之家' },
] as const;

/** Broader questions for the agreement check: topics found across many cases, where ranks are close. */
const AGREEMENT_QUERIES = [
  ...KEY_TERM_QUERIES.map((item) => item.query),
  '院士 来访 园区 考察', '产学研 合作 高校', '人才 引进 服务', '科技成果 转化', '学会 服务站',
  '青少年 科普 活动', '企业 技术 需求 对接', '专家 服务团', '党建 引领', '协同创新 平台',
  '园区科协 成立 组织 建设', '博士后 工作站', '知识产权', '科技 金融', '国际 合作 交流',
];

const K = 10;

/** Runs the shared assertions against the store `open` returns (it must reuse what it stored). */
export function vectorSearchContract(name: string, open: (input: VectorOpenInput) => Promise<OpenedVectorStore>, options: VectorContractOptions = {}): void {
  describe.skipIf(Boolean(options.skipReason))(`VectorSearch contract: ${name}`, () => {
    const hashing = new HashingEmbeddings();
    let input: VectorOpenInput;
    let chunks: readonly Chunk[];
    let caseTexts: Map<number, string>;
    let store: OpenedVectorStore;
    const opened: OpenedVectorStore[] = [];

    beforeAll(async () => {
      const { compilations, inputHash } = await realCorpus();
      chunks = chunkCompilations(compilations, 'sections');
      caseTexts = new Map(compilations.flatMap((compilation) => compilation.cases).map((doc) => [doc.number, caseText(doc)]));
      input = { chunks, embeddings: hashing, embedderId: hashing.id, inputHash, textOf: (chunk) => indexedText(chunk, 'sections') };
      store = await open(input);
      opened.push(store);
    });

    afterAll(async () => {
      for (const item of opened) await item.close?.();
    });

    it('leads each key-term query to the cases that contain the term', async () => {
      for (const { query, term } of KEY_TERM_QUERIES) {
        const hits = await store.index.search(query, 5);
        const mentions = (hit: SearchHit) => caseTexts.get(hit.chunk.caseNumber)?.includes(term) === true;
        expect(hits, query).toHaveLength(5);
        expect(mentions(hits[0]!), `${query}: top hit from case ${hits[0]!.chunk.caseNumber}`).toBe(true);
        expect(hits.filter(mentions).length, query).toBeGreaterThanOrEqual(3);
      }
    });

    it('returns descending scores in (0, 1], a chunk first for its own text with score ~1', async () => {
      for (const query of AGREEMENT_QUERIES) {
        const scores = (await store.index.search(query, K)).map((hit) => hit.score);
        expect(scores, query).toHaveLength(K);
        for (const [rank, score] of scores.entries()) {
          expect(score, query).toBeGreaterThan(0);
          expect(score, query).toBeLessThanOrEqual(1);
          if (rank > 0) expect(score, query).toBeLessThanOrEqual(scores[rank - 1]!);
        }
      }
      for (const target of [chunks[7]!, chunks[123]!, chunks.at(-1)!]) {
        const [first] = await store.index.search(input.textOf(target), 1);
        expect(first?.chunk.id).toBe(target.id);
        expect(first?.score).toBeCloseTo(1, 4);
      }
    });

    it('respects the limit and handles empty queries', async () => {
      for (const limit of [1, 3, K]) expect(await store.index.search('院士', limit)).toHaveLength(limit);
      expect(await store.index.search('院士', chunks.length + 50)).toHaveLength(chunks.length);
      expect(await store.index.search('院士', 0)).toEqual([]);
      expect(await store.index.search('   ', 5)).toEqual([]);
    });

    it('is deterministic, also after reopening without rebuilding', async () => {
      const again = await open(input);
      opened.push(again);
      expect(again.origin).toBe('loaded');
      for (const query of AGREEMENT_QUERIES.slice(0, 8)) {
        const first = await store.index.search(query, K);
        expect(await store.index.search(query, K), query).toEqual(first);
        expect(await again.index.search(query, K), query).toEqual(first);
      }
    });

    it('refuses another embedder with a clear error naming both', async () => {
      const other = new HashingEmbeddings({ dimensions: 256 });
      const strict = open({ ...input, embeddings: other, embedderId: other.id, allowRebuild: false });
      await expect(strict).rejects.toMatchObject({ code: 'CONFIG_INVALID', name: 'ParkKgError' });
      await expect(strict).rejects.toThrow(/"hashing-v1-768-idf".*"hashing-v1-256-idf".*npx park-kg ingest/s);
      expect(() => store.index.assertEmbedder(other.id)).toThrow(/hashing-v1-768-idf.*hashing-v1-256-idf/s);
      expect(() => store.index.assertEmbedder(hashing.id)).not.toThrow();
      // Refusing left the stored vectors as they were.
      expect((await store.index.search('启悦私享会', 1))[0]?.chunk.caseNumber).toBe(4);
    });

    it.skipIf(!options.reference)(`ranks like ${options.reference?.name ?? 'the reference'} (same top-${K} ids, same scores)`, async () => {
      const reference = await options.reference!.open(input);
      let sameTop = 0;
      const overlaps: number[] = [];
      for (const query of AGREEMENT_QUERIES) {
        const [ours, theirs] = [await store.index.search(query, K), await reference.search(query, K)];
        const theirIds = new Map(theirs.map((hit) => [hit.chunk.id, hit.score]));
        const shared = ours.filter((hit) => theirIds.has(hit.chunk.id));
        overlaps.push(shared.length / K);
        if (ours[0]?.chunk.id === theirs[0]?.chunk.id) sameTop += 1;
        for (const hit of shared) expect(Math.abs(hit.score - theirIds.get(hit.chunk.id)!), `${query} ${hit.chunk.id}`).toBeLessThan(1e-4);
      }
      expect(Math.min(...overlaps)).toBeGreaterThanOrEqual(0.8);
      expect(sameTop / AGREEMENT_QUERIES.length).toBeGreaterThanOrEqual(0.9);
    });
  });
}

/** Brute-force cosine over every chunk: the exact answer approximate indexes are measured against. */
export async function exactVectorSearch(input: VectorOpenInput): Promise<VectorSearch> {
  const texts = input.chunks.map(input.textOf);
  const embeddings = isCorpusFitting(input.embeddings) ? input.embeddings.fitToCorpus(texts).embeddings : input.embeddings;
  const vectors = await embeddings.embedDocuments(texts);
  return {
    embedderId: input.embedderId,
    async search(query: string, limit: number): Promise<SearchHit[]> {
      const vector = await embeddings.embedQuery(query);
      const scored = input.chunks.map((chunk, index) => ({ chunk, score: cosine(vector, vectors[index]!) }));
      return scored.sort((a, b) => b.score - a.score).slice(0, Math.max(0, limit));
    },
  };
}

function cosine(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let left = 0;
  let right = 0;
  for (const [index, value] of a.entries()) {
    dot += value * (b[index] ?? 0);
    left += value * value;
    right += (b[index] ?? 0) ** 2;
  }
  return left > 0 && right > 0 ? dot / Math.sqrt(left * right) : 0;
}
