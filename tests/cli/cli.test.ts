// The CLI as a user runs it: ingest, export, stats, and every bad input leaves data/ intact.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { runCli } from '../../src/cli/run-cli.js';
import { SEEDS_DIR } from '../support/real-graph.js';

async function run(args: string[], env: Record<string, string>) {
  let out = '';
  let err = '';
  const code = await runCli(args, loadConfig({ SEEDS_DIR, ...env }), { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

describe('park-kg CLI on the memory store', () => {
  let env: Record<string, string>;
  let graphFile: string;
  let firstExport: string;

  beforeAll(async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'park-kg-cli-'));
    env = { DATA_DIR: dataDir };
    graphFile = path.join(dataDir, 'graph.json');
    const result = await run(['ingest'], env);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/已导入 53 个案例 \(memory\)/);
    firstExport = (await run(['export', '--format', 'json'], env)).out;
  });

  it('exports the contract shape with cases, nodes and edges', () => {
    const exported = JSON.parse(firstExport);
    expect(Object.keys(exported)).toEqual(['cases', 'nodes', 'edges']);
    expect(exported.cases).toHaveLength(53);
    expect(exported.cases[3]).toEqual({
      number: 4, title: '启悦私享会系列活动 助力新质生产力发展', association: '北京 E_ZIKOO 智慧谷园区科协',
      park: '北京 E_ZIKOO 智慧谷园区', province: '北京', chapter: '学术交流', founded: 2023,
    });
  });

  it('re-ingests idempotently: same ids, same export', async () => {
    expect((await run(['ingest'], env)).code).toBe(0);
    expect((await run(['export'], env)).out).toBe(firstExport);
  });

  it('prints counts per label and type', async () => {
    const text = (await run(['stats'], env)).out;
    expect(text).toMatch(/Case\s+53/);
    expect(text).toMatch(/IN_CHAPTER\s+53/);
    const json = JSON.parse((await run(['stats', '--json'], env)).out);
    expect(json.labels.Association).toBe(53);
  });

  it('exports GraphML for Gephi and yEd', async () => {
    const xml = (await run(['export', '--format', 'graphml'], env)).out;
    expect(xml).toContain('<graphml');
    expect(xml).toContain('<node id="university:天津大学">');
    expect((xml.match(/<node /g) ?? []).length).toBe(JSON.parse(firstExport).nodes.length);
  });

  it.each([
    ['a missing file', async () => path.join(os.tmpdir(), 'park-kg-no-such-file.txt'), 'INPUT_NOT_FOUND'],
    ['an empty file', async () => writeTemp('empty.txt', ''), 'INPUT_EMPTY'],
    ['a GBK file', async () => writeTemp('gbk.txt', Buffer.from([0xb0, 0xa1, 0xc4, 0xe3, 0xff])), 'INPUT_NOT_UTF8'],
    ['a text with no case', async () => writeTemp('plain.txt', '这是一段普通文字。\n没有任何案例。\n'), 'INPUT_NO_CASES'],
  ])('rejects %s with one clear line and keeps data/ intact', async (_name, makeFile, code) => {
    const before = await readFile(graphFile, 'utf8');
    const result = await run(['ingest', await makeFile()], env);
    expect(result.code).toBe(1);
    expect(result.err).toContain(`[${code}]`);
    expect(result.err.trim().split('\n')).toHaveLength(1);
    expect(result.err).not.toMatch(/\n\s+at /);
    expect(await readFile(graphFile, 'utf8')).toBe(before);
  });

  it('re-ingests over a damaged graph file, keeping the damaged copy aside', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'park-kg-cli-damaged-'));
    expect((await run(['ingest'], { DATA_DIR: dir })).code).toBe(0);
    const file = path.join(dir, 'graph.json');
    await writeFile(file, (await readFile(file, 'utf8')).slice(0, 500));
    const result = await run(['ingest'], { DATA_DIR: dir });
    expect(result.code).toBe(0);
    expect(result.err).toContain('graph.json.damaged');
    expect((await run(['export'], { DATA_DIR: dir })).out).toBe(firstExport);
  });

  it('rejects unknown commands and options with usage', async () => {
    expect((await run(['frobnicate'], env)).code).toBe(2);
    const bad = await run(['export', '--format', 'csv'], env);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('--format');
  });

  it('names NEO4J_URI when Neo4j cannot be reached', async () => {
    const result = await run(['stats', '--store', 'neo4j'], { ...env, NEO4J_URI: 'bolt://127.0.0.1:1', NEO4J_TIMEOUT_MS: '2000' });
    expect(result.code).toBe(1);
    expect(result.err).toContain('[STORE_UNAVAILABLE]');
    expect(result.err).toContain('NEO4J_URI');
  });
});

async function writeTemp(name: string, content: string | Buffer): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'park-kg-input-'));
  const file = path.join(dir, name);
  await writeFile(file, content);
  return file;
}
