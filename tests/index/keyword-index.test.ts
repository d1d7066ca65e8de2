// BM25 keyword search on the real corpus: exact names, Latin acronyms, multi-term questions.
import { describe, expect, it } from 'vitest';
import { caseText } from '../../src/corpus/types.js';
import { chunkCompilations, indexedText } from '../../src/index/chunker.js';
import { Bm25Index, keywordTerms } from '../../src/index/keyword-index.js';
import { realCorpus } from './real-corpus.js';

const { compilations } = await realCorpus();
const chunks = chunkCompilations(compilations, 'sections');
const index = new Bm25Index(chunks, (chunk) => indexedText(chunk, 'sections'));
const fixedIndex = new Bm25Index(chunkCompilations(compilations, 'fixed'));
const casesOf = (query: string, limit: number, on = index) => on.search(query, limit).map((hit) => hit.chunk.caseNumber);

describe('keywordTerms', () => {
  it('yields jieba words and Han bigrams, folded, without punctuation or function words', () => {
    const terms = keywordTerms('院士专家工作站的建设和TRIZ。');
    expect(terms).toEqual(expect.arrayContaining(['院士', '专家', '工作站', '建设', '士专', '家工', 'triz']));
    expect(terms).not.toContain('的');
    expect(terms).not.toContain('和');
    expect(terms).not.toContain('。');
    expect(keywordTerms('如何？的了和')).toEqual([]);
  });
});

describe('Bm25Index', () => {
  it('finds an activity by its exact name: 启悦私享会 → case 4', () => {
    expect(casesOf('启悦私享会', 1)).toEqual([4]);
    expect(casesOf('启悦私享会', 1, fixedIndex)).toEqual([4]);
  });

  it('matches a Latin acronym regardless of case: TRIZ → cases 5 and 18 in the top 5', () => {
    const top = casesOf('TRIZ', 5);
    expect(top).toEqual(expect.arrayContaining([5, 18]));
    expect(casesOf('triz', 5)).toEqual(top);
  });

  it('ranks the case holding both terms first: 七项标准 科技工作者之家 → case 47 in the top 3', () => {
    expect(casesOf('七项标准 科技工作者之家', 3)).toContain(47);
  });

  it('returns scores in descending order, honours the limit and ignores empty queries', () => {
    const hits = index.search('院士专家工作站 建设', 8);
    expect(hits).toHaveLength(8);
    for (let i = 1; i < hits.length; i += 1) expect(hits[i - 1]!.score).toBeGreaterThanOrEqual(hits[i]!.score);
    const mentioning = new Set(compilations[0]!.cases.filter((doc) => caseText(doc).includes('院士专家工作站')).map((doc) => doc.number));
    expect(mentioning.has(hits[0]!.chunk.caseNumber)).toBe(true);
    expect(index.search('', 5)).toEqual([]);
    expect(index.search('的了和', 5)).toEqual([]);
    expect(index.search('院士', 0)).toEqual([]);
    expect(index.search('量子纠缠引力波', 5).length).toBeLessThanOrEqual(5);
  });

  it('builds in memory from all chunks and reports its build time', () => {
    expect(index.vocabularySize).toBeGreaterThan(5000);
    expect(index.buildMillis).toBeGreaterThan(0);
  });
});
