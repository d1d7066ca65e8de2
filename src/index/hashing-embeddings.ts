// The offline default embedder: hashed character n-grams and jieba words, optionally idf-weighted.
import { Embeddings } from '@langchain/core/embeddings';
import type { CorpusFitting } from './corpus-fitting.js';
import { characterNgrams, hanRuns, searchWords } from './chinese-tokens.js';

/** Size of the vectors; 768 keeps collisions rare for a corpus of ~100k characters. */
export const DEFAULT_HASHING_DIMENSIONS = 768;

/** Both options are part of the embedder id, so an index never mixes configurations. */
export interface HashingEmbeddingsOptions {
  dimensions?: number;
  /** Weight features by inverse document frequency fitted on the indexed chunks (default true). */
  idf?: boolean;
}

/** Document frequencies learned from the corpus; features seen in < 2 texts are not stored. */
interface IdfTable {
  documents: number;
  frequencies: Map<string, number>;
}

/** What the vector index saves in its meta file to recreate the fitted embedder. */
interface IdfState {
  kind: 'hashing-idf';
  embedderId: string;
  documents: number;
  features: [string, number][];
}

/** Per-kind weights: single characters are weak evidence, longer units carry the meaning. */
const KIND_WEIGHT: Record<string, number> = { u: 0.5, b: 1, t: 1, w: 1 };

/**
 * A deterministic embedder that needs no model download and no network: the text's Han
 * character unigrams, bigrams and trigrams plus jieba search-mode words are hashed into a fixed
 * number of signed buckets, with sublinear term frequency, optional idf fitted on the indexed
 * chunks, and L2 normalisation. Cosine similarity then measures weighted n-gram overlap, which
 * is strong for Chinese (names, platform types and policy terms share characters).
 *
 * Limits: it knows no synonyms or paraphrases (人才引进 vs 引才 only meet through shared
 * characters), no cross-lingual matching, and no word order beyond three characters; hash
 * collisions add small noise. A real embedding model (OPENAI_* settings) fixes these.
 */
export class HashingEmbeddings extends Embeddings implements CorpusFitting {
  /** Names the algorithm, version and size; the vector index refuses vectors from another id. */
  readonly id: string;
  readonly dimensions: number;
  private readonly useIdf: boolean;
  private readonly table: IdfTable | null;

  constructor(options: HashingEmbeddingsOptions = {}, table: IdfTable | null = null) {
    super({});
    this.dimensions = options.dimensions ?? DEFAULT_HASHING_DIMENSIONS;
    if (!Number.isInteger(this.dimensions) || this.dimensions < 8) throw new RangeError(`dimensions must be an integer >= 8, got ${this.dimensions}`);
    this.useIdf = options.idf ?? true;
    this.table = this.useIdf ? table : null;
    this.id = `hashing-v1-${this.dimensions}${this.useIdf ? '-idf' : ''}`;
  }

  embedDocuments(documents: string[]): Promise<number[][]> {
    return Promise.resolve(documents.map((text) => this.vector(text)));
  }

  embedQuery(document: string): Promise<number[]> {
    return Promise.resolve(this.vector(document));
  }

  /** A copy weighted by the corpus' document frequencies, plus the state that recreates it. */
  fitToCorpus(texts: readonly string[]): { embeddings: HashingEmbeddings; state: IdfState | null } {
    if (!this.useIdf) return { embeddings: this, state: null };
    const counts = new Map<string, number>();
    for (const text of texts) for (const key of features(text).keys()) counts.set(key, (counts.get(key) ?? 0) + 1);
    const frequent: [string, number][] = [...counts].filter(([, count]) => count >= 2).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const state: IdfState = { kind: 'hashing-idf', embedderId: this.id, documents: texts.length, features: frequent };
    return { embeddings: this.restoreFromState(state) ?? this, state };
  }

  /** The fitted copy for a saved state; null when the state was written by another configuration. */
  restoreFromState(state: unknown): HashingEmbeddings | null {
    const options = { dimensions: this.dimensions, idf: this.useIdf };
    if (!this.useIdf) return state === null ? new HashingEmbeddings(options) : null;
    if (!isIdfState(state) || state.embedderId !== this.id) return null;
    return new HashingEmbeddings(options, { documents: state.documents, frequencies: new Map(state.features) });
  }

  private vector(text: string): number[] {
    const out = new Float64Array(this.dimensions);
    for (const [key, count] of features(text)) {
      const weight = (KIND_WEIGHT[key[0] ?? 'u'] ?? 1) * (1 + Math.log(count)) * this.inverseFrequency(key);
      const hash = fnv1a(key, 0x811c9dc5);
      const sign = fnv1a(key, 0x01000193) & 1 ? 1 : -1;
      out[hash % this.dimensions]! += sign * weight;
    }
    let norm = 0;
    for (const value of out) norm += value * value;
    norm = Math.sqrt(norm);
    return Array.from(out, (value) => (norm > 0 ? value / norm : 0));
  }

  private inverseFrequency(key: string): number {
    if (!this.table) return 1;
    // Features below the storage threshold count as seen once, so fitting and restoring agree.
    const frequency = this.table.frequencies.get(key) ?? 1;
    return Math.log((this.table.documents + 1) / (frequency + 1)) + 1;
  }
}

/** Weighted feature counts of a text, keys prefixed by kind (u/b/t: character n-grams, w: words). */
function features(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
  for (const run of hanRuns(text)) {
    for (const gram of characterNgrams(run, 1)) add(`u${gram}`);
    for (const gram of characterNgrams(run, 2)) add(`b${gram}`);
    for (const gram of characterNgrams(run, 3)) add(`t${gram}`);
  }
  for (const word of searchWords(text)) if ([...word].length >= 2 || !/\p{Script=Han}/u.test(word)) add(`w${word}`);
  return counts;
}

/** 32-bit FNV-1a with a chosen basis, finished with murmur3's mixer so low bits spread well. */
function fnv1a(text: string, basis: number): number {
  let hash = basis >>> 0;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b) >>> 0;
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35) >>> 0;
  hash ^= hash >>> 16;
  return hash >>> 0;
}

function isIdfState(value: unknown): value is IdfState {
  if (typeof value !== 'object' || value === null) return false;
  const state = value as Partial<IdfState>;
  return state.kind === 'hashing-idf' && typeof state.embedderId === 'string' && typeof state.documents === 'number' && Array.isArray(state.features);
}
