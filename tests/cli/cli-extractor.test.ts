// `park-kg ingest --extractor rules|llm|both` against the local OpenAI-compatible stub: merged
// results with provenance, the cache, per-case fallback and the unreachable-model error.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { loadConfig } from '../../src/config/config.js';
import type { GraphSnapshot } from '../../src/graph/graph-types.js';
import type { ExtractionReport } from '../../src/pipeline/extraction-report.js';
import { fakeExtractionReply, syntheticText, userPrompt } from '../pipeline/synthetic-compilation.js';
import { startOpenAiStub, type ChatCompletionBody, type OpenAiStub } from '../support/openai-stub.js';

async function run(args: string[], env: Record<string, string>) {
  let out = '';
  let err = '';
  const code = await runCli(args, loadConfig(env), { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

const chatCalls = (stub: OpenAiStub) => stub.requests.filter((request) => request.path === '/v1/chat/completions').length;
const nodeIds = (snapshot: GraphSnapshot) => snapshot.nodes.map((node) => node.id);

describe('park-kg ingest --extractor', () => {
  let stub: OpenAiStub;
  let env: Record<string, string>;
  let dataDir: string;
  let rulesOnly: GraphSnapshot;
  let both: string;

  beforeAll(async () => {
    stub = await startOpenAiStub({ chatReply: (body: ChatCompletionBody) => fakeExtractionReply(userPrompt(body)) });
    const seedsDir = await mkdtemp(path.join(os.tmpdir(), 'park-kg-llm-seeds-'));
    await writeFile(path.join(seedsDir, 'synthetic-cases.txt'), syntheticText());
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'park-kg-llm-data-'));
    env = { DATA_DIR: dataDir, SEEDS_DIR: seedsDir, LLM_MODEL: 'stub-model', OPENAI_BASE_URL: stub.url };
    expect((await run(['ingest', '--extractor', 'rules'], env)).code).toBe(0);
    rulesOnly = JSON.parse((await run(['export'], env)).out);
    const result = await run(['ingest', '--extractor', 'both'], env);
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    expect(result.out).toContain('LLM 抽取 (stub-model): 2 个案例, 0 个来自缓存, 2 次调用, 0 个回退到规则');
    both = (await run(['export'], env)).out;
  });
  afterAll(async () => stub.close());

  it('both: keeps every rule entity and adds the grounded LLM ones, export shape unchanged', () => {
    const merged: GraphSnapshot = JSON.parse(both);
    expect(Object.keys(merged)).toEqual(['cases', 'nodes', 'edges']);
    expect(Object.keys(merged.nodes[0]!)).toEqual(['id', 'label', 'name', 'aliases', 'cases']);
    expect(nodeIds(merged)).toEqual(expect.arrayContaining(nodeIds(rulesOnly)));
    const added = nodeIds(merged).filter((id) => !nodeIds(rulesOnly).includes(id));
    expect(added.sort()).toEqual(['enterprise:青山重工科技有限公司', 'institute:临江新材料联合研究院']);
    expect(both).not.toContain('虚构科技大学');
    expect(both).not.toContain('c99-0000000000');
    const edge = merged.edges.find((item) => item.type === 'PARTNERS_WITH' && item.target === 'institute:临江新材料联合研究院');
    expect(edge?.source).toBe('association:浙江临江高新区科协');
    expect(edge?.evidence[0]?.text).toContain('临江新材料联合研究院');
  });

  it('writes a provenance report naming the extractors behind each node and edge', async () => {
    const report: ExtractionReport = JSON.parse(await readFile(path.join(dataDir, 'extraction-report.json'), 'utf8'));
    expect(report.mode).toBe('both');
    expect(report.llm).toMatchObject({ model: 'stub-model', cases: 2, called: 2, dropped: { entities: 6, relations: 2 } });
    expect(report.nodes['university:临江理工大学']).toMatchObject({ extractors: ['llm', 'rules'], mentions: { llm: 1, rules: 1 } });
    expect(report.nodes['institute:临江新材料联合研究院']?.extractors).toEqual(['llm']);
    expect(report.nodes['society:湖南省机械工程学会']?.extractors).toEqual(['rules']);
    expect(report.edges['association:浙江临江高新区科协 -[PARTNERS_WITH]-> institute:临江新材料联合研究院']?.extractors).toEqual(['llm']);
    expect(report.totals.llm?.nodes).toBe(4);
  });

  it('re-ingests from the cache without calling the model (EXTRACTOR from the config)', async () => {
    const calls = chatCalls(stub);
    const again = await run(['ingest'], { ...env, EXTRACTOR: 'both' });
    expect(again.code).toBe(0);
    expect(again.out).toContain('2 个来自缓存, 0 次调用');
    expect(chatCalls(stub)).toBe(calls);
    expect((await run(['export'], env)).out).toBe(both);
  });

  it('llm: a model that never answers falls back to the rules per case, with a warning', async () => {
    const silent = await startOpenAiStub({ neverAnswer: true });
    try {
      const result = await run(['ingest', '--extractor', 'llm'], { ...env, OPENAI_BASE_URL: silent.url, LLM_MODEL: 'silent-model', LLM_TIMEOUT_MS: '300' });
      expect(result.code).toBe(0);
      expect(result.err).toMatch(/案例 1: LLM 抽取失败 \(timed out\); falling back to rules/);
      expect(result.err).toMatch(/案例 2: LLM 抽取失败/);
      expect(result.out).toContain('2 个回退到规则');
      expect(JSON.parse((await run(['export'], env)).out)).toEqual(rulesOnly);
    } finally {
      await silent.close();
    }
  });

  it('llm: an unreachable model stops the ingest naming LLM_MODEL and OPENAI_BASE_URL, data untouched', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/v1`;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const before = await readFile(path.join(dataDir, 'graph.json'), 'utf8');
    const result = await run(['ingest', '--extractor', 'llm'], { ...env, OPENAI_BASE_URL: url, LLM_MODEL: 'gone-model' });
    expect(result.code).toBe(1);
    expect(result.err).toContain('[LLM_UNAVAILABLE]');
    expect(result.err).toContain('LLM_MODEL=gone-model');
    expect(result.err).toContain(`OPENAI_BASE_URL=${url}`);
    expect(result.err.trim().split('\n')).toHaveLength(1);
    expect(await readFile(path.join(dataDir, 'graph.json'), 'utf8')).toBe(before);
  });

  it('rejects an unknown extractor and an LLM extractor without a configured model', async () => {
    const bogus = await run(['ingest', '--extractor', 'magic'], env);
    expect(bogus.code).toBe(1);
    expect(bogus.err).toContain('--extractor must be rules, llm or both');
    const unconfigured = await run(['ingest', '--extractor', 'llm'], { DATA_DIR: dataDir, SEEDS_DIR: env.SEEDS_DIR! });
    expect(unconfigured.code).toBe(1);
    expect(unconfigured.err).toContain('[CONFIG_INVALID]');
    expect(unconfigured.err).toContain('LLM_MODEL');
  });
});
