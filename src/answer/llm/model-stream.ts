// Streams one chat model call under a hard deadline. The deadline is enforced here, not left to
// the model client: a server that accepts the request and then never sends a byte must still end
// the chat request, and the abort signal tells the client to drop the HTTP request.
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { BaseMessage } from '@langchain/core/messages';
import { ParkKgError } from '../../errors.js';

export interface ModelStreamOptions {
  /** Deadline for the whole answer, first byte to last token. */
  timeoutMs: number;
  /** The caller's cancellation (e.g. the HTTP client went away). */
  signal?: AbortSignal;
  /** Receives the text of each chunk in order; errors it throws stop the model and propagate. */
  onText: (text: string) => void;
}

// TODO(errors): use code 'LLM_TIMEOUT' (httpStatus 504) once src/errors.ts has it.
/** The error for a model that did not finish in time; retrying may help, so it says so. */
export function llmTimeoutError(timeoutMs: number, cause?: unknown): ParkKgError {
  return new ParkKgError('LLM_TIMEOUT', `LLM timeout: no complete answer within ${timeoutMs} ms (LLM_TIMEOUT_MS)`, { retryable: true, cause });
}

function cancelledError(reason: unknown): ParkKgError {
  return new ParkKgError('INTERNAL', 'LLM request cancelled', { cause: reason });
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

/**
 * Maps client errors to ParkKgError without echoing provider messages for auth failures (they can
 * contain a redacted key). Connection problems, 429 and 5xx are retryable.
 */
export function toLlmError(error: unknown, timeoutMs: number): ParkKgError {
  if (error instanceof ParkKgError) return error;
  const name = error instanceof Error ? error.name : '';
  const message = error instanceof Error ? error.message : String(error);
  if (name === 'APIConnectionTimeoutError' || /timed? ?out/i.test(message)) return llmTimeoutError(timeoutMs, error);
  const status = statusOf(error);
  if (status === 401 || status === 403) {
    return new ParkKgError('LLM_UNAVAILABLE', `LLM request rejected (HTTP ${status}): check OPENAI_API_KEY`, { cause: error, retryable: false });
  }
  const retryable = status === undefined || status === 408 || status === 429 || status >= 500;
  const detail = message.replace(/\s+/g, ' ').slice(0, 200);
  const prefix = status === undefined ? 'LLM request failed' : `LLM request failed (HTTP ${status})`;
  return new ParkKgError('LLM_UNAVAILABLE', `${prefix}: ${detail}`, { cause: error, retryable });
}

function chunkText(chunk: { content: unknown; text?: unknown }): string {
  if (typeof chunk.content === 'string') return chunk.content;
  return typeof chunk.text === 'string' ? chunk.text : '';
}

/** Streams `messages` through `model`, calling `onText` per chunk; rejects with a ParkKgError. */
export async function streamModelText(model: BaseChatModel, messages: BaseMessage[], options: ModelStreamOptions): Promise<void> {
  const { timeoutMs, signal, onText } = options;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(llmTimeoutError(timeoutMs)), timeoutMs);
  const onCallerAbort = (): void => controller.abort(cancelledError(signal?.reason));
  if (signal?.aborted) onCallerAbort();
  else signal?.addEventListener('abort', onCallerAbort, { once: true });
  const aborted = new Promise<never>((_resolve, reject) => {
    if (controller.signal.aborted) reject(controller.signal.reason);
    controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true });
  });
  aborted.catch(() => undefined);
  // Whatever the model client throws after our abort is noise; the abort reason is the answer.
  const guard = async <T>(step: Promise<T>): Promise<T> => {
    try {
      return await Promise.race([step, aborted]);
    } catch (error) {
      throw controller.signal.aborted ? controller.signal.reason : toLlmError(error, timeoutMs);
    }
  };
  try {
    const stream = await guard(model.stream(messages, { signal: controller.signal }));
    const iterator = stream[Symbol.asyncIterator]();
    for (;;) {
      const step = await guard(iterator.next());
      if (step.done === true) break;
      const text = chunkText(step.value);
      if (text !== '') onText(text);
    }
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onCallerAbort);
    // Stops the HTTP request when we leave early (timeout, cancellation, a throwing onText).
    if (!controller.signal.aborted) controller.abort();
  }
}
