// Builds the extractors an ingest runs from `--extractor rules|llm|both` and the configuration.
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { createChatModel, OPENAI_BASE_URL } from '../answer/llm/chat-model.js';
import type { Config } from '../config/config.js';
import { ParkKgError } from '../errors.js';
import { ExtractionCache, extractionCacheDir } from '../extract/extraction-cache.js';
import { LlmExtractor } from '../extract/llm-extractor.js';
import type { GroundedOutput } from '../extract/llm-output.js';
import { RuleExtractor } from '../extract/rule-extractor.js';
import type { Extractor } from '../extract/types.js';

/** The extractor choice of `park-kg ingest --extractor` and of the EXTRACTOR setting. */
export type ExtractorMode = Config['EXTRACTOR'];
export const EXTRACTOR_MODES: readonly ExtractorMode[] = ['rules', 'llm', 'both'];

// Cases sent to the model at once: enough to hide latency, few enough for local servers.
const LLM_CONCURRENCY = 4;

export interface ExtractorSetup {
  mode: ExtractorMode;
  extractors: Extractor[];
  concurrency: number;
  /** The LLM extractor when one runs, for its counters in the extraction report. */
  llm: LlmExtractor | null;
}

export interface ExtractorSetupOptions {
  onWarning?: (message: string) => void;
  /** A chat model to use instead of the configured one (tests, other LangChain providers). */
  model?: BaseChatModel;
}

/** Parses a `--extractor` value; anything else is a clear INPUT_INVALID. */
export function extractorMode(value: string | undefined, fallback: ExtractorMode): ExtractorMode {
  if (value === undefined) return fallback;
  if ((EXTRACTOR_MODES as readonly string[]).includes(value)) return value as ExtractorMode;
  throw new ParkKgError('INPUT_INVALID', `--extractor must be rules, llm or both, not "${value}"`);
}

/** The extractors for a mode: rules alone, the LLM alone (rules as per-case fallback), or both merged. */
export function createExtractors(config: Config, mode: ExtractorMode, options: ExtractorSetupOptions = {}): ExtractorSetup {
  const rules = new RuleExtractor();
  if (mode === 'rules') return { mode, extractors: [rules], concurrency: 1, llm: null };
  if (!options.model && (!config.llmEnabled || !config.LLM_MODEL)) {
    throw new ParkKgError('CONFIG_INVALID', `Invalid configuration — --extractor ${mode} needs LLM_MODEL plus OPENAI_BASE_URL (local servers) or OPENAI_API_KEY`);
  }
  const modelId = config.LLM_MODEL ?? 'custom-model';
  const model =
    options.model ??
    createChatModel({ apiKey: config.OPENAI_API_KEY, baseUrl: config.OPENAI_BASE_URL, model: modelId, timeoutMs: config.LLM_TIMEOUT_MS, maxRetries: 0 });
  const llm = new LlmExtractor({
    model,
    modelId,
    endpoint: config.OPENAI_BASE_URL ?? OPENAI_BASE_URL,
    timeoutMs: config.LLM_TIMEOUT_MS,
    cache: new ExtractionCache<GroundedOutput>(extractionCacheDir(config.dataDir)),
    ...(mode === 'llm' ? { fallback: rules, failFast: true } : {}),
    ...(options.onWarning ? { onWarning: options.onWarning } : {}),
  });
  return { mode, extractors: mode === 'llm' ? [llm] : [rules, llm], concurrency: LLM_CONCURRENCY, llm };
}
