// `park-kg ingest FILE` adds a compilation to the last ingest: the default compilation keeps its
// numbers and ids, new cases follow with their own source prefix, and re-adding is idempotent.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { loadConfig } from '../../src/config/config.js';
import { caseSentences } from '../../src/corpus/types.js';
import type { GraphSnapshot } from '../../src/graph/graph-types.js';
import { loadCorpus } from '../../src/pipeline/corpus-file.js';
import { expectDefaultPartUnchanged } from '../pipeline/default-part.js';
import { BAD_PDFS, SYNTHETIC_CASES, syntheticText } from '../pipeline/synthetic-compilation.js';
import { SEEDS_DIR } from '../support/real-graph.js';

async function run(args: string[], env: Record<string, string>) {
  let out = '';
  let err = '';
  const code = await runCli(args, loadConfig({ SEEDS_DIR, ...env }), { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

describe('park-kg ingest FILE.txt adds a compilation', () => {
  let env: Record<string, string>;
  let dataDir: string;
  let inputDir: string;
  let synthetic: string;
  let defaultOnly: GraphSnapshot;
  let combinedText: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'park-kg-add-'));
    inputDir = await mkdtemp(path.join(os.tmpdir(), 'park-kg-add-input-'));
    env = { DATA_DIR: dataDir };
    synthetic = path.join(inputDir, 'synthetic-cases.txt');
    await writeFile(synthetic, syntheticText());
    expect((await run(['ingest'], env)).code).toBe(0);
    defaultOnly = JSON.parse((await run(['export'], env)).out);
    const added = await run(['ingest', synthetic], env);
    expect(added.code).toBe(0);
    expect(added.out).toMatch(/已导入 55 个案例 \(memory\)/);
    expect(added.out).toContain('synthetic-cases 案例 54–55');
    combinedText = (await run(['export'], env)).out;
  });

  it('numbers the new cases after the default compilation and leaves cases 1..53 as they were', () => {
    const combined: GraphSnapshot = JSON.parse(combinedText);
    expect(combined.cases.map((record) => record.number)).toEqual(Array.from({ length: 55 }, (_, index) => index + 1));
    expect(combined.cases.slice(53)).toEqual([
      expect.objectContaining({ number: 54, title: SYNTHETIC_CASES[0]!.title.join(' '), association: '浙江临江高新区科协', province: '浙江', chapter: '人才培养', founded: 2021 }),
      expect.objectContaining({ number: 55, title: SYNTHETIC_CASES[1]!.title.join(' '), association: '湖南青山经开区科协', province: '湖南', founded: 2019 }),
    ]);
    expectDefaultPartUnchanged(defaultOnly, combined);
    expect(combined.nodes.find((node) => node.id === 'university:临江理工大学')?.cases).toEqual([54]);
  });

  it('keeps the default sentence ids and prefixes the new ones with the source id', async () => {
    const corpus = (await loadCorpus(dataDir))!;
    expect(corpus.files).toEqual([path.join(SEEDS_DIR, 'park-association-cases-2024.txt'), synthetic]);
    const [main, added] = corpus.compilations;
    expect(caseSentences(main!.cases[0]!)[0]!.id).toMatch(/^c01-[0-9a-f]{10}$/);
    expect(added!.sourceId).toBe('synthetic-cases');
    const ids = added!.cases.flatMap((doc) => caseSentences(doc).map((sentence) => sentence.id));
    expect(ids.every((id) => /^synthetic-cases-c5[45]-[0-9a-f]{10}$/.test(id))).toBe(true);
    const exported: GraphSnapshot = JSON.parse(combinedText);
    const evidence = exported.edges.flatMap((edge) => edge.evidence).filter((item) => item.case > 53);
    expect(evidence.length).toBeGreaterThan(0);
    expect(evidence.every((item) => item.sentence.startsWith('synthetic-cases-'))).toBe(true);
  });

  it('is idempotent: adding the same file again gives the same export', async () => {
    const again = await run(['ingest', synthetic], env);
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/已导入 55 个案例/);
    expect((await run(['export'], env)).out).toBe(combinedText);
  });

  it.each([
    ['an image-only PDF', 'scan.pdf', BAD_PDFS.imageOnly, 'INPUT_NO_CASES', /no text layer/],
    ['an encrypted PDF', 'locked.pdf', BAD_PDFS.encrypted, 'INPUT_INVALID', /encrypted/],
    ['a damaged PDF', 'broken.pdf', BAD_PDFS.corrupt, 'INPUT_INVALID', /corrupt/],
    ['a text file named .pdf', 'text.pdf', () => Buffer.from('不是 PDF\n'), 'INPUT_INVALID', /not a PDF/],
  ])('rejects %s with one clear line and leaves data/ untouched', async (_name, fileName, make, code, message) => {
    const file = path.join(inputDir, fileName);
    await writeFile(file, make());
    const before = await Promise.all(['graph.json', 'corpus.json', 'extraction-report.json'].map((name) => readFile(path.join(dataDir, name), 'utf8')));
    const result = await run(['ingest', file], env);
    expect(result.code).toBe(1);
    expect(result.err).toContain(`[${code}]`);
    expect(result.err).toMatch(message);
    expect(result.err.trim().split('\n')).toHaveLength(1);
    const after = await Promise.all(['graph.json', 'corpus.json', 'extraction-report.json'].map((name) => readFile(path.join(dataDir, name), 'utf8')));
    expect(after).toEqual(before);
  });

  it('goes back to the seeds alone when run without a file', async () => {
    const result = await run(['ingest'], env);
    expect(result.out).toMatch(/已导入 53 个案例/);
    expect(JSON.parse((await run(['export'], env)).out)).toEqual(defaultOnly);
  });
});
