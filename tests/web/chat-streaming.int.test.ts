// Streaming through the whole stack: a local OpenAI-compatible stub sends the answer two
// characters at a time, the server relays them as SSE `token` events, and the page must show the
// text growing before the checked answer arrives. Follow-ups carry the history; 新对话 drops it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLlmWriter } from '../../src/answer/llm-writer.js';
import { startOpenAiStub, type OpenAiStub } from '../support/openai-stub.js';
import { ask, browserAvailable, ensureWebBuild, openBrowser, screenshot, startWebServer, type BrowserSession, type WebServer } from './support/web-harness.js';

const REPLY = '根据书中案例，园区科协邀请院士专家走进园区，围绕企业技术难题开展对接交流[1]。也有园区依托院士专家工作站持续合作[2]。';

interface ChatBodySeen {
  question: string;
  history?: Array<{ role: string; content: string }>;
  stream?: boolean;
}

describe.skipIf(!browserAvailable())('web chat streaming (Chromium + OpenAI-compatible stub)', () => {
  let stub: OpenAiStub;
  let server: WebServer;
  let browser: BrowserSession;
  const bodies: ChatBodySeen[] = [];

  beforeAll(async () => {
    ensureWebBuild();
    stub = await startOpenAiStub({ chatReply: REPLY, chunkChars: 2, delayMs: 40 });
    server = await startWebServer({ LLM_MODEL: 'stub-chat', OPENAI_BASE_URL: stub.url, OPENAI_API_KEY: 'sk-test' }, { createWriter: createLlmWriter });
    browser = await openBrowser();
    browser.page.on('request', (request) => {
      if (request.url().endsWith('/api/chat') && request.method() === 'POST') bodies.push(JSON.parse(request.postData() ?? '{}') as ChatBodySeen);
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await stub?.close();
  });

  it('shows the answer growing token by token, then the checked answer with citations', async () => {
    const { page } = browser;
    await page.goto(`${server.url}/#/chat`);
    await page.locator('#question').fill('园区科协是怎样邀请院士专家进园区的？');
    await page.locator('#question').press('Enter');

    const reply = page.locator('.message-assistant').first();
    const lengthsWhileStreaming: number[] = [];
    const deadline = Date.now() + 30_000;
    for (;;) {
      const [state, length] = await reply.evaluate((element) => [element.getAttribute('data-state'), element.querySelector('.answer-text')?.textContent?.length ?? 0] as const);
      if (state === 'streaming') lengthsWhileStreaming.push(length);
      if (state === 'done' || state === 'error' || Date.now() > deadline) break;
      await page.waitForTimeout(25);
    }

    expect(await reply.getAttribute('data-state')).toBe('done');
    const distinct = [...new Set(lengthsWhileStreaming)];
    // Several different partial lengths, each longer than the last: the text grew while streaming.
    expect(distinct.length).toBeGreaterThanOrEqual(3);
    expect(distinct).toEqual([...distinct].sort((a, b) => a - b));

    expect(await reply.locator('.answer-text').textContent()).toContain('园区科协邀请院士专家走进园区');
    expect(await reply.locator('.citation-chip').count()).toBeGreaterThanOrEqual(1);
    expect(await page.locator('.provenance').textContent()).toContain('大语言模型');
    expect(bodies[0]).toMatchObject({ stream: true, question: '园区科协是怎样邀请院士专家进园区的？' });
    expect(bodies[0]?.history).toBeUndefined();
    expect(browser.pageErrors).toEqual([]);
  });

  it('sends the conversation so far with a follow-up question', async () => {
    const { page } = browser;
    await ask(page, '其中哪个案例最适合参考？');
    const followUp = bodies.at(-1);
    expect(followUp?.question).toBe('其中哪个案例最适合参考？');
    expect(followUp?.history?.map((turn) => turn.role)).toEqual(['user', 'assistant']);
    expect(followUp?.history?.[0]?.content).toBe('园区科协是怎样邀请院士专家进园区的？');
    expect(followUp?.history?.[1]?.content).toContain('[1]');
    expect(await page.locator('.exchange').count()).toBe(2);
    await screenshot(page, 'chat-follow-up');
  });

  it('starts over with 新对话: examples are back and the next question has no history', async () => {
    const { page } = browser;
    await page.getByRole('button', { name: '新对话' }).click();
    expect(await page.locator('.exchange').count()).toBe(0);
    expect(await page.locator('.welcome .example').count()).toBe(4);
    await ask(page, '园区科协怎样服务科技工作者？');
    expect(bodies.at(-1)?.history).toBeUndefined();
    expect(browser.pageErrors).toEqual([]);
  });
});
