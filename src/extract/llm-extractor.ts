// LLM-assisted extraction behind the Extractor port: one call per case, replies validated and
// grounded in the case's sentences, results cached by content hash. A case whose call fails twice
// falls back to the rules; only an unreachable model at the very first call stops an ingest.
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { BaseMessage } from '@langchain/core/messages';
import type { CaseDoc } from '../corpus/types.js';
import { ParkKgError } from '../errors.js';
import { extractionCacheKey, type ExtractionCache } from './extraction-cache.js';
import { groundOutput, parseModelJson, toExtraction, type GroundedOutput } from './llm-output.js';
import { renderCasePrompt } from './llm-prompt.js';
import type { Extraction, Extractor } from './types.js';

export interface LlmExtractorOptions {
  model: BaseChatModel;
  /** The model name (LLM_MODEL): part of the cache key and of error messages. */
  modelId: string;
  /** Where the model is served (OPENAI_BASE_URL), for error messages only. */
  endpoint: string;
  timeoutMs: number;
  cache?: ExtractionCache<GroundedOutput> | null;
  /** Extracts a case whose LLM call failed (`--extractor llm`); unset when rules run anyway (`both`). */
  fallback?: Extractor;
  /** True for `--extractor llm`: a model unreachable at the first call aborts the ingest. */
  failFast?: boolean;
  onWarning?: (message: string) => void;
  /** After this many failed cases in a row the model is not asked again during this ingest. */
  maxConsecutiveFailures?: number;
}

/** What one ingest's LLM extraction did; printed in the extraction report. */
export interface LlmExtractionStats {
  model: string;
  promptVersion: string | null;
  cases: number;
  cached: number;
  called: number;
  fallbacks: Array<{ case: number; reason: string }>;
  dropped: { entities: number; relations: number };
}

const UNREACHABLE_STATUS = new Set([401, 403, 404]);

/** True when the error says the model cannot be reached or used at all, not that one call went wrong. */
export function isUnreachable(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth++) {
    const status = (current as { status?: unknown }).status;
    if (typeof status === 'number' && UNREACHABLE_STATUS.has(status)) return true;
    if (current.name === 'TimeoutError' || current.name === 'AbortError' || current.constructor.name === 'APIConnectionTimeoutError') return false;
    if (current.constructor.name === 'APIConnectionError') return true;
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH)$/.test(code)) return true;
  }
  return false;
}

function describe(error: unknown): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return 'timed out';
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]!.slice(0, 160);
}

/** The reply's text, whatever content shape the chat model returned. */
function replyText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((part) => (typeof part === 'string' ? part : ((part as { text?: unknown }).text ?? ''))).join('');
  return '';
}

/** The optional LLM extractor; construct it through the pipeline's extractor factory. */
export class LlmExtractor implements Extractor {
  readonly name = 'llm';
  private readonly stats: LlmExtractionStats;
  private firstCall: Promise<void> | null = null;
  private firstCallDone = false;
  private fatal: ParkKgError | null = null;
  private disabled: string | null = null;
  private consecutiveFailures = 0;

  constructor(private readonly options: LlmExtractorOptions) {
    this.stats = { model: options.modelId, promptVersion: null, cases: 0, cached: 0, called: 0, fallbacks: [], dropped: { entities: 0, relations: 0 } };
  }

  /** A copy of the counters so far. */
  report(): LlmExtractionStats {
    return structuredClone(this.stats);
  }

  async extract(doc: CaseDoc): Promise<Extraction> {
    this.stats.cases++;
    const { messages, caseText, version } = await renderCasePrompt(doc);
    this.stats.promptVersion = version;
    const key = extractionCacheKey(this.options.modelId, version, caseText);
    const hit = await this.options.cache?.get(key);
    if (hit) {
      this.stats.cached++;
      this.count(hit);
      return toExtraction(doc, hit);
    }
    // The first uncached call runs alone: if the model is unreachable, fail (or switch off) once.
    if (!this.firstCallDone) {
      if (this.firstCall) {
        await this.firstCall;
      } else {
        let release = () => {};
        this.firstCall = new Promise((resolve) => (release = resolve));
        try {
          return await this.callOrFallBack(doc, messages, key, true);
        } finally {
          this.firstCallDone = true;
          release();
        }
      }
    }
    return this.callOrFallBack(doc, messages, key, false);
  }

  private async callOrFallBack(doc: CaseDoc, messages: BaseMessage[], key: string, first: boolean): Promise<Extraction> {
    if (this.fatal) throw this.fatal;
    if (this.disabled) return this.fallBack(doc, this.disabled, false);
    let lastError: unknown;
    for (let attempt = 1; attempt <= 2; attempt++) {
      try {
        const output = groundOutput(doc, parseModelJson(await this.call(messages)));
        this.stats.called++;
        this.consecutiveFailures = 0;
        this.count(output);
        await this.options.cache?.put(key, output);
        return toExtraction(doc, output);
      } catch (error) {
        lastError = error;
      }
    }
    const reason = describe(lastError);
    if (first && isUnreachable(lastError)) {
      const where = `LLM_MODEL=${this.options.modelId} at OPENAI_BASE_URL=${this.options.endpoint}`;
      if (this.options.failFast) {
        this.fatal = new ParkKgError('LLM_UNAVAILABLE', `无法使用抽取模型 (cannot reach ${where}: ${reason}); check LLM_MODEL and OPENAI_BASE_URL, or ingest with --extractor rules`, {
          cause: lastError,
        });
        throw this.fatal;
      }
      this.disabled = `model unreachable (${where}: ${reason})`;
      this.options.onWarning?.(`LLM 抽取不可用 (${this.disabled}); continuing with the rule extractor only`);
      return this.fallBack(doc, this.disabled, false);
    }
    this.consecutiveFailures++;
    const limit = this.options.maxConsecutiveFailures ?? 3;
    if (this.consecutiveFailures >= limit && !this.disabled) {
      this.disabled = `${limit} cases failed in a row, last: ${reason}`;
      this.options.onWarning?.(`LLM 抽取连续失败 (${this.disabled}); the remaining cases use the rule extractor`);
    }
    return this.fallBack(doc, reason, true);
  }

  // Streamed and joined: createChatModel's models stream, and with `streaming: true` a plain
  // invoke() can hang on some OpenAI-compatible servers after the last event.
  private async call(messages: BaseMessage[]): Promise<string> {
    const stream = await this.options.model.stream(messages, { signal: AbortSignal.timeout(this.options.timeoutMs) });
    let text = '';
    for await (const chunk of stream) text += replyText(chunk.content);
    return text;
  }

  private async fallBack(doc: CaseDoc, reason: string, warn: boolean): Promise<Extraction> {
    this.stats.fallbacks.push({ case: doc.number, reason });
    const fallback = this.options.fallback;
    if (warn) {
      const instead = fallback ? `falling back to ${fallback.name} for this case` : 'this case keeps the rule results only';
      this.options.onWarning?.(`案例 ${doc.number}: LLM 抽取失败 (${reason}); ${instead}`);
    }
    if (!fallback) return { mentions: [], relations: [] };
    const extraction = await fallback.extract(doc);
    const kind = fallback.name === 'rules' ? ('rules' as const) : undefined;
    return {
      mentions: extraction.mentions.map((mention) => ({ ...mention, ...(mention.extractor || !kind ? {} : { extractor: kind }) })),
      relations: extraction.relations.map((relation) => ({ ...relation, ...(relation.extractor || !kind ? {} : { extractor: kind }) })),
    };
  }

  private count(output: GroundedOutput): void {
    this.stats.dropped.entities += output.dropped.entities;
    this.stats.dropped.relations += output.dropped.relations;
  }
}
