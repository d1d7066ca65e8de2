// The real OpenAI client stack (@langchain/openai's ChatOpenAI over the openai SDK) talking to
// park-kg's /v1 routes, proving chat front-ends built on OpenAI clients can use park-kg as a model.
import { AIMessage, HumanMessage, SystemMessage } from '@langchain/core/messages';
import { ChatOpenAI } from '@langchain/openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/app/runtime.js';
import type { RunningServer } from '../../src/http/start-server.js';
import { openTestRuntime, serveRuntime } from '../support/runtime.js';

describe('ChatOpenAI pointed at park-kg', () => {
  let runtime: Runtime;
  let server: RunningServer;
  const client = (model = 'park-kg') =>
    new ChatOpenAI({ model, apiKey: 'sk-anything', configuration: { baseURL: `${server.url}/v1` }, maxRetries: 0, timeout: 30_000 });

  beforeAll(async () => {
    runtime = await openTestRuntime();
    server = await serveRuntime(runtime);
  });
  afterAll(async () => {
    await server?.close();
    await runtime?.close();
  });

  const messages = [new SystemMessage('你是园区科协案例助手'), new HumanMessage('孙安院士去过哪个园区？')];

  it('invokes and streams the same cited answer', async () => {
    const reply = await client().invoke(messages);
    expect(typeof reply.content).toBe('string');
    const content = reply.content as string;
    expect(content).toContain('扬州高新区');
    expect(content).toMatch(/\n\n引用：\n\[1\] 案例1《/);
    expect(reply.response_metadata.finish_reason).toBe('stop');

    let streamed = '';
    let chunks = 0;
    for await (const chunk of await client().stream(messages)) {
      streamed += typeof chunk.content === 'string' ? chunk.content : '';
      chunks += 1;
    }
    expect(chunks).toBeGreaterThan(2);
    expect(streamed).toBe(content);
  });

  it('carries the conversation for follow-ups and picks a mode from the model id', async () => {
    const first = await client().invoke([new HumanMessage('书中哪些园区科协是2023年成立的？')]);
    const follow = await client('park-kg:graph').invoke([
      new HumanMessage('书中哪些园区科协是2023年成立的？'),
      new AIMessage(first.content as string),
      new HumanMessage('那它们和哪些高校合作过？'),
    ]);
    const firstCases = new Set([...(first.content as string).matchAll(/\[\d+\] 案例(\d+)/g)].map((match) => match[1]));
    const followCases = [...(follow.content as string).matchAll(/\[\d+\] 案例(\d+)/g)].map((match) => match[1]);
    expect(followCases.length).toBeGreaterThan(0);
    expect(followCases.every((number) => firstCases.has(number))).toBe(true);
  });

  it('surfaces an unknown model as the client error OpenAI would give', async () => {
    const error = (await client('gpt-4o').invoke(messages).catch((caught: unknown) => caught)) as { status?: number; message?: string };
    expect(error.status).toBe(404);
    expect(error.message).toContain('park-kg');
  });
});
