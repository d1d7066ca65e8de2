import { OpenAIEmbeddings } from '@langchain/openai';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { NumberedSource } from '../../src/answer/citation-check.js';
import { createChatModel } from '../../src/answer/llm/chat-model.js';
import { composeWithLlm } from '../../src/answer/llm/llm-composer.js';
import { DELIMITERS } from '../../src/answer/llm/untrusted-text.js';
import { ParkKgError } from '../../src/errors.js';
import { startOpenAiStub, stubEmbedding, type ChatCompletionBody, type OpenAiStub } from '../support/openai-stub.js';

const API_KEY = 'sk-test-stub-key-123';
const SOURCE_TEXT = '一是发挥上下沟通职能，促进前期靶向定位。梳理产业链导图，精准邀请院士专家。';
const SOURCES: NumberedSource[] = [
  {
    n: 1,
    text: SOURCE_TEXT,
    citation: { case: 1, title: '院士行', association: '江苏扬州高新区科协', section: '主要做法', sentence: 's1', quote: '一是发挥上下沟通职能，促进前期靶向定位。' },
  },
];
const REPLY = '“三期管理”的第一期是前期靶向定位[1]。另有说法[4]。';

const stubs: OpenAiStub[] = [];
async function stub(options: Parameters<typeof startOpenAiStub>[0]): Promise<OpenAiStub> {
  const started = await startOpenAiStub(options);
  stubs.push(started);
  return started;
}

const userContent = (body: ChatCompletionBody): string => String(body.messages?.find((message) => message.role === 'user')?.content ?? '');

let answering: OpenAiStub;
beforeAll(async () => {
  answering = await stub({ chatReply: REPLY, chunkChars: 3, delayMs: 1 });
});
afterAll(async () => {
  await Promise.all(stubs.map((started) => started.close()));
});

describe('createChatModel against a local OpenAI-compatible server', () => {
  it('streams a real answer through composeWithLlm and sends the labelled sources block', async () => {
    const model = createChatModel({ apiKey: API_KEY, baseUrl: answering.url, model: 'stub-chat', timeoutMs: 5_000 });
    const tokens: string[] = [];
    const result = await composeWithLlm({
      model,
      question: '“三期管理”具体指什么？',
      intent: 'lookup',
      history: [],
      sources: SOURCES,
      graphFacts: ['江苏扬州高新区科协 —服务→ 扬州高新区'],
      stream: { onToken: (text) => tokens.push(text) },
      timeoutMs: 5_000,
    });

    expect(tokens.length).toBeGreaterThan(3);
    expect(tokens.join('')).toBe(result.answer);
    expect(result.answer).toBe('“三期管理”的第一期是前期靶向定位[1]。另有说法。');
    expect(result.citations).toEqual([SOURCES[0]!.citation]);
    expect(result.notes).toEqual(['已移除未在检索结果中的引用 [4]']);
    expect(result.answerable).toBe(true);

    const chat = answering.requests.filter((request) => request.path === '/v1/chat/completions');
    expect(chat).toHaveLength(1);
    const request = chat[0]!;
    expect(request.headers.authorization).toBe(`Bearer ${API_KEY}`);
    const body = request.body as ChatCompletionBody;
    expect(body).toMatchObject({ model: 'stub-chat', stream: true });
    expect(body.stream_options).toBeUndefined();
    expect(body.messages?.map((message) => message.role)).toEqual(['system', 'user']);
    const user = userContent(body);
    const open = user.indexOf(DELIMITERS.sourcesOpen);
    expect(open).toBeGreaterThan(-1);
    expect(user.indexOf(SOURCE_TEXT)).toBeGreaterThan(open);
    expect(user.indexOf(DELIMITERS.sourcesClose)).toBeGreaterThan(user.indexOf(SOURCE_TEXT));
    expect(user).toContain('[1] 案例1 江苏扬州高新区科协《院士行》 · 主要做法：');
  });

  it('works without an API key for local servers (Ollama, vLLM, llama.cpp)', async () => {
    const local = await stub({ chatReply: (body) => `收到${body.messages?.length ?? 0}条消息[1]。` });
    const model = createChatModel({ baseUrl: `${local.url}/`, model: 'qwen2.5:7b', temperature: 0.1, timeoutMs: 5_000 });
    const result = await composeWithLlm({ model, question: '测试', intent: 'howto', history: [], sources: SOURCES, graphFacts: [], timeoutMs: 5_000 });
    expect(result.answer).toBe('收到2条消息[1]。');
    expect(local.requests[0]!.body).toMatchObject({ model: 'qwen2.5:7b', temperature: 0.1 });
  });

  it('cuts a server that never answers at the deadline and drops the HTTP request', async () => {
    const silent = await stub({ neverAnswer: true });
    const model = createChatModel({ apiKey: API_KEY, baseUrl: silent.url, model: 'stub-chat', timeoutMs: 30_000 });
    const error: unknown = await composeWithLlm({ model, question: '测试', intent: 'lookup', history: [], sources: SOURCES, graphFacts: [], timeoutMs: 200 }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ParkKgError);
    expect(error).toMatchObject({ code: 'LLM_TIMEOUT', retryable: true });
    expect((error as Error).message).toContain('LLM timeout');
    await vi.waitFor(() => expect(silent.requests[0]?.closedEarly).toBe(true));
  });

  it('maps HTTP errors: auth failures are final and never echo the key, 5xx are retryable', async () => {
    const ask = async (status: number): Promise<unknown> => {
      const failing = await stub({ failStatus: status });
      const model = createChatModel({ apiKey: API_KEY, baseUrl: failing.url, model: 'stub-chat', timeoutMs: 5_000, maxRetries: 0 });
      return composeWithLlm({ model, question: '测试', intent: 'lookup', history: [], sources: SOURCES, graphFacts: [], timeoutMs: 5_000 }).catch((caught: unknown) => caught);
    };
    const unauthorised = await ask(401);
    expect(unauthorised).toBeInstanceOf(ParkKgError);
    expect(unauthorised).toMatchObject({ retryable: false });
    expect((unauthorised as Error).message).toContain('HTTP 401');
    expect((unauthorised as Error).message).not.toContain(API_KEY);
    expect(await ask(503)).toMatchObject({ retryable: true, message: expect.stringContaining('HTTP 503') as unknown });
  });

  it('refuses configurations that cannot work, naming the key without its value', () => {
    expect(() => createChatModel({ model: 'x', timeoutMs: 1_000 })).toThrow(/OPENAI_API_KEY/);
    expect(() => createChatModel({ apiKey: API_KEY, baseUrl: 'ftp://example.org', model: 'x', timeoutMs: 1_000 })).toThrow(/OPENAI_BASE_URL/);
    expect(() => createChatModel({ apiKey: API_KEY, model: ' ', timeoutMs: 1_000 })).toThrow(/LLM_MODEL/);
    const error = ((): unknown => {
      try {
        return createChatModel({ apiKey: API_KEY, baseUrl: 'not a url', model: 'x', timeoutMs: 1_000 });
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(ParkKgError);
    expect(error).toMatchObject({ code: 'CONFIG_INVALID' });
    expect((error as Error).message).not.toContain(API_KEY);
  });
});

describe('the OpenAI stub itself', () => {
  it('serves /v1/models and non-streaming chat completions', async () => {
    const models = (await (await fetch(`${answering.url}/models`)).json()) as { data: Array<{ id: string }> };
    expect(models.data[0]!.id).toBe('stub-model');
    const response = await fetch(`${answering.url}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: '你好' }] }),
    });
    const completion = (await response.json()) as { choices: Array<{ message: { content: string } }> };
    expect(completion.choices[0]!.message.content).toBe(REPLY);
  });

  it('serves /v1/embeddings to the real LangChain client (base64 and float)', async () => {
    const embedder = await stub({ embeddingDimensions: 6 });
    const embeddings = new OpenAIEmbeddings({ apiKey: API_KEY, model: 'stub-embedding', configuration: { baseURL: embedder.url } });
    const [first, second] = await embeddings.embedDocuments(['院士行', '科技工作者之家']);
    expect(first).toHaveLength(6);
    expect(first![0]).toBeCloseTo(stubEmbedding('院士行', 6)[0]!, 5);
    expect(second).not.toEqual(first);
    expect(embedder.requests[0]!.body).toMatchObject({ encoding_format: 'base64', input: ['院士行', '科技工作者之家'] });
    const floats = await fetch(`${embedder.url}/embeddings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'm', input: '院士行' }),
    });
    const payload = (await floats.json()) as { data: Array<{ embedding: number[] }> };
    expect(payload.data[0]!.embedding).toEqual(stubEmbedding('院士行', 6));
  });
});
