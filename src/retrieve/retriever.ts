// Retrieval per mode: naive (fixed windows, vectors), keyword, vector, hybrid (both, fused), and
// graph (hybrid plus the cases the graph links to the question). Returns ranked chunks, cases and
// the sentences an answer may quote.
import type { RetrievalMode } from '../answer/types.js';
import type { SearchHit, TextIndex } from '../index/types.js';
import type { LinkedEntity } from './entity-linker.js';
import type { IndexedSentence, SentenceIndex } from './sentence-index.js';

export interface Retrieval {
  mode: RetrievalMode;
  hits: SearchHit[];
  /** Case numbers, best first (0 is the preface). */
  cases: number[];
  /** Sentences an answer may quote, in no particular order. */
  candidates: IndexedSentence[];
}

export interface RetrieverIndexes {
  sections: TextIndex;
  fixed: TextIndex;
}

const RRF_K = 60;
const POOL = 40;
const KEEP = 16;
const CASES = 10;

/** Reciprocal-rank fusion: robust to the two searches' incomparable scores. */
export function fuse(lists: ReadonlyArray<readonly SearchHit[]>, weights: readonly number[] = []): SearchHit[] {
  const fused = new Map<string, SearchHit>();
  lists.forEach((list, which) => {
    list.forEach((hit, rank) => {
      const add = (weights[which] ?? 1) / (RRF_K + rank + 1);
      const entry = fused.get(hit.chunk.id);
      fused.set(hit.chunk.id, { chunk: hit.chunk, score: (entry?.score ?? 0) + add });
    });
  });
  return [...fused.values()].sort((a, b) => b.score - a.score || a.chunk.id.localeCompare(b.chunk.id));
}

/** Runs the retrieval of one mode. `linked` and `phrases` are used by the graph mode only. */
export async function retrieve(
  question: string,
  mode: RetrievalMode,
  indexes: RetrieverIndexes,
  sentences: SentenceIndex,
  graphHints: GraphHints,
): Promise<Retrieval> {
  let pool: SearchHit[];
  if (mode === 'naive') pool = await indexes.fixed.vector.search(question, POOL);
  else if (mode === 'keyword') pool = indexes.sections.keyword.search(question, POOL);
  else if (mode === 'vector') pool = await indexes.sections.vector.search(question, POOL);
  else {
    const [keyword, vector] = [indexes.sections.keyword.search(question, POOL), await indexes.sections.vector.search(question, POOL)];
    pool = fuse([keyword, vector]);
    if (mode === 'graph') pool = boostByGraph(pool, indexes.sections, graphHints, sentences);
  }
  const hits = pool.slice(0, KEEP);

  // Cases rank by their best chunk (plus a little for the second), so one long case cannot
  // crowd out the others; each of the top cases contributes its best chunks as candidates.
  const perCase = new Map<number, SearchHit[]>();
  for (const hit of pool) perCase.set(hit.chunk.caseNumber, [...(perCase.get(hit.chunk.caseNumber) ?? []), hit]);
  const caseScore = new Map<number, number>();
  for (const [caseNumber, list] of perCase) caseScore.set(caseNumber, list[0]!.score + 0.3 * (list[1]?.score ?? 0));
  const topCases = [...caseScore.entries()].sort((a, b) => b[1] - a[1]).slice(0, CASES).map(([n]) => n);
  const candidates = new Map<string, IndexedSentence>();
  const addChunk = (hit: SearchHit) => {
    for (const id of hit.chunk.sentenceIds) {
      const sentence = sentences.byId.get(id);
      if (sentence) candidates.set(id, sentence);
    }
  };
  hits.forEach(addChunk);
  for (const caseNumber of topCases) perCase.get(caseNumber)!.slice(0, 2).forEach(addChunk);
  const cases = [...caseScore.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([number]) => number);
  return { mode, hits, cases, candidates: [...candidates.values()] };
}

/** What the graph adds to a question: named entities, exact phrases, and cases holding the kinds of partner it asks about. */
export interface GraphHints {
  linked: readonly LinkedEntity[];
  phrases: readonly string[];
  /** Case → weight for cases that hold nodes of the kinds the question names (院士 → academicians). */
  kindCases?: ReadonlyMap<number, number>;
}

/** Cases a question is about by name: the case of a linked association or park. */
export function anchorCases(linked: readonly LinkedEntity[]): number[] {
  const out = new Set<number>();
  for (const { node } of linked) if (node.label === 'Association' || node.label === 'Park') for (const n of node.cases) out.add(n);
  return [...out];
}

/** Adds graph evidence to fused text hits: chunks of cases that name the linked entities rise. */
function boostByGraph(
  hits: SearchHit[],
  index: TextIndex,
  hints: GraphHints,
  sentences: SentenceIndex,
): SearchHit[] {
  const caseBoost = new Map<number, number>(hints.kindCases ?? []);
  for (const { node } of hints.linked) {
    const weight = node.label === 'Association' || node.label === 'Park' ? 0.05 : node.label === 'Province' ? 0 : 0.02;
    for (const caseNumber of node.cases) caseBoost.set(caseNumber, (caseBoost.get(caseNumber) ?? 0) + weight);
  }
  const phraseSentences = new Set(hints.phrases.flatMap((phrase) => sentences.withPhrase(phrase).map((s) => s.id)));
  const byId = new Map(hits.map((hit) => [hit.chunk.id, hit]));
  for (const chunk of index.chunks) {
    const boost = (caseBoost.get(chunk.caseNumber) ?? 0) + (chunk.sentenceIds.some((id) => phraseSentences.has(id)) ? 0.05 : 0);
    if (boost === 0) continue;
    const current = byId.get(chunk.id);
    byId.set(chunk.id, { chunk, score: (current?.score ?? 0) + boost * (current ? 1 : 0.5) });
  }
  return [...byId.values()].sort((a, b) => b.score - a.score || a.chunk.id.localeCompare(b.chunk.id));
}
