// Question-answering evaluation over ../shared/eval/dev-qa.json in every retrieval mode.
// Prints a table and writes it to docs/eval.md. Usage: npm run eval [-- path/to/qa.json] [--verbose]
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { openRuntime } from '../src/app/runtime.js';
import { RETRIEVAL_MODES, type ChatAnswer, type RetrievalMode } from '../src/answer/types.js';
import { loadConfig } from '../src/config/config.js';

interface Item {
  id: string;
  kind: string;
  question: string;
  expected_cases: number[];
  must_include: string[];
}

const args = process.argv.slice(2);
const verbose = args.includes('--verbose');
const file = args.find((arg) => !arg.startsWith('--')) ?? path.resolve('../shared/eval/dev-qa.json');
const items = (JSON.parse(await readFile(file, 'utf8')) as { items: Item[] }).items;
const runtime = await openRuntime(loadConfig(), { ingestIfNeeded: true });
const squash = (text: string) => text.replace(/\s+/g, '');

interface Row {
  mode: RetrievalMode;
  recall: number;
  include: number;
  refused: number;
  falseRefusals: number;
  p50: number;
  p95: number;
}

const rows: Row[] = [];
const failures: string[] = [];
for (const mode of RETRIEVAL_MODES) {
  let recallSum = 0, recallCount = 0, includeSum = 0, includeCount = 0, negatives = 0, refused = 0, positives = 0, falseRefusals = 0;
  const latencies: number[] = [];
  for (const item of items) {
    const started = performance.now();
    const answer: ChatAnswer = await runtime.service.chat({ question: item.question, mode });
    latencies.push(performance.now() - started);
    const cited = new Set(answer.citations.map((citation) => citation.case));
    if (item.kind === 'negative') {
      negatives++;
      if (!answer.answerable) refused++;
      else if (mode === 'graph') failures.push(`${item.id} [${mode}] answered a negative: ${answer.answer.slice(0, 80)}`);
      continue;
    }
    positives++;
    if (!answer.answerable) {
      falseRefusals++;
      if (mode === 'graph') failures.push(`${item.id} [${mode}] refused: ${answer.answer}`);
    }
    if (item.expected_cases.length > 0) {
      const hit = item.expected_cases.filter((n) => cited.has(n)).length;
      recallSum += hit / item.expected_cases.length;
      recallCount++;
      if (mode === 'graph' && hit < item.expected_cases.length) failures.push(`${item.id} [${mode}] missing cases ${item.expected_cases.filter((n) => !cited.has(n)).join(',')}`);
    }
    if (item.must_include.length > 0) {
      const text = squash(answer.answer);
      const found = item.must_include.filter((needle) => text.includes(squash(needle)));
      includeSum += found.length / item.must_include.length;
      includeCount++;
      if (mode === 'graph' && found.length < item.must_include.length) {
        failures.push(`${item.id} [${mode}] missing text ${item.must_include.filter((n) => !found.includes(n)).join(' / ')}`);
      }
    }
  }
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
  rows.push({
    mode,
    recall: recallSum / Math.max(1, recallCount),
    include: includeSum / Math.max(1, includeCount),
    refused: refused / Math.max(1, negatives),
    falseRefusals: falseRefusals / Math.max(1, positives),
    p50: at(0.5),
    p95: at(0.95),
  });
}
await runtime.close();

const table = [
  '| mode | cited-case recall | must_include | negatives refused | false refusals | p50 ms | p95 ms |',
  '|---|---|---|---|---|---|---|',
  ...rows.map((r) => `| ${r.mode} | ${r.recall.toFixed(2)} | ${r.include.toFixed(2)} | ${r.refused.toFixed(2)} | ${r.falseRefusals.toFixed(2)} | ${r.p50.toFixed(0)} | ${r.p95.toFixed(0)} |`),
].join('\n');
console.log(`${path.basename(file)}: ${items.length} questions, offline composer\n\n${table}`);
if (verbose) console.log(`\n${failures.join('\n')}`);
const doc = `# Evaluation\n\n\`npm run eval\` on \`${path.basename(file)}\` (${items.length} questions), offline composer, ${new Date().toISOString().slice(0, 10)}.\n\nTargets for the default mode (graph): cited-case recall ≥ 0.9, must_include ≥ 0.8, negatives refused ≥ 0.9, false refusals ≤ 0.05.\n\n${table}\n`;
await writeFile('docs/eval.md', doc, 'utf8');
