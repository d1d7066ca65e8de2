// POST /api/chat: JSON answers, the SSE stream order, in-band errors, and aborts reaching the service.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../src/answer/types.js';
import { ParkKgError } from '../../src/errors.js';
import { ANSWER } from './fake-service.js';
import { deferred, expectError, parseEvents, postJson, startHarness, type Harness } from './http-harness.js';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness.close());
beforeEach(() => {
  harness.service.calls.length = 0;
  harness.service.chatBehaviour = undefined;
  harness.service.failure = undefined;
});

const chatUrl = () => `${harness.url}/api/chat`;

/** A chat that waits until its signal aborts, announcing that it started and that it saw the abort. */
function hangUntilAborted(tokenFirst: boolean) {
  const started = deferred();
  const aborted = deferred<unknown>();
  harness.service.chatBehaviour = (_request, stream, signal) =>
    new Promise((_resolve, reject) => {
      if (tokenFirst) stream?.onToken('第一段');
      started.resolve();
      signal?.addEventListener('abort', () => {
        aborted.resolve(signal.reason);
        reject(signal.reason);
      });
    });
  return { started, aborted };
}

describe('POST /api/chat (JSON)', () => {
  it('returns the ChatAnswer and passes a trimmed request', async () => {
    const history = [{ role: 'user', content: '你好' }];
    const response = await postJson(chatUrl(), { question: '  园区如何组织院士行？ ', history, mode: 'graph' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(ANSWER);
    const [request, stream, signal] = harness.service.lastArgs('chat') as [ChatRequest, unknown, AbortSignal];
    expect(request).toEqual({ question: '园区如何组织院士行？', history, mode: 'graph' });
    expect(stream).toBeUndefined();
    expect(signal).toBeInstanceOf(AbortSignal);
    expect(signal.aborted).toBe(false);
  });

  it('omits optional fields the client did not send', async () => {
    await postJson(chatUrl(), { question: '问题' });
    expect(harness.service.lastArgs('chat')?.[0]).toEqual({ question: '问题' });
  });

  it('aborts the service call when the client disconnects', async () => {
    const { started, aborted } = hangUntilAborted(false);
    const client = new AbortController();
    const pending = fetch(chatUrl(), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ question: '会被取消' }),
      signal: client.signal,
    }).catch((error: unknown) => error);
    await started.promise;
    client.abort();
    expect(await aborted.promise).toBeInstanceOf(Error);
    expect(await pending).toBeInstanceOf(Error);
  });

  it('maps LLM failures to their status with a public message', async () => {
    harness.service.chatBehaviour = async () => {
      throw new ParkKgError('LLM_TIMEOUT', 'POST https://llm.internal/v1/chat timed out after 30000 ms');
    };
    const message = await expectError(await postJson(chatUrl(), { question: '问题' }), 504, 'LLM_TIMEOUT');
    expect(message).not.toContain('llm.internal');
  });
});

describe('POST /api/chat (stream)', () => {
  it('streams token… then answer then done', async () => {
    const response = await postJson(chatUrl(), { question: '问题', stream: true });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    const events = parseEvents(await response.text());
    expect(events.map((event) => event.event)).toEqual(['token', 'token', 'answer', 'done']);
    expect(events[0]?.data).toEqual({ text: '园区邀请院士' });
    expect(events[1]?.data).toEqual({ text: '来园区考察[1]。' });
    expect(events[2]?.data).toEqual(ANSWER);
    const [, stream] = harness.service.lastArgs('chat') as [ChatRequest, { onToken: unknown }];
    expect(typeof stream.onToken).toBe('function');
  });

  it('reports a failure after the headers as an error event', async () => {
    harness.service.chatBehaviour = async (_request, stream) => {
      stream?.onToken('半句');
      throw new ParkKgError('STORE_UNAVAILABLE', 'Cannot reach Neo4j at NEO4J_URI=bolt://secret-host:7687');
    };
    const response = await postJson(chatUrl(), { question: '问题', stream: true });
    const text = await response.text();
    expect(text).not.toContain('secret-host');
    const events = parseEvents(text);
    expect(events.map((event) => event.event)).toEqual(['token', 'error']);
    expect(events[1]?.data).toEqual({ error: { code: 'STORE_UNAVAILABLE', message: expect.any(String) } });
    expect(harness.logs.some((entry) => entry.level === 'error' && entry.detail?.includes('secret-host'))).toBe(true);
  });

  it('hides unexpected errors behind INTERNAL', async () => {
    harness.service.chatBehaviour = async () => {
      throw new TypeError('cannot read properties of undefined (reading x) at /work/main/src/answer/x.ts:3');
    };
    const events = parseEvents(await (await postJson(chatUrl(), { question: '问题', stream: true })).text());
    expect(events).toEqual([{ event: 'error', data: { error: { code: 'INTERNAL', message: expect.any(String) } } }]);
    expect(JSON.stringify(events)).not.toContain('/work/');
  });

  it('aborts the service signal when the client goes away mid-stream', async () => {
    const { aborted } = hangUntilAborted(true);
    const client = new AbortController();
    const response = await fetch(chatUrl(), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ question: '问题', stream: true }),
      signal: client.signal,
    });
    const reader = response.body!.getReader();
    let seen = '';
    while (!seen.includes('event: token')) {
      const chunk = await reader.read();
      if (chunk.done) break;
      seen += new TextDecoder().decode(chunk.value);
    }
    expect(seen).toContain('"text":"第一段"');
    client.abort();
    expect(await aborted.promise).toBeInstanceOf(Error);
    expect(harness.logs.some((entry) => entry.event === 'chat-aborted')).toBe(true);
  });
});
