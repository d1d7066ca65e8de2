// Query benchmark: in-process latency per intent (offline composer) on the memory store and, when
// reachable, on Neo4j; then HTTP throughput on /api/chat with autocannon at 20 connections.
// Prints figures only. Usage: npm run bench:query
import autocannon from 'autocannon';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openRuntime, type Runtime } from '../src/app/runtime.js';
import { loadConfig } from '../src/config/config.js';
import { createApp } from '../src/http/create-app.js';
import { startServer } from '../src/http/start-server.js';

const QUESTIONS: Record<string, string[]> = {
  lookup: ['株洲高新区科协是怎么服务科技工作者的？', '苏州工业园区科协的离岸基地做了什么？', '楚雄高新区科协的“3+科普”是什么？'],
  howto: ['园区科协怎样组织科普活动？', '园区科协如何推动校企合作培养人才？', '园区科协怎么服务企业技术创新？'],
  shared_partner: ['哪些园区科协和清华大学有关？', '中国科学院和书中哪些园区科协有联系？', '哪些园区共同邀请过院士？'],
  aggregate: ['“人才培养”篇收录了哪些案例？', '书中哪些园区科协是2020年成立的？', '书中有几个案例提到“学会服务站”？'],
  plan: ['我们园区想办一次科普日活动，请参考案例帮我拟个方案。', '我们想建一个人才驿站，请帮我设计方案。', '我们园区科协想搭建产学研对接平台，给个方案。'],
};
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);
const percentile = (values: number[], q: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))]!;

async function latencyTable(runtime: Runtime, label: string): Promise<void> {
  console.log(`\n### ${label} store, offline composer (${ROUNDS} rounds × 3 questions per intent)\n`);
  console.log('| intent | p50 ms | p95 ms |');
  console.log('|---|---|---|');
  for (const question of Object.values(QUESTIONS).flat()) await runtime.service.chat({ question }); // warm-up
  for (const [intent, questions] of Object.entries(QUESTIONS)) {
    const samples: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (const question of questions) {
        const start = performance.now();
        await runtime.service.chat({ question });
        samples.push(performance.now() - start);
      }
    }
    console.log(`| ${intent} | ${percentile(samples, 0.5).toFixed(1)} | ${percentile(samples, 0.95).toFixed(1)} |`);
  }
}

const dataDir = await mkdtemp(path.join(os.tmpdir(), 'park-kg-bench-query-'));
const memory = await openRuntime(loadConfig({ ...process.env, DATA_DIR: dataDir, GRAPH_STORE: 'memory' }), { ingestIfNeeded: true });
await latencyTable(memory, 'memory');

try {
  const neo4j = await openRuntime(loadConfig({ ...process.env, DATA_DIR: dataDir, GRAPH_STORE: 'neo4j', NEO4J_TIMEOUT_MS: '5000' }), { ingestIfNeeded: true });
  await latencyTable(neo4j, 'neo4j');
  await neo4j.close();
} catch (error) {
  console.log(`\nNeo4j skipped: ${(error as Error).message}`);
}

const server = await startServer(createApp(memory.service, { logger: () => {} }), { host: '127.0.0.1', port: 0 });
const result = await autocannon({
  url: `${server.url}/api/chat`,
  method: 'POST',
  connections: 20,
  duration: Number(process.env.BENCH_SECONDS ?? 10),
  headers: { 'content-type': 'application/json' },
  requests: Object.values(QUESTIONS).flat().map((question) => ({ body: JSON.stringify({ question }) })),
});
console.log(`\n### HTTP POST /api/chat, 20 connections, ${result.duration} s (memory store)\n`);
console.log(`requests/s mean ${result.requests.average.toFixed(0)}; latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms; non-2xx ${result.non2xx}; errors ${result.errors}; timeouts ${result.timeouts}`);
await server.close();
await memory.close();
