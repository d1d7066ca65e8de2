// Fault: the language model accepts the request and never answers. The real @langchain/openai
// client talks to a local stub (`neverAnswer`); the chat is cut at LLM_TIMEOUT_MS with HTTP 504
// LLM_TIMEOUT (or an SSE `error` event when streaming), the request to the model is dropped, and
// the server keeps answering probes meanwhile. Times are printed; the only bound asserted is the
// one the reliability issue states (cut at LLM_TIMEOUT_MS, not a hang).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLlmWriter } from '../../src/answer/llm-writer.js';
import type { Runtime } from '../../src/app/runtime.js';
import type { RunningServer } from '../../src/http/start-server.js';
import { startOpenAiStub, type OpenAiStub } from '../support/openai-stub.js';
import { openTestRuntime, serveRuntime } from '../support/runtime.js';

const LLM_TIMEOUT_MS = 1_500;
// Cut "at" the timeout: not before it, and long before a client would give up.
const CUT_SLACK_MS = 5_000;
const CONCURRENT = 10;
const QUESTION = '哪些园区科协和西安交通大学有合作？';

interface Probe {
  status: number;
  ms: number;
}

describe('a language model that never answers', () => {
  let stub: OpenAiStub;
  let runtime: Runtime;
  let server: RunningServer;
  const figures: Record<string, number> = {};

  beforeAll(async () => {
    stub = await startOpenAiStub({ neverAnswer: true });
    runtime = await openTestRuntime(
      { LLM_MODEL: 'stub-silent', OPENAI_BASE_URL: stub.url, OPENAI_API_KEY: 'sk-faults-test', LLM_TIMEOUT_MS: String(LLM_TIMEOUT_MS) },
      { createWriter: createLlmWriter },
    );
    server = await serveRuntime(runtime);
  });

  afterAll(async () => {
    await server?.close();
    await runtime?.close();
    await stub?.close();
    console.log(`faults-llm-timeout figures (ms): ${JSON.stringify(figures)}`);
  });

  const post = (body: Record<string, unknown>) =>
    fetch(`${server.url}/api/chat`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(60_000) });

  /** Probes /healthz every 100 ms until `work` settles; every probe and its latency. */
  async function probingWhile<T>(work: Promise<T>): Promise<{ result: T; probes: Probe[] }> {
    let settled = false;
    const done = work.finally(() => {
      settled = true;
    });
    const probes: Probe[] = [];
    while (!settled) {
      const started = performance.now();
      const response = await fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(5_000) });
      await response.arrayBuffer();
      if (!settled) probes.push({ status: response.status, ms: Math.round(performance.now() - started) });
      await Promise.race([done.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 100))]);
    }
    return { result: await work, probes };
  }

  const modelCalls = () => stub.requests.filter((request) => request.path.endsWith('/chat/completions'));

  it(`POST /api/chat: ${CONCURRENT} chats are cut with 504 LLM_TIMEOUT while /healthz keeps answering`, async () => {
    const before = modelCalls().length;
    const started = performance.now();
    const chats = Promise.all(
      Array.from({ length: CONCURRENT }, async () => {
        const response = await post({ question: QUESTION });
        return { status: response.status, ms: Math.round(performance.now() - started), body: (await response.json()) as { error?: { code: string; message: string } } };
      }),
    );
    const { result, probes } = await probingWhile(chats);
    figures.chat504FirstMs = Math.min(...result.map((chat) => chat.ms));
    figures.chat504LastMs = Math.max(...result.map((chat) => chat.ms));
    figures.healthzProbesDuringWait = probes.length;
    figures.healthzMaxMs = Math.max(...probes.map((probe) => probe.ms));

    for (const chat of result) {
      expect(chat.status).toBe(504);
      expect(chat.body.error?.code).toBe('LLM_TIMEOUT');
      expect(chat.body.error?.message).not.toMatch(/127\.0\.0\.1|stub|sk-/);
      expect(chat.ms).toBeGreaterThanOrEqual(LLM_TIMEOUT_MS - 50);
      expect(chat.ms).toBeLessThan(LLM_TIMEOUT_MS + CUT_SLACK_MS);
    }
    expect(probes.length).toBeGreaterThanOrEqual(3);
    expect(probes.every((probe) => probe.status === 200)).toBe(true);
    // Every chat reached the model, and the model requests were dropped, not left hanging.
    const calls = modelCalls().slice(before);
    expect(calls).toHaveLength(CONCURRENT);
    await expect.poll(() => calls.every((call) => call.closedEarly), { timeout: 5_000 }).toBe(true);
  });

  it('streamed chat: an SSE error event with LLM_TIMEOUT, then the stream ends', async () => {
    const started = performance.now();
    const response = await post({ question: QUESTION, stream: true });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
    const { result: text, probes } = await probingWhile(response.text());
    figures.sseErrorMs = Math.round(performance.now() - started);
    figures.sseHealthzProbesDuringWait = probes.length;

    const events = text
      .split('\n\n')
      .filter((block) => block.startsWith('event: '))
      .map((block) => {
        const [eventLine, dataLine] = block.split('\n');
        return { event: eventLine!.slice('event: '.length), data: JSON.parse(dataLine!.slice('data: '.length)) as { error?: { code: string } } };
      });
    expect(events.map((event) => event.event)).toEqual(['error']);
    expect(events[0]!.data.error?.code).toBe('LLM_TIMEOUT');
    expect(figures.sseErrorMs).toBeGreaterThanOrEqual(LLM_TIMEOUT_MS - 50);
    expect(figures.sseErrorMs).toBeLessThan(LLM_TIMEOUT_MS + CUT_SLACK_MS);
    expect(probes.every((probe) => probe.status === 200)).toBe(true);
  });
});
