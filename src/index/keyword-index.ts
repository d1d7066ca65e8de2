// BM25 over jieba words and Han character bigrams: exact names and terms the vectors may blur.
import { characterNgrams, hanRuns, isFunctionBigram, searchWords } from './chinese-tokens.js';
import type { Chunk, KeywordSearch, SearchHit } from './types.js';

/** Term-frequency saturation (standard Okapi value): the fifth mention adds little. */
export const BM25_K1 = 1.2;
/** Length normalisation (standard value); chunks are similar in length, so it matters little. */
export const BM25_B = 0.75;

/**
 * Index terms of a text: jieba search-mode words (so 院士专家工作站 also yields 工作站) and the
 * bigrams of every Han run (so a name jieba cuts oddly, like 启悦私享会, still matches exactly).
 */
export function keywordTerms(text: string): string[] {
  const terms = searchWords(text);
  for (const run of hanRuns(text)) for (const gram of characterNgrams(run, 2)) if (!isFunctionBigram(gram)) terms.push(gram);
  return terms;
}

interface Posting {
  documents: number[];
  frequencies: number[];
}

/** In-memory inverted index; rebuilt at startup because it takes well under a second. */
export class Bm25Index implements KeywordSearch {
  /** Milliseconds the build took, for startup logs and benchmarks. */
  readonly buildMillis: number;
  private readonly chunks: readonly Chunk[];
  private readonly postings = new Map<string, Posting>();
  private readonly lengths: Float64Array;
  private readonly averageLength: number;

  /** `textOf` gives the text indexed for a chunk (default: the chunk text). */
  constructor(chunks: readonly Chunk[], textOf: (chunk: Chunk) => string = (chunk) => chunk.text) {
    const started = performance.now();
    this.chunks = chunks;
    this.lengths = new Float64Array(chunks.length);
    let total = 0;
    for (const [document, chunk] of chunks.entries()) {
      const counts = new Map<string, number>();
      const terms = keywordTerms(textOf(chunk));
      for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
      for (const [term, frequency] of counts) {
        let posting = this.postings.get(term);
        if (!posting) this.postings.set(term, (posting = { documents: [], frequencies: [] }));
        posting.documents.push(document);
        posting.frequencies.push(frequency);
      }
      this.lengths[document] = terms.length;
      total += terms.length;
    }
    this.averageLength = chunks.length > 0 ? total / chunks.length : 0;
    this.buildMillis = performance.now() - started;
  }

  /** Number of distinct terms, for diagnostics. */
  get vocabularySize(): number {
    return this.postings.size;
  }

  search(query: string, limit: number): SearchHit[] {
    if (limit <= 0 || this.chunks.length === 0) return [];
    const scores = new Float64Array(this.chunks.length);
    const touched = new Set<number>();
    // Each distinct query term counts once: a repeated word in a question is not extra evidence.
    for (const term of new Set(keywordTerms(query))) {
      const posting = this.postings.get(term);
      if (!posting) continue;
      const documentCount = posting.documents.length;
      const idf = Math.log(1 + (this.chunks.length - documentCount + 0.5) / (documentCount + 0.5));
      for (const [position, document] of posting.documents.entries()) {
        const frequency = posting.frequencies[position] ?? 0;
        const norm = BM25_K1 * (1 - BM25_B + (BM25_B * (this.lengths[document] ?? 0)) / (this.averageLength || 1));
        scores[document]! += (idf * frequency * (BM25_K1 + 1)) / (frequency + norm);
        touched.add(document);
      }
    }
    const ranked = [...touched].sort((a, b) => (scores[b] ?? 0) - (scores[a] ?? 0) || a - b);
    return ranked.slice(0, limit).map((document) => ({ chunk: this.chunks[document]!, score: scores[document] ?? 0 }));
  }
}
