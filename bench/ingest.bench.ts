// Ingest benchmark: parse, extract, build, memory load and Neo4j load times (median of several
// runs) and peak RSS, plus the end-to-end CLI ingest. Prints figures; asserts nothing.
import { execFileSync } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config/config.js';
import { loadAliasTable } from '../src/extract/alias-table.js';
import { RuleExtractor } from '../src/extract/rule-extractor.js';
import { mergeExtractions } from '../src/extract/types.js';
import { buildGraph } from '../src/graph/build-graph.js';
import { parseSources, seedFiles } from '../src/pipeline/ingest.js';
import { MemoryGraphStore } from '../src/store/memory/memory-store.js';
import { openNeo4jStore } from '../src/store/neo4j/neo4j-store.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const time = async <T>(work: () => Promise<T> | T): Promise<[T, number]> => {
  const start = performance.now();
  const result = await work();
  return [result, performance.now() - start];
};

const files = await seedFiles(path.resolve('seeds'));
const aliases = await loadAliasTable(path.resolve('seeds/aliases.json'));
const samples: Record<string, number[]> = { parse: [], extract: [], build: [], 'memory load': [], 'neo4j load': [], 'cli ingest (memory, end to end)': [] };

const config = loadConfig(process.env);
const neo4j = await openNeo4jStore({ ...config, NEO4J_TIMEOUT_MS: 5_000 }).catch((error: Error) => {
  console.log(`Neo4j skipped: ${error.message}`);
  return null;
});

for (let run = 0; run < RUNS; run++) {
  const [{ compilations }, parse] = await time(() => parseSources(files));
  const extractor = new RuleExtractor();
  const [extraction, extract] = await time(() => mergeExtractions(compilations.flatMap((c) => c.cases).map((doc) => extractor.extract(doc))));
  const [snapshot, build] = await time(() => buildGraph(compilations, extraction, aliases));
  const memory = await MemoryGraphStore.open(await mkdtemp(path.join(os.tmpdir(), 'park-kg-bench-')));
  const [, memoryLoad] = await time(() => memory.replaceAll(snapshot));
  samples.parse!.push(parse);
  samples.extract!.push(extract);
  samples.build!.push(build);
  samples['memory load']!.push(memoryLoad);
  if (neo4j) samples['neo4j load']!.push((await time(() => neo4j.replaceAll(snapshot)))[1]);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'park-kg-bench-cli-'));
  const [, cli] = await time(() => execFileSync(process.execPath, ['bin/park-kg.js', 'ingest'], { env: { ...process.env, DATA_DIR: dataDir, GRAPH_STORE: 'memory' }, stdio: 'pipe' }));
  samples['cli ingest (memory, end to end)']!.push(cli);
}
await neo4j?.close();

console.log(`\npark-kg ingest benchmark: ${RUNS} runs, ${os.cpus().length} cores, Node ${process.version}\n`);
console.log('| step | median ms | min ms | max ms |');
console.log('|---|---|---|---|');
for (const [step, values] of Object.entries(samples)) {
  if (values.length === 0) continue;
  console.log(`| ${step} | ${median(values).toFixed(0)} | ${Math.min(...values).toFixed(0)} | ${Math.max(...values).toFixed(0)} |`);
}
console.log(`\npeak RSS of this process: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
