// The one place that knows how to reach a real model: any OpenAI-compatible chat endpoint
// (OpenAI, DeepSeek, Qwen/DashScope, Ollama, vLLM, llama.cpp) through @langchain/openai.
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { ChatOpenAI } from '@langchain/openai';
import { ParkKgError } from '../../errors.js';

/** Connection settings, taken from the parsed config (never from process.env here). */
export interface ChatModelOptions {
  /** Optional: local servers (Ollama, vLLM, llama.cpp) accept any key. */
  apiKey?: string;
  /** e.g. `https://api.deepseek.com/v1`, `http://127.0.0.1:11434/v1`; default OpenAI. */
  baseUrl?: string;
  model: string;
  /** Unset: the server's default (some reasoning models reject any other value). */
  temperature?: number;
  /** Per HTTP request; the composer also enforces its own deadline over the whole answer. */
  timeoutMs: number;
  /** Retries on 429/5xx/connection errors; small, because a person is waiting. */
  maxRetries?: number;
  maxTokens?: number;
}

export const OPENAI_BASE_URL = 'https://api.openai.com/v1';
const DEFAULT_MAX_RETRIES = 1;
// Sent when no key is configured: local servers ignore it, and passing something stops the client
// from reading OPENAI_API_KEY from the environment behind the config's back.
const PLACEHOLDER_KEY = 'not-needed';

function checkedBaseUrl(baseUrl: string | undefined): string {
  if (baseUrl === undefined) return OPENAI_BASE_URL;
  try {
    const url = new URL(baseUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(url.protocol);
  } catch (error) {
    throw new ParkKgError('CONFIG_INVALID', 'Invalid configuration — OPENAI_BASE_URL: must be an http(s) URL', { cause: error });
  }
  return baseUrl.replace(/\/+$/, '');
}

/**
 * Builds the streaming chat model. Typed as BaseChatModel so the composer and tests accept any
 * LangChain chat model (fakes included), not just ChatOpenAI.
 */
export function createChatModel(options: ChatModelOptions): BaseChatModel {
  const { apiKey, baseUrl, model, temperature, timeoutMs, maxRetries, maxTokens } = options;
  if (model.trim() === '') throw new ParkKgError('CONFIG_INVALID', 'Invalid configuration — LLM_MODEL: required');
  if ((apiKey === undefined || apiKey === '') && baseUrl === undefined) {
    throw new ParkKgError('CONFIG_INVALID', 'Invalid configuration — OPENAI_API_KEY: required when OPENAI_BASE_URL is not set');
  }
  return new ChatOpenAI({
    model,
    apiKey: apiKey === undefined || apiKey === '' ? PLACEHOLDER_KEY : apiKey,
    configuration: { baseURL: checkedBaseUrl(baseUrl) },
    temperature,
    maxTokens,
    timeout: timeoutMs,
    maxRetries: maxRetries ?? DEFAULT_MAX_RETRIES,
    streaming: true,
    // `stream_options.include_usage` is rejected by some OpenAI-compatible servers.
    streamUsage: false,
  });
}
