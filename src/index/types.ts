// The text index: section-aware chunks searched by keywords (BM25) and by vectors (hnswlib-node).

/** A retrieval unit: consecutive sentences of one section of one case (never across cases). */
export interface Chunk {
  /** Stable: derived from the case number and the ids of its sentences. */
  id: string;
  caseNumber: number;
  title: string;
  association: string;
  /** Printed section heading (主要做法, 活动成效 …), `前言` for the preface, `图片说明` for captions. */
  section: string;
  sentenceIds: string[];
  text: string;
}

/** How chunks are cut: by section and sentence (default) or fixed-size windows (the `naive` baseline). */
export type ChunkingStrategy = 'sections' | 'fixed';

export interface SearchHit {
  chunk: Chunk;
  /** Higher is better; only comparable within one search. */
  score: number;
}

/** Keyword search over Chinese text (jieba tokens and character bigrams, BM25). */
export interface KeywordSearch {
  search(query: string, limit: number): SearchHit[];
}

/** Vector search: the query is embedded with the same embedder that built the index. */
export interface VectorSearch {
  /** Identifies the embedder (name, model, dimensions); the index refuses a different one. */
  readonly embedderId: string;
  search(query: string, limit: number): Promise<SearchHit[]>;
}

/** Everything retrieval needs from the text side, for one chunking strategy. */
export interface TextIndex {
  readonly chunks: readonly Chunk[];
  readonly keyword: KeywordSearch;
  readonly vector: VectorSearch;
}
