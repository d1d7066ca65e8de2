// POST /api/chat with `stream: true`: tokens reach the page as they arrive, then the checked
// answer replaces them (the citation check may have removed markers the tokens still hold).
import { ApiError, errorFromResponse } from './api-error.js';
import { SseParser, type SseEvent } from './sse.js';
import type { ChatAnswer, ChatBody } from './types.js';

/** Called for every `token` event, with the text so far and the new piece. */
export type TokenHandler = (soFar: string, piece: string) => void;

/** Resolves with the final ChatAnswer; rejects with ApiError (or AbortError when `signal` fires). */
export async function streamChat(body: ChatBody, onToken: TokenHandler, signal?: AbortSignal): Promise<ChatAnswer> {
  let response: Response;
  try {
    response = await fetch('/api/chat', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream' },
      body: JSON.stringify({ ...body, stream: true }),
      ...(signal ? { signal } : {}),
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError(0, 'NETWORK');
  }
  if (!response.ok) throw await errorFromResponse(response);
  const type = response.headers.get('Content-Type') ?? '';
  // A server (or proxy) that ignores `stream` still answers with the same ChatAnswer as JSON.
  if (type.includes('application/json')) return (await response.json()) as ChatAnswer;
  if (!response.body) throw new ApiError(response.status, 'BAD_RESPONSE', 'empty body');

  const parser = new SseParser();
  const decoder = new TextDecoder();
  const reader = response.body.getReader();
  const state: { text: string; answer?: ChatAnswer } = { text: '' };
  try {
    for (;;) {
      const { done, value } = await reader.read();
      const events = done ? [...parser.push(decoder.decode()), ...parser.finish()] : parser.push(decoder.decode(value, { stream: true }));
      for (const event of events) handleEvent(event, state, onToken);
      if (done) break;
    }
  } catch (error) {
    if (signal?.aborted || error instanceof ApiError) throw error;
    throw new ApiError(0, 'NETWORK', error instanceof Error ? error.message : '');
  } finally {
    reader.releaseLock();
  }
  if (!state.answer) throw new ApiError(response.status, 'BAD_RESPONSE', 'stream ended without an answer');
  return state.answer;
}

function handleEvent(event: SseEvent, state: { text: string; answer?: ChatAnswer }, onToken: TokenHandler): void {
  let data: unknown;
  try {
    data = JSON.parse(event.data);
  } catch {
    throw new ApiError(200, 'BAD_RESPONSE', `malformed ${event.event} event`);
  }
  if (event.event === 'token') {
    const piece = typeof data === 'object' && data !== null && typeof (data as { text?: unknown }).text === 'string' ? (data as { text: string }).text : '';
    state.text += piece;
    onToken(state.text, piece);
  } else if (event.event === 'answer') {
    state.answer = data as ChatAnswer;
  } else if (event.event === 'error') {
    const error = (data as { error?: { code?: unknown; message?: unknown } }).error;
    throw new ApiError(200, typeof error?.code === 'string' ? error.code : 'INTERNAL', typeof error?.message === 'string' ? error.message : '');
  }
}
