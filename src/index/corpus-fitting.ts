// Embedders that learn corpus statistics (e.g. idf) before embedding, and how the index persists them.
import type { Embeddings } from '@langchain/core/embeddings';

/**
 * Implemented by embedders whose vectors depend on the corpus. The vector index fits a copy on
 * the chunks it builds from, saves `state` in its meta file and restores the same copy for
 * queries, so query and document vectors always come from one fitted model. Fitting returns a
 * new instance: one process may hold indexes for several chunkings with one configured embedder.
 */
export interface CorpusFitting {
  fitToCorpus(texts: readonly string[]): { embeddings: Embeddings; state: unknown };
  /** The fitted copy described by `state`, or null when the state is not one this embedder wrote. */
  restoreFromState(state: unknown): Embeddings | null;
}

/** Lets the index treat any LangChain embedder uniformly and fit only those that need it. */
export function isCorpusFitting(embeddings: Embeddings): embeddings is Embeddings & CorpusFitting {
  const candidate = embeddings as Partial<CorpusFitting>;
  return typeof candidate.fitToCorpus === 'function' && typeof candidate.restoreFromState === 'function';
}
