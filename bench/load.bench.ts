// Load benchmark: the real HTTP server in this process (memory store, offline composer) on
// 127.0.0.1, driven by autocannon in a child process so the server's memory and CPU are its own.
// Reports requests/s, latency, errors and RSS before/after. Prints figures; asserts nothing.
// Usage: node --expose-gc --import tsx bench/load.bench.ts
//   LOAD_SECONDS (30) LOAD_CONNECTIONS (50) LOAD_WARMUP_SECONDS (5); LOAD_SECONDS=5 is a CI smoke.
import autocannon from 'autocannon';
import { fork } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import { openRuntime, type Runtime } from '../src/app/runtime.js';
import { loadConfig } from '../src/config/config.js';
import { createApp } from '../src/http/create-app.js';
import { startServer, type RunningServer } from '../src/http/start-server.js';

/** Questions of every intent, written for the load test (not the evaluation set). */
export const LOAD_QUESTIONS: ReadonlyArray<{ intent: string; question: string }> = [
  { intent: 'lookup', question: '石家庄高新区科协在人才服务上做了哪些工作？' },
  { intent: 'lookup', question: '苏州工业园区科协是怎样开展国际科技合作的？' },
  { intent: 'lookup', question: '佳木斯高新区科协的主要成效有哪些？' },
  { intent: 'howto', question: '园区科协怎样帮助中小企业解决技术难题？' },
  { intent: 'howto', question: '园区科协如何建设学会服务站？' },
  { intent: 'howto', question: '园区科协怎么组织青年科技人才的交流活动？' },
  { intent: 'shared_partner', question: '哪些园区科协和中国科学院有过合作？' },
  { intent: 'shared_partner', question: '哪些园区科协建立了院士专家工作站？' },
  { intent: 'shared_partner', question: '除了扬州高新区，还有哪些园区科协邀请院士来园区？' },
  { intent: 'aggregate', question: '“国际合作”篇收录了哪些园区科协的案例？' },
  { intent: 'aggregate', question: '书中有几个案例提到“海智基地”？' },
  { intent: 'plan', question: '我们园区打算开一次产学研对接会，请帮我拟一个方案。' },
  { intent: 'plan', question: '我们科协想开展一次面向中小学生的科普研学活动，请参考案例给个方案。' },
  { intent: 'plan', question: '我们园区想成立企业科协联盟，请帮我设计方案。' },
  { intent: 'out_of_scope', question: '今天的天气怎么样？' },
];

const CLIENT_FLAG = '--load-client';
// Idle time before the last memory reading: V8 returns freed heap pages when the process goes idle.
const SETTLE_MS = 10_000;
const LLM_KEYS = ['OPENAI_API_KEY', 'OPENAI_BASE_URL', 'LLM_MODEL', 'EMBEDDINGS_MODEL'];

/** Bytes as MB with one decimal. */
export const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1);

/** A full GC: `global.gc` under --expose-gc, else the flag is switched on at run time. */
export function forceGc(): void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed();
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
}

/** The server under test and how to stop it (and remove its temporary data). */
export interface BenchServer {
  url: string;
  runtime: Runtime;
  server: RunningServer;
  close(): Promise<void>;
}

/** Ingests the seeds into a temporary memory store and listens on 127.0.0.1 (random port). */
export async function startBenchServer(): Promise<BenchServer> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'park-kg-bench-load-'));
  const env: Record<string, string | undefined> = { ...process.env, DATA_DIR: dataDir, GRAPH_STORE: 'memory', VECTOR_STORE: 'hnswlib', CHAT_RATE_LIMIT_PER_MINUTE: '0' };
  for (const key of LLM_KEYS) delete env[key]; // the offline composer is what is measured
  const runtime = await openRuntime(loadConfig(env), { ingestIfNeeded: true });
  const server = await startServer(createApp(runtime.service, { logger: () => {} }), { host: '127.0.0.1', port: 0 });
  return {
    url: server.url,
    runtime,
    server,
    close: async () => {
      await server.close();
      await runtime.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** POST /api/chat bodies cycling through the questions (each connection walks the list). */
export function chatRequests(): autocannon.Request[] {
  return LOAD_QUESTIONS.map(({ question }) => ({ method: 'POST', path: '/api/chat', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question }) }));
}

/** The figures a run reports; plain data, so it crosses the process boundary. */
export interface LoadFigures {
  title: string;
  seconds: number;
  requests: number;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
  timeouts: number;
  non2xx: number;
}

/**
 * Runs autocannon in a child process (this file with --load-client) and returns its figures, so
 * the client's sockets, buffers and CPU are not charged to the server being measured.
 */
export function runLoad(options: autocannon.Options): Promise<LoadFigures> {
  const file = fileURLToPath(import.meta.url);
  return new Promise((resolve, reject) => {
    const child = fork(file, [CLIENT_FLAG], { execArgv: process.execArgv.filter((arg) => !arg.startsWith('--cpu-prof')), stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let result: LoadFigures | null = null;
    child.on('message', (message) => {
      result = message as LoadFigures;
    });
    child.on('error', reject);
    child.on('exit', (code) => (result ? resolve(result) : reject(new Error(`load client exited with ${code} and no result`))));
    child.send(options);
  });
}

function figures(result: autocannon.Result): LoadFigures {
  return {
    title: result.title ?? '',
    seconds: result.duration,
    requests: result.requests.total,
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
  };
}

/** Child side: one autocannon run with the options the parent sent, figures back over IPC. */
async function clientMain(): Promise<void> {
  const options = await new Promise<autocannon.Options>((resolve) => process.once('message', (message) => resolve(message as autocannon.Options)));
  const result = await autocannon(options);
  await new Promise<void>((resolve) => process.send!(figures(result), () => resolve()));
  process.disconnect();
}

/** One Markdown row for a run. */
export function row(name: string, f: LoadFigures): string {
  return `| ${name} | ${f.seconds} | ${f.requests} | ${f.requestsPerSecond.toFixed(0)} | ${f.p50} | ${f.p99} | ${f.max} | ${f.errors} | ${f.timeouts} | ${f.non2xx} |`;
}

export const ROW_HEADER = '| route | s | requests | req/s | p50 ms | p99 ms | max ms | errors | timeouts | non-2xx |\n|---|---|---|---|---|---|---|---|---|---|';

async function main(): Promise<void> {
  const seconds = Number(process.env.LOAD_SECONDS ?? 30);
  const connections = Number(process.env.LOAD_CONNECTIONS ?? 50);
  const warmup = Number(process.env.LOAD_WARMUP_SECONDS ?? 5);
  const bench = await startBenchServer();
  try {
    // Warm-up: every question in-process (JIT, jieba, caches), then a short HTTP run.
    for (let round = 0; round < 3; round++) for (const { question } of LOAD_QUESTIONS) await bench.runtime.service.chat({ question });
    if (warmup > 0) await runLoad({ url: bench.url, connections: 10, duration: warmup, requests: chatRequests() });
    const memory: Array<[string, NodeJS.MemoryUsage]> = [];
    const checkpoint = (label: string) => {
      forceGc();
      memory.push([label, process.memoryUsage()]);
    };
    checkpoint('after warm-up');

    const chat = await runLoad({ url: bench.url, connections, duration: seconds, requests: chatRequests(), title: 'chat' });
    checkpoint('after POST /api/chat');
    const health = await runLoad({ url: `${bench.url}/healthz`, connections, duration: seconds, title: 'healthz' });
    checkpoint('after GET /healthz');
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    checkpoint(`after ${SETTLE_MS / 1000} s idle`);

    console.log(`\n### Load: ${connections} connections × ${seconds} s per route (memory store, offline composer, ${os.cpus().length} cores, Node ${process.version})\n`);
    console.log(`${LOAD_QUESTIONS.length} questions rotate on POST /api/chat (${[...new Set(LOAD_QUESTIONS.map((q) => q.intent))].join(', ')}); autocannon runs in a child process.\n`);
    console.log(ROW_HEADER);
    console.log(row('POST /api/chat', chat));
    console.log(row('GET /healthz', health));
    console.log('\nMemory of the server process, each after a forced GC (MB):\n');
    console.log('| checkpoint | RSS | heap total | heap used | external |\n|---|---|---|---|---|');
    for (const [label, usage] of memory) console.log(`| ${label} | ${mb(usage.rss)} | ${mb(usage.heapTotal)} | ${mb(usage.heapUsed)} | ${mb(usage.external)} |`);
    const warm = memory[0]![1];
    const growth = (label: string, usage: NodeJS.MemoryUsage) => {
      const delta = (usage.rss - warm.rss) / 1024 / 1024;
      return `${label} ${delta >= 0 ? '+' : ''}${delta.toFixed(1)} MB (${delta <= 50 ? 'within' : 'over'} +50 MB)`;
    };
    console.log(`\nRSS vs after warm-up: ${growth('right after the runs', memory[2]![1])}; ${growth('settled', memory[3]![1])}. Peak RSS ${mb(process.resourceUsage().maxRSS * 1024)} MB.`);
    console.log(`LOAD_RESULT ${JSON.stringify({ chatRequestsPerSecond: Math.round(chat.requestsPerSecond), connections, seconds })}`);
  } finally {
    await bench.close();
  }
}

const invokedAs = process.argv[1] ? path.resolve(process.argv[1]) : '';
if (process.argv.includes(CLIENT_FLAG)) await clientMain();
else if (invokedAs === fileURLToPath(import.meta.url)) await main();
