// The HTTP API over the real service: the chat contract, SSE streaming, entity and case routes,
// and the LLM path against a local OpenAI-compatible stub server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/app/runtime.js';
import type { CaseDetail, GraphOverview, SearchResult } from '../../src/app/service-types.js';
import type { ChatAnswer } from '../../src/answer/types.js';
import type { GraphNode, GraphStats } from '../../src/graph/graph-types.js';
import type { Neighbourhood } from '../../src/store/graph-store.js';
import { createLlmWriter } from '../../src/answer/llm-writer.js';
import type { RunningServer } from '../../src/http/start-server.js';
import { startOpenAiStub, type OpenAiStub } from '../support/openai-stub.js';
import { openTestRuntime, serveRuntime } from '../support/runtime.js';
import { postJson } from './http-harness.js';

async function serve(runtime: Runtime): Promise<RunningServer> {
  return serveRuntime(runtime);
}

/** Parses an SSE body into [event, data] pairs. */
function events(body: string): Array<[string, unknown]> {
  return body
    .split('\n\n')
    .filter((block) => block.includes('event:'))
    .map((block) => {
      const event = /event: (.*)/.exec(block)?.[1] ?? '';
      const data = /data: (.*)/.exec(block)?.[1] ?? 'null';
      return [event, JSON.parse(data)] as [string, unknown];
    });
}

describe('HTTP API on the real offline service', () => {
  let runtime: Runtime;
  let server: RunningServer;

  beforeAll(async () => {
    runtime = await openTestRuntime();
    server = await serve(runtime);
  });

  afterAll(async () => {
    await server?.close();
    await runtime?.close();
  });

  it('answers POST /api/chat in the contract shape', async () => {
    const response = await postJson(`${server.url}/api/chat`, { question: '哪些园区科协的案例和西安交通大学有关？' });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, never> & { citations: unknown[]; graph: { nodes: Array<{ id: string }> } };
    expect(Object.keys(body)).toEqual(expect.arrayContaining(['answer', 'answerable', 'intent', 'citations', 'graph']));
    expect(body.citations[0]).toEqual({ case: expect.any(Number), title: expect.any(String), association: expect.any(String), section: expect.any(String), sentence: expect.any(String), quote: expect.any(String) });
    expect(body.graph.nodes.some((node) => node.id === 'university:西安交通大学')).toBe(true);
  });

  it('streams tokens, then the answer, then done', async () => {
    const response = await postJson(`${server.url}/api/chat`, { question: '启悦私享会办了多少期？', stream: true });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const list = events(await response.text());
    expect(list.map(([event]) => event).at(-1)).toBe('done');
    const tokens = list.filter(([event]) => event === 'token').map(([, data]) => (data as { text: string }).text).join('');
    const answer = list.find(([event]) => event === 'answer')![1] as { answer: string };
    expect(tokens).toBe(answer.answer);
  });

  it('serves entities with neighbours, cases and text search', async () => {
    const get = async <T>(path: string) => (await (await fetch(`${server.url}${path}`)).json()) as T;
    const entities = await get<{ entities: GraphNode[] }>(`/api/entities?q=${encodeURIComponent('天津大学')}`);
    expect(entities.entities[0]?.id).toBe('university:天津大学');
    const entity = await get<Neighbourhood>(`/api/entities/${encodeURIComponent('university:天津大学')}`);
    expect(entity.nodes.length).toBeGreaterThan(0);
    const preface = await get<CaseDetail>('/api/cases/0');
    expect(preface.record.title).toBe('前言');
    expect(preface.sections[0]!.paragraphs[0]!.sentences.map((s) => s.text).join('').replace(/\s/g, '')).toContain('1454');
    const detail = await get<CaseDetail>('/api/cases/2');
    expect(detail.record.association).toBe('河南漯河经开区科协');
    expect(detail.entities.some((node) => node.id === 'university:天津大学')).toBe(true);
    const search = await get<{ results: SearchResult[] }>('/api/search?q=TRIZ');
    expect(search.results.map((hit) => hit.case)).toEqual(expect.arrayContaining([5]));
    const overview = await get<GraphOverview>('/api/graph/all');
    const stats = await get<GraphStats>('/api/stats');
    expect(overview.nodes).toHaveLength(Object.values(stats.labels).reduce((sum, n) => sum + n, 0));
    expect(overview.edges.every((edge) => !('evidence' in edge))).toBe(true);
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
  });
});

describe('the LLM composer through an OpenAI-compatible server', () => {
  let stub: OpenAiStub;
  let runtime: Runtime;
  let server: RunningServer;

  beforeAll(async () => {
    // The stub cites source [1] and one number that was never retrieved.
    stub = await startOpenAiStub({ chatReply: '根据案例，双方开展了合作[1]。另有说法[9]。', chunkChars: 3 });
    runtime = await openTestRuntime({ LLM_MODEL: 'stub-chat', OPENAI_BASE_URL: stub.url, OPENAI_API_KEY: 'sk-test' }, { createWriter: createLlmWriter });
    server = await serve(runtime);
  });

  afterAll(async () => {
    await server?.close();
    await runtime?.close();
    await stub?.close();
  });

  it('streams the model answer, keeps retrieved citations and removes the invented one', async () => {
    const response = await postJson(`${server.url}/api/chat`, { question: '哪些园区科协和西安交通大学有合作？', stream: true });
    const list = events(await response.text());
    const answer = list.find(([event]) => event === 'answer')![1] as { answer: string; composer: string; citations: unknown[]; notes: string[] };
    expect(answer.composer).toBe('llm');
    expect(answer.answer).toContain('[1]');
    expect(answer.answer).not.toContain('[9]');
    expect(answer.citations).toHaveLength(1);
    expect(answer.notes.join('')).toContain('9');
    const tokens = list.filter(([event]) => event === 'token').map(([, data]) => (data as { text: string }).text).join('');
    expect(tokens).toBe(answer.answer);
    const request = stub.requests.find((item) => item.path.endsWith('/chat/completions'));
    expect(JSON.stringify(request?.body)).toContain('西安交通大学');
  });

  it('refuses without calling the model when the book does not cover the question', async () => {
    const before = stub.requests.length;
    const body = (await (await postJson(`${server.url}/api/chat`, { question: '上海张江科学城科协是怎么做科普的？' })).json()) as ChatAnswer;
    expect(body.answerable).toBe(false);
    expect(stub.requests.length).toBe(before);
  });
});
