// The offline chat end to end on the real compilation: the contract, intents, refusals, follow-ups.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/app/runtime.js';
import { caseText } from '../../src/corpus/types.js';
import { RETRIEVAL_MODES, type ChatAnswer } from '../../src/answer/types.js';
import { openTestRuntime } from '../support/runtime.js';

let runtime: Runtime;
let texts: Map<number, string>;

beforeAll(async () => {
  runtime = await openTestRuntime();
});

afterAll(async () => {
  await runtime?.close();
});

const ask = (question: string, extra: Partial<Parameters<Runtime['service']['chat']>[0]> = {}) => runtime.service.chat({ question, ...extra });

/** GUIDE §4: every [n] resolves, every quote is an exact substring of its case's text. */
async function expectContract(answer: ChatAnswer): Promise<void> {
  texts ??= await caseTexts();
  const markers = [...answer.answer.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]));
  for (const n of markers) expect(answer.citations[n - 1], `marker [${n}]`).toBeDefined();
  for (const citation of answer.citations) {
    expect(texts.get(citation.case), `case ${citation.case}`).toContain(citation.quote);
    expect(citation.sentence).toMatch(/^c\d{2}-[0-9a-f]{10}$/);
  }
  if (!answer.answerable) expect(answer.citations).toEqual([]);
}

async function caseTexts(): Promise<Map<number, string>> {
  const compilation = runtime.corpus.compilations[0]!;
  const out = new Map(runtime.corpus.compilations.flatMap((c) => c.cases).map((doc) => [doc.number, caseText(doc)]));
  out.set(0, compilation.preface.paragraphs.map((p) => p.sentences.map((s) => s.text).join('')).join('\n'));
  return out;
}

describe('offline chat on the real compilation', () => {
  it('answers a lookup about one named case, quoting the list it asks for', async () => {
    const answer = await ask('滨州经开区科协的“三创新”分别指什么？');
    expect(answer.intent).toBe('lookup');
    expect(answer.answerable).toBe(true);
    expect(new Set(answer.citations.map((c) => c.case))).toEqual(new Set([42]));
    for (const word of ['制度创新', '生态创新', '模式创新']) expect(answer.answer).toContain(word);
    await expectContract(answer);
  });

  it('links a partial park name to its case', async () => {
    const answer = await ask('株洲高新区科协是怎么服务科技工作者的？');
    expect(answer.citations.every((c) => c.case === 47)).toBe(true);
    expect(answer.citations.length).toBeGreaterThan(0);
  });

  it('answers how-to questions from several cases with their practices', async () => {
    const answer = await ask('园区科协怎样开展海外引才引智？有哪些做法？');
    expect(answer.intent).toBe('howto');
    const cases = new Set(answer.citations.map((c) => c.case));
    expect(cases.size).toBeGreaterThanOrEqual(3);
    expect([...cases].some((n) => n >= 40 && n <= 46)).toBe(true);
    await expectContract(answer);
  });

  it('answers shared-partner questions from the graph, with evidence per association', async () => {
    const answer = await ask('哪些园区科协和西安交通大学有合作或有关？');
    expect(answer.intent).toBe('shared_partner');
    expect([...new Set(answer.citations.map((c) => c.case))].sort((a, b) => a - b)).toEqual([8, 12, 19]);
    await expectContract(answer);
  });

  it('finds names the graph does not hold as exact phrases', async () => {
    const answer = await ask('“科研众包悬赏平台”在书中哪几个案例里出现？');
    expect(answer.answerable).toBe(true);
    expect(answer.citations.map((c) => c.case)).toContain(20);
  });

  it('answers aggregates from the store: chapters and founding years', async () => {
    const chapter = await ask('“国际合作”篇收录了哪些园区科协的案例？');
    expect(chapter.intent).toBe('aggregate');
    expect([...new Set(chapter.citations.map((c) => c.case))].sort((a, b) => a - b)).toEqual([40, 41, 42, 43, 44, 45, 46]);
    const founded = await ask('书中哪些园区科协是2022年成立的？');
    const cases = new Set(founded.citations.map((c) => c.case));
    expect(cases.size).toBeGreaterThan(0);
    for (const n of cases) expect((await runtime.service.listCases({ founded: 2022 })).map((r) => r.number)).toContain(n);
    await expectContract(founded);
  });

  it('drafts a plan with the five steps, every step cited', async () => {
    const answer = await ask('我们园区想建一个院士专家工作站，请参考书里的案例帮我拟一个方案。');
    expect(answer.intent).toBe('plan');
    for (const step of ['目标', '前期准备', '组织实施']) expect(answer.answer).toContain(step);
    const bullets = answer.answer.split('\n').filter((line) => line.startsWith('- '));
    expect(bullets.length).toBeGreaterThan(3);
    for (const bullet of bullets) expect(bullet).toMatch(/\[\d+\]$/);
    await expectContract(answer);
  });

  it.each([
    ['a park not in the book', '上海张江科学城科协是怎么做科普的？'],
    ['a fact the case never states', '株洲高新区科协每年的工作经费有多少？'],
    ['a region with no case', '书中有没有台湾的园区科协案例？'],
    ['a year the preface does not cover', '2026年全国一共有多少家园区科协？'],
    ['an unrelated question', '今天北京天气怎么样？'],
  ])('refuses %s plainly, with no citations', async (_kind, question) => {
    const answer = await ask(question);
    expect(answer.answerable).toBe(false);
    expect(answer.citations).toEqual([]);
    expect(answer.answer).toMatch(/没有|不在/);
  });

  it('uses the conversation for follow-up questions', async () => {
    const first = await ask('书中哪些园区科协是2023年成立的？');
    const follow = await ask('那它们和哪些高校合作过？', {
      history: [
        { role: 'user', content: '书中哪些园区科协是2023年成立的？' },
        { role: 'assistant', content: first.answer },
      ],
    });
    expect(follow.answerable).toBe(true);
    const firstCases = new Set(first.citations.map((c) => c.case));
    expect(follow.citations.length).toBeGreaterThan(0);
    expect(follow.citations.every((c) => firstCases.has(c.case))).toBe(true);
  });

  it('runs every retrieval mode and keeps the contract', async () => {
    for (const mode of RETRIEVAL_MODES) {
      const answer = await ask('园区科协如何组织科普活动？', { mode });
      expect(answer.mode).toBe(mode);
      await expectContract(answer);
    }
  });

  it('streams the answer text it returns', async () => {
    let streamed = '';
    const answer = await runtime.service.chat({ question: '启悦私享会办了多少期？' }, { onToken: (text) => (streamed += text) });
    expect(streamed).toBe(answer.answer);
  });
});
