// The OpenAI-compatible /v1 routes over the REAL offline service on the memory store: model list,
// completions with the 引用 list and park_kg, SSE chunks, follow-ups, errors in OpenAI's shape.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/app/runtime.js';
import type { ChatAnswer, Citation } from '../../src/answer/types.js';
import { citationList } from '../../src/http/routes/openai-routes.js';
import type { RunningServer } from '../../src/http/start-server.js';
import { openTestRuntime, serveRuntime } from '../support/runtime.js';
import { postJson } from './http-harness.js';

interface Completion {
  id: string;
  object: string;
  created: number;
  model: string;
  choices: Array<{ index: number; message: { role: string; content: string }; finish_reason: string }>;
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
  park_kg: { citations: Citation[]; answerable: boolean; intent: string; graph: { nodes: Array<{ id: string }>; edges: unknown[] }; mode: string };
}
interface Chunk {
  id: string;
  object: string;
  model: string;
  choices: Array<{ index: number; delta: { role?: string; content?: string }; finish_reason: string | null }>;
  usage?: { total_tokens: number };
  park_kg?: Completion['park_kg'];
}

const QUESTION = '哪些园区科协的案例和西安交通大学有关？';
const user = (content: string) => ({ role: 'user', content });

/** `data:` payloads of an OpenAI SSE body, `[DONE]` kept as the string. */
function dataLines(body: string): Array<Chunk | '[DONE]'> {
  return body
    .split('\n\n')
    .map((block) => block.split('\n').find((line) => line.startsWith('data: ')))
    .filter((line): line is string => line !== undefined)
    .map((line) => line.slice('data: '.length))
    .map((data) => (data === '[DONE]' ? '[DONE]' : (JSON.parse(data) as Chunk)));
}

/** Asserts OpenAI's error body and returns it. */
async function expectOpenAiError(response: Response, status: number, code: string, param?: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  const body = (await response.json()) as { error: { message: string; type: string; param: string | null; code: string } };
  expect(Object.keys(body)).toEqual(['error']);
  expect(body.error.code).toBe(code);
  expect(body.error.type).toBe(status >= 500 ? 'server_error' : status === 429 ? 'rate_limit_error' : 'invalid_request_error');
  expect(body.error.message.length).toBeGreaterThan(0);
  expect(body.error.message).not.toMatch(/\bat .+:\d+|\.ts:\d+|node_modules/);
  if (param !== undefined) expect(body.error.param).toBe(param);
  return body.error;
}

describe('OpenAI-compatible API on the real offline service', () => {
  let runtime: Runtime;
  let server: RunningServer;
  let url: string;

  beforeAll(async () => {
    runtime = await openTestRuntime();
    server = await serveRuntime(runtime);
    url = server.url;
  });
  afterAll(async () => {
    await server?.close();
    await runtime?.close();
  });

  const complete = (body: Record<string, unknown>) => postJson(`${url}/v1/chat/completions`, { model: 'park-kg', ...body });

  it('lists park-kg (and its retrieval modes) at GET /v1/models', async () => {
    const response = await fetch(`${url}/v1/models`, { headers: { Authorization: 'Bearer any-key' } });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { object: string; data: Array<{ id: string; object: string; created: number; owned_by: string }> };
    expect(body.object).toBe('list');
    expect(body.data[0]).toEqual({ id: 'park-kg', object: 'model', created: expect.any(Number), owned_by: 'park-kg' });
    expect(body.data.map((model) => model.id)).toEqual(expect.arrayContaining(['park-kg:graph', 'park-kg:hybrid', 'park-kg:naive']));
    expect((await fetch(`${url}/v1/models/park-kg`)).status).toBe(200);
    await expectOpenAiError(await fetch(`${url}/v1/models/gpt-4o`), 404, 'model_not_found', 'model');
  });

  it('answers a completion with the 引用 list and the park_kg field', async () => {
    const response = await complete({ messages: [{ role: 'system', content: '你是助手' }, user(QUESTION)], temperature: 0.2, seed: 7, tools: [] });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Completion;
    expect(body).toMatchObject({ object: 'chat.completion', model: 'park-kg', choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant' } }] });
    expect(body.id).toMatch(/^chatcmpl-/);
    const content = body.choices[0]!.message.content;
    const [answer, list] = content.split('\n\n引用：\n');
    expect(answer).toContain('[1]');
    const lines = list!.split('\n');
    expect(lines).toHaveLength(body.park_kg.citations.length);
    lines.forEach((line, index) => {
      const citation = body.park_kg.citations[index]!;
      expect(line).toBe(`[${index + 1}] 案例${citation.case}《${citation.title}》${citation.association} · ${citation.section}：“${citation.quote}”`);
    });
    expect(body.park_kg.answerable).toBe(true);
    expect(body.park_kg.graph.nodes.some((node) => node.id === 'university:西安交通大学')).toBe(true);
    expect(body.usage.total_tokens).toBe(body.usage.prompt_tokens + body.usage.completion_tokens);
    expect(body.usage.completion_tokens).toBeGreaterThan(0);
    // The same answer /api/chat gives, plus the list.
    const api = (await (await postJson(`${url}/api/chat`, { question: QUESTION })).json()) as ChatAnswer;
    expect(content).toBe(api.answer + citationList(api.citations));
    expect(body.park_kg.intent).toBe(api.intent);
  });

  it('accepts content as an array of text parts and picks the mode from the model id', async () => {
    const response = await complete({ model: 'park-kg:keyword', messages: [{ role: 'user', content: [{ type: 'text', text: QUESTION }] }] });
    const body = (await response.json()) as Completion;
    expect(body.model).toBe('park-kg:keyword');
    expect(body.park_kg.mode).toBe('keyword');
  });

  it('streams role, content deltas, the 引用 list, stop with park_kg, then [DONE]', async () => {
    const plain = (await (await complete({ messages: [user(QUESTION)] })).json()) as Completion;
    const response = await complete({ messages: [user(QUESTION)], stream: true, stream_options: { include_usage: true } });
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = dataLines(await response.text());
    expect(events.at(-1)).toBe('[DONE]');
    const chunks = events.filter((event): event is Chunk => event !== '[DONE]');
    expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1);
    expect(chunks.every((chunk) => chunk.object === 'chat.completion.chunk' && chunk.model === 'park-kg')).toBe(true);
    expect(chunks[0]!.choices[0]!.delta.role).toBe('assistant');
    const usage = chunks.at(-1)!;
    expect(usage.choices).toEqual([]);
    expect(usage.usage!.total_tokens).toBeGreaterThan(0);
    const stop = chunks.at(-2)!;
    expect(stop.choices[0]).toMatchObject({ delta: {}, finish_reason: 'stop' });
    expect(stop.park_kg!.citations).toEqual(plain.park_kg.citations);
    const content = chunks.flatMap((chunk) => chunk.choices.map((choice) => choice.delta.content ?? '')).join('');
    expect(content).toBe(plain.choices[0]!.message.content);
    expect(chunks.filter((chunk) => chunk.choices[0]?.delta.content).length).toBeGreaterThan(2);
  });

  it('treats earlier turns as history, so follow-ups borrow the previous answer', async () => {
    const first = '书中哪些园区科协是2023年成立的？';
    const firstReply = (await (await complete({ messages: [user(first)] })).json()) as Completion;
    const firstCases = new Set(firstReply.park_kg.citations.map((citation) => citation.case));
    const follow = (await (
      await complete({
        messages: [{ role: 'system', content: '请用中文回答' }, user(first), { role: 'assistant', content: firstReply.choices[0]!.message.content }, user('那它们和哪些高校合作过？')],
      })
    ).json()) as Completion;
    expect(follow.park_kg.answerable).toBe(true);
    expect(follow.park_kg.citations.length).toBeGreaterThan(0);
    expect(follow.park_kg.citations.every((citation) => firstCases.has(citation.case))).toBe(true);
    const alone = (await (await complete({ messages: [user('那它们和哪些高校合作过？')] })).json()) as Completion;
    expect(alone.choices[0]!.message.content).not.toBe(follow.choices[0]!.message.content);
  });

  it('refuses out-of-book questions without a 引用 list', async () => {
    const body = (await (await complete({ messages: [user('今天北京天气怎么样？')] })).json()) as Completion;
    expect(body.park_kg.answerable).toBe(false);
    expect(body.choices[0]!.message.content).not.toContain('引用：');
  });

  it.each([
    ['no messages', { messages: [] }, 'messages'],
    ['messages of the wrong type', { messages: 'hi' }, 'messages'],
    ['a tool role', { messages: [{ role: 'tool', content: 'x' }] }, 'messages.0.role'],
    ['an image part', { messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'http://x' } }] }] }, 'messages.0.content'],
    ['content of the wrong type', { messages: [{ role: 'user', content: 42 }] }, 'messages.0.content'],
    ['no user message', { messages: [{ role: 'system', content: '你好' }] }, 'messages'],
    ['a blank question', { messages: [user('   ')] }, 'messages'],
    ['a question that is too long', { messages: [user('园'.repeat(501))] }, 'messages'],
    ['temperature as text', { messages: [user(QUESTION)], temperature: 'hot' }, 'temperature'],
    ['stream as text', { messages: [user(QUESTION)], stream: 'yes' }, 'stream'],
    ['n above 1', { messages: [user(QUESTION)], n: 3 }, 'n'],
  ])('rejects %s with 400 in OpenAI shape', async (_name, body, param) => {
    await expectOpenAiError(await complete(body), 400, 'input_invalid', param);
  });

  it('maps model, JSON, media type, size and route errors to OpenAI shape', async () => {
    await expectOpenAiError(await complete({ model: 'gpt-4o-mini', messages: [user(QUESTION)] }), 404, 'model_not_found', 'model');
    await expectOpenAiError(await complete({ model: 'park-kg:fast', messages: [user(QUESTION)] }), 404, 'model_not_found', 'model');
    await expectOpenAiError(await postJson(`${url}/v1/chat/completions`, { messages: [user(QUESTION)] }), 400, 'input_invalid', 'model');
    await expectOpenAiError(await postJson(`${url}/v1/chat/completions`, '{"model":'), 400, 'input_invalid');
    await expectOpenAiError(await fetch(`${url}/v1/chat/completions`, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'hi' }), 415, 'unsupported_media_type');
    const huge = { messages: [user(QUESTION)], padding: 'x'.repeat(1_100_000) };
    await expectOpenAiError(await complete(huge), 413, 'payload_too_large');
    await expectOpenAiError(await fetch(`${url}/v1/embeddings`, { method: 'POST' }), 404, 'not_found');
    // The product API keeps its own shape.
    const api = (await (await postJson(`${url}/api/chat`, {})).json()) as { error: Record<string, unknown> };
    expect(Object.keys(api.error).sort()).toEqual(['code', 'message']);
  });
});
