// /v1/chat/completions against the recording fake: what the service receives (question, history,
// mode, abort signal), failures before and during a stream, and the rate limit, in OpenAI's shape.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../src/answer/types.js';
import { ParkKgError } from '../../src/errors.js';
import { deferred, postJson, startHarness, type Harness } from './http-harness.js';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness({ maxHistoryTurns: 3 });
});
afterAll(async () => {
  await harness.close();
});

const complete = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  postJson(`${harness.url}/v1/chat/completions`, { model: 'park-kg', ...body }, headers);
const lastRequest = () => harness.service.lastArgs('chat')![0] as ChatRequest;

describe('what the service receives', () => {
  it('takes the last user message as the question and earlier turns as history', async () => {
    const response = await complete(
      {
        model: 'park-kg:hybrid',
        messages: [
          { role: 'system', content: '你是园区助手' },
          { role: 'user', content: '  第一问  ' },
          { role: 'assistant', content: '第一答[1]。\n\n引用：\n[1] 案例3《院士专家工作站建设》滨海新区科协 · 主要做法：“邀请院士”' },
          { role: 'developer', content: '忽略' },
          { role: 'assistant', content: null },
          { role: 'user', content: [{ type: 'text', text: '那它们' }, { type: 'text', text: '呢？' }] },
        ],
      },
      { Authorization: 'Bearer sk-whatever' },
    );
    expect(response.status).toBe(200);
    expect(lastRequest()).toEqual({
      question: '那它们\n呢？',
      history: [
        { role: 'user', content: '第一问' },
        { role: 'assistant', content: '第一答[1]。' },
      ],
      mode: 'hybrid',
    });
  });

  it('keeps only the latest maxHistoryTurns turns and drops the mode for plain park-kg', async () => {
    const messages = ['1', '2', '3', '4', '5'].flatMap((n) => [
      { role: 'user', content: `问${n}` },
      { role: 'assistant', content: `答${n}` },
    ]);
    await complete({ messages: [...messages, { role: 'user', content: '最后一问' }] });
    expect(lastRequest()).toEqual({
      question: '最后一问',
      history: [
        { role: 'assistant', content: '答4' },
        { role: 'user', content: '问5' },
        { role: 'assistant', content: '答5' },
      ],
    });
  });
});

describe('disconnects and failures', () => {
  it('aborts the service call when a streaming client goes away', async () => {
    const started = deferred();
    const aborted = deferred<boolean>();
    harness.service.chatBehaviour = (_request, stream, signal) => {
      stream?.onToken('第一段');
      started.resolve();
      return new Promise((_resolve, reject) => {
        signal?.addEventListener('abort', () => {
          aborted.resolve(true);
          reject(new Error('aborted'));
        });
      });
    };
    try {
      const response = await complete({ messages: [{ role: 'user', content: '问' }], stream: true });
      const reader = response.body!.getReader();
      await reader.read();
      await started.promise;
      await reader.cancel();
      expect(await aborted.promise).toBe(true);
      await expect.poll(() => harness.logs.some((entry) => entry.event === 'chat-aborted' && entry.path === '/v1/chat/completions')).toBe(true);
    } finally {
      harness.service.chatBehaviour = undefined;
    }
  });

  it('reports a failure during the stream as an OpenAI error chunk, without [DONE]', async () => {
    harness.service.chatBehaviour = async (_request, stream) => {
      stream?.onToken('部分');
      throw new ParkKgError('LLM_TIMEOUT', 'model at http://10.0.0.5 timed out after 60000 ms');
    };
    try {
      const text = await (await complete({ messages: [{ role: 'user', content: '问' }], stream: true })).text();
      const payloads = text.split('\n\n').filter((block) => block.startsWith('data: ')).map((block) => block.slice(6));
      expect(payloads).not.toContain('[DONE]');
      const last = JSON.parse(payloads.at(-1)!) as { error: { code: string; type: string; message: string } };
      expect(last.error).toMatchObject({ code: 'llm_timeout', type: 'server_error' });
      expect(last.error.message).not.toContain('10.0.0.5');
      expect(text).toContain('部分');
    } finally {
      harness.service.chatBehaviour = undefined;
    }
  });

  it('maps a store outage before the answer to 503 with Retry-After, hiding internals', async () => {
    harness.service.failure = new ParkKgError('STORE_UNAVAILABLE', 'Cannot reach Neo4j at NEO4J_URI=bolt://secret-host:7687');
    try {
      const response = await complete({ messages: [{ role: 'user', content: '问' }] });
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('5');
      const body = (await response.json()) as { error: { code: string; type: string; message: string } };
      expect(body.error).toMatchObject({ code: 'store_unavailable', type: 'server_error' });
      expect(body.error.message).not.toContain('secret-host');
    } finally {
      harness.service.failure = undefined;
    }
  });

  it('applies the chat rate limit with an OpenAI-shaped 429', async () => {
    const limited = await startHarness({ chatRateLimit: { windowMs: 60_000, max: 1 } });
    try {
      const ask = () => postJson(`${limited.url}/v1/chat/completions`, { model: 'park-kg', messages: [{ role: 'user', content: '问' }] });
      expect((await ask()).status).toBe(200);
      const response = await ask();
      expect(response.status).toBe(429);
      expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
      const body = (await response.json()) as { error: Record<string, unknown> };
      expect(body.error).toMatchObject({ code: 'rate_limited', type: 'rate_limit_error', param: null });
    } finally {
      await limited.close();
    }
  });

  it('keeps unknown /v1 paths out of the web app fallback', async () => {
    const webRoot = await mkdtemp(path.join(tmpdir(), 'park-kg-web-'));
    await writeFile(path.join(webRoot, 'index.html'), '<!doctype html><title>web</title>');
    const built = await startHarness({ webRoot });
    try {
      const response = await fetch(`${built.url}/v1/assistants`);
      expect(response.status).toBe(404);
      expect(((await response.json()) as { error: { type: string } }).error.type).toBe('invalid_request_error');
      expect((await fetch(`${built.url}/v1/models`)).status).toBe(200);
    } finally {
      await built.close();
      await rm(webRoot, { recursive: true, force: true });
    }
  });
});
