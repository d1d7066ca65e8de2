// Picks the embedder from configuration: an OpenAI-compatible endpoint when set up, else hashing.
import type { Embeddings } from '@langchain/core/embeddings';
import { OpenAIEmbeddings } from '@langchain/openai';
import { ParkKgError } from '../errors.js';
import { HashingEmbeddings } from './hashing-embeddings.js';

/** The subset of the app config the embedder needs; main.ts passes it in (no env reads here). */
export interface EmbeddingsSettings {
  openaiApiKey?: string | undefined;
  openaiBaseUrl?: string | undefined;
  embeddingsModel?: string | undefined;
  /** Size of the offline hashing vectors (default 768). */
  hashingDimensions?: number | undefined;
}

/** An embedder and the id the vector index records, so it can refuse vectors from another one. */
export interface EmbedderChoice {
  embeddings: Embeddings;
  id: string;
  kind: 'openai' | 'hashing';
}

const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';
/** Local servers (Ollama, vLLM, llama.cpp) accept any key; the SDK still insists on one. */
const PLACEHOLDER_KEY = 'not-needed';

/**
 * OpenAIEmbeddings (any OpenAI-compatible /v1/embeddings) when a model and a key or base URL
 * are configured; otherwise the offline hashing embedder, so the product works with no services.
 */
export function createEmbeddings(settings: EmbeddingsSettings = {}): EmbedderChoice {
  const model = settings.embeddingsModel?.trim();
  const apiKey = settings.openaiApiKey?.trim() || undefined;
  const baseUrl = settings.openaiBaseUrl?.trim() || undefined;
  if (model && (apiKey || baseUrl)) {
    const baseURL = baseUrl ?? OPENAI_DEFAULT_BASE_URL;
    const embeddings = new OpenAIEmbeddings({
      model,
      apiKey: apiKey ?? PLACEHOLDER_KEY,
      // Plain floats: base64 (the SDK's default) is not understood by every compatible server.
      encodingFormat: 'float',
      batchSize: 64,
      maxRetries: 3,
      timeout: 60_000,
      // Passing the URL explicitly keeps the SDK from reading OPENAI_BASE_URL behind config's back.
      configuration: { baseURL },
    });
    return { embeddings, id: `openai:${model}@${hostOf(baseURL)}`, kind: 'openai' };
  }
  const hashing = new HashingEmbeddings({ dimensions: settings.hashingDimensions });
  return { embeddings: hashing, id: hashing.id, kind: 'hashing' };
}

function hostOf(baseURL: string): string {
  try {
    return new URL(baseURL).host;
  } catch (error) {
    throw new ParkKgError('CONFIG_INVALID', `OPENAI_BASE_URL is not a valid URL: ${baseURL}`, { cause: error });
  }
}
