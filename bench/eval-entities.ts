// Entity precision and recall per type against the dev annotations (../shared/eval/dev-entities.json).
// Usage: npm run eval:entities [-- path/to/dev-entities.json]
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { loadAliasTable } from '../src/extract/alias-table.js';
import { RuleExtractor } from '../src/extract/rule-extractor.js';
import { mergeExtractions } from '../src/extract/types.js';
import { buildGraph } from '../src/graph/build-graph.js';
import type { GraphNode, NodeLabel } from '../src/graph/graph-types.js';
import { compactText } from '../src/graph/mention-scan.js';
import { parseSources, seedFiles } from '../src/pipeline/ingest.js';

const FIELDS: Record<string, NodeLabel> = {
  universities: 'University',
  research_institutes: 'ResearchInstitute',
  academicians: 'Academician',
  experts: 'Expert',
  societies: 'Society',
  enterprises: 'Enterprise',
  platforms: 'Platform',
  initiatives: 'Initiative',
};

interface GoldCase {
  case: number;
  aliases?: Record<string, string[]>;
  [field: string]: unknown;
}

const goldFile = process.argv[2] ?? path.resolve('../shared/eval/dev-entities.json');
const gold = JSON.parse(await readFile(goldFile, 'utf8')) as { cases: GoldCase[] };
const { compilations } = await parseSources(await seedFiles(path.resolve('seeds')));
const extractor = new RuleExtractor();
const snapshot = buildGraph(
  compilations,
  mergeExtractions(compilations.flatMap((c) => c.cases).map((doc) => extractor.extract(doc))),
  await loadAliasTable(path.resolve('seeds/aliases.json')),
);

const forms = (node: GraphNode) => new Set([node.name, ...node.aliases].map(compactText));
const rows: Array<[string, number, number, number, number]> = [];
const misses: string[] = [];
for (const [field, label] of Object.entries(FIELDS)) {
  let tp = 0;
  let predicted = 0;
  let found = 0;
  let total = 0;
  for (const item of gold.cases) {
    const names = (item[field] as string[] | undefined) ?? [];
    const goldForms = names.map((name) => new Set([name, ...(item.aliases?.[name] ?? [])].map(compactText)));
    const nodes = snapshot.nodes.filter((node) => node.label === label && node.cases.includes(item.case));
    predicted += nodes.length;
    for (const node of nodes) {
      const nodeForms = forms(node);
      if (goldForms.some((set) => [...set].some((form) => nodeForms.has(form)))) tp++;
      else misses.push(`  false+ case ${item.case} ${label}: ${node.name}`);
    }
    total += names.length;
    names.forEach((name, index) => {
      if (nodes.some((node) => [...goldForms[index]!].some((form) => forms(node).has(form)))) found++;
      else misses.push(`  missed case ${item.case} ${label}: ${name}`);
    });
  }
  rows.push([label, tp, predicted, found, total]);
}

const ratio = (a: number, b: number) => (b === 0 ? '  -  ' : (a / b).toFixed(2));
console.log(`Entity extraction vs ${path.basename(goldFile)} (cases ${gold.cases.map((c) => c.case).join(', ')})\n`);
console.log('| type | precision | recall | predicted | gold |');
console.log('|---|---|---|---|---|');
for (const [label, tp, predicted, found, total] of rows) {
  console.log(`| ${label} | ${ratio(tp, predicted)} | ${ratio(found, total)} | ${predicted} | ${total} |`);
}
const sum = (i: 1 | 2 | 3 | 4) => rows.reduce((acc, row) => acc + row[i], 0);
console.log(`| all | ${ratio(sum(1), sum(2))} | ${ratio(sum(3), sum(4))} | ${sum(2)} | ${sum(4)} |`);
if (process.env.VERBOSE) console.log(`\n${misses.join('\n')}`);
