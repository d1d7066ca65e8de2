// A compilation printed to PDF by a real Chromium is read, parsed and added to the default one.
// Needs /usr/bin/chromium (Debian's package); skipped with one line without it, failing under CI.
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { loadConfig } from '../../src/config/config.js';
import { parseCompilation } from '../../src/corpus/parse-compilation.js';
import { readSource } from '../../src/corpus/read-source.js';
import { caseSentences } from '../../src/corpus/types.js';
import type { GraphSnapshot } from '../../src/graph/graph-types.js';
import { loadCorpus } from '../../src/pipeline/corpus-file.js';
import { expectDefaultPartUnchanged } from '../pipeline/default-part.js';
import { SYNTHETIC_CASES, syntheticHtml, syntheticText } from '../pipeline/synthetic-compilation.js';
import { SEEDS_DIR } from '../support/real-graph.js';

const CHROMIUM = '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available) {
  if (process.env.CI) throw new Error(`${CHROMIUM} is missing: the PDF tests must run in CI (apt-get install chromium fonts-noto-cjk)`);
  console.warn(`[skip] tests/corpus/pdf-compilation.int.test.ts: ${CHROMIUM} not found (apt-get install chromium fonts-noto-cjk)`);
}

/** Prints the synthetic compilation to a PDF with Chromium, as a publisher's tool would. */
async function printPdf(file: string): Promise<void> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage();
    await page.setContent(syntheticHtml(), { waitUntil: 'load' });
    // Wait for the CJK web fonts to be laid out before printing (the test runs without DOM types).
    await page.evaluate('document.fonts.ready');
    await page.pdf({ path: file, format: 'A4', printBackground: false });
  } finally {
    await browser.close();
  }
}

async function run(args: string[], env: Record<string, string>) {
  let out = '';
  let err = '';
  const code = await runCli(args, loadConfig({ SEEDS_DIR, ...env }), { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

describe.skipIf(!available)('a compilation printed to PDF', () => {
  let pdf: string;

  beforeAll(async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'park-kg-pdf-'));
    pdf = path.join(dir, 'synthetic-cases-2025.pdf');
    await printPdf(pdf);
  });

  it('reads as the parser expects: two cases with their titles, associations and sections', async () => {
    const { text, format } = await readSource(pdf);
    expect(format).toBe('pdf');
    const compilation = parseCompilation(text, { sourceId: 'pdf', sourceFile: pdf, firstCaseNumber: 54, idPrefix: 'pdf-' });
    expect(compilation.cases.map((doc) => [doc.number, doc.title, doc.association])).toEqual([
      [54, SYNTHETIC_CASES[0]!.title.join(' '), SYNTHETIC_CASES[0]!.association],
      [55, SYNTHETIC_CASES[1]!.title.join(' '), SYNTHETIC_CASES[1]!.association],
    ]);
    expect(compilation.cases[0]!.sections.map((section) => section.heading)).toEqual(['工作背景', '主要做法', '工作成效']);
    expect(compilation.cases[0]!.chapter).toEqual({ number: 2, name: '人才培养' });
    // CJK glyphs that fonts map to radicals (⻘, ⼯) come back as the characters printed (青, 工).
    expect(text).toContain('湖南青山经开区科协');
    expect(text).not.toMatch(/[\u2E80-\u2FDF]/u);
    // The PDF yields exactly the sentences (and so the ids) of the same compilation as text.
    const fromText = parseCompilation(syntheticText(), { sourceId: 'pdf', sourceFile: 'same.txt', firstCaseNumber: 54, idPrefix: 'pdf-' });
    expect(compilation.cases.map((doc) => caseSentences(doc))).toEqual(fromText.cases.map((doc) => caseSentences(doc)));
  });

  it('adds to the default compilation without changing it, and re-adding it changes nothing', async () => {
    const env = { DATA_DIR: await mkdtemp(path.join(os.tmpdir(), 'park-kg-pdf-data-')) };
    expect((await run(['ingest'], env)).code).toBe(0);
    const defaultOnly: GraphSnapshot = JSON.parse((await run(['export'], env)).out);

    const added = await run(['ingest', pdf], env);
    expect(added.err).toBe('');
    expect(added.out).toMatch(/已导入 55 个案例/);
    const exported = (await run(['export'], env)).out;
    const combined: GraphSnapshot = JSON.parse(exported);
    expectDefaultPartUnchanged(defaultOnly, combined);
    expect(combined.cases.slice(53).map((record) => [record.number, record.association])).toEqual([
      [54, '浙江临江高新区科协'],
      [55, '湖南青山经开区科协'],
    ]);
    const corpus = (await loadCorpus(env.DATA_DIR))!;
    const ids = corpus.compilations[1]!.cases.flatMap((doc) => caseSentences(doc).map((sentence) => sentence.id));
    expect(ids.length).toBeGreaterThan(10);
    expect(ids.every((id) => id.startsWith('synthetic-cases-2025-c5'))).toBe(true);
    expect(caseSentences(corpus.compilations[0]!.cases[52]!)[0]!.id).toMatch(/^c53-/);

    expect((await run(['ingest', pdf], env)).code).toBe(0);
    expect((await run(['export'], env)).out).toBe(exported);
  });
});
