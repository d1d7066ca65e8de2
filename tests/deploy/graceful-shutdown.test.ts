// `park-kg serve` as a real process: JSON logs on stdout, and on SIGTERM it stops accepting,
// finishes every in-flight request, closes the store and exits 0 within 10 s. The LLM is a local
// stub that answers slowly, so all 50 chats are provably in flight when the signal arrives. The
// time from the signal to the exit is printed.
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, ensureBuilt } from '../support/built-cli.js';
import { startOpenAiStub, type OpenAiStub } from '../support/openai-stub.js';

const CONCURRENT = 50;
const STUB_DELAY_MS = 1_500;


type Child = ChildProcessByStdio<null, Readable, Readable>;

/** Every stdout line; each must be a JSON object (stdout is not a TTY here). */
function collectLines(child: Child): Array<Record<string, unknown>> {
  const lines: Array<Record<string, unknown>> = [];
  let pending = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    pending += chunk;
    let index: number;
    while ((index = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, index);
      pending = pending.slice(index + 1);
      if (line.trim() === '') continue;
      try {
        lines.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        lines.push({ notJson: line });
      }
    }
  });
  return lines;
}

async function until<T>(what: string, probe: () => T | undefined, timeoutMs: number, child: Child): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (child.exitCode !== null) throw new Error(`serve exited (${child.exitCode}) while waiting for ${what}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function exited(child: Child, limitMs: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve({ code: child.exitCode, signal: child.signalCode });
    const timer = setTimeout(() => reject(new Error(`serve did not exit within ${limitMs} ms of SIGTERM`)), limitMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal });
    });
  });
}

describe('park-kg serve shutdown', () => {
  let stub: OpenAiStub;
  let dataDir: string;
  let child: Child | undefined;
  let stderr = '';

  beforeAll(async () => {
    ensureBuilt();
    // One chunk per reply: the stub pauses before each streamed chunk.
    stub = await startOpenAiStub({ delayMs: STUB_DELAY_MS, chunkChars: 1_000, chatReply: '双方开展了合作[1]。' });
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'park-kg-serve-'));
  });

  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await stub?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it(`drains ${CONCURRENT} in-flight chats on SIGTERM, logs JSON only, and exits 0 within 10 s`, async () => {
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? os.tmpdir(),
      DATA_DIR: dataDir,
      SEEDS_DIR: path.join(ROOT, 'seeds'),
      GRAPH_STORE: 'memory',
      LOG_LEVEL: 'info',
      LLM_MODEL: 'stub-chat',
      OPENAI_BASE_URL: stub.url,
      OPENAI_API_KEY: 'sk-shutdown-test-secret',
    };
    child = spawn(process.execPath, [path.join(ROOT, 'bin/park-kg.js'), 'serve', '--port', '0'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
    });
    const lines = collectLines(child);

    // Readiness: the URL comes from the JSON start-up line (first start ingests the seeds).
    const started = await until('the start-up log line', () => lines.find((line) => line.event === 'started'), 90_000, child);
    expect(started).toMatchObject({ level: 'info', store: 'memory', llm: true, llmModel: 'stub-chat' });
    const url = String(started.url);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);

    const chats = Array.from({ length: CONCURRENT }, (_, index) =>
      fetch(`${url}/api/chat`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Request-Id': `drain-${index}` },
        body: JSON.stringify({ question: '哪些园区科协和西安交通大学有合作？' }),
      }).then(async (response) => ({ status: response.status, body: (await response.json()) as { answer?: string; composer?: string } })),
    );
    // Every chat has reached the (slow) model, so every one is in flight inside the server.
    const chatCalls = () => stub.requests.filter((request) => request.path.endsWith('/chat/completions')).length;
    await until(`${CONCURRENT} chats in flight`, () => (chatCalls() >= CONCURRENT ? true : undefined), 30_000, child);

    const exit = exited(child, 10_000);
    const signalled = performance.now();
    child.kill('SIGTERM');
    const results = await Promise.all(chats);
    const drainedMs = Math.round(performance.now() - signalled);
    const { code, signal } = await exit;
    console.log(`graceful-shutdown: ${CONCURRENT} in-flight chats answered ${drainedMs} ms after SIGTERM; exit ${String(code)} after ${Math.round(performance.now() - signalled)} ms`);

    expect(results.map((result) => result.status)).toEqual(Array(CONCURRENT).fill(200));
    for (const result of results) expect(result.body.composer).toBe('llm');
    expect(stub.requests.filter((request) => request.closedEarly)).toEqual([]);
    expect({ code, signal }, `stderr of serve:\n${stderr}`).toEqual({ code: 0, signal: null });

    // Logs: JSON only (no TTY), one request line per chat with its id, then stopping and stopped.
    expect(lines.filter((line) => 'notJson' in line)).toEqual([]);
    const events = lines.map((line) => line.event);
    expect(events.indexOf('stopping')).toBeGreaterThan(events.indexOf('started'));
    expect(events.at(-1)).toBe('stopped');
    const chatLines = lines.filter((line) => line.event === 'request' && line.path === '/api/chat');
    expect(chatLines.map((line) => line.requestId).sort()).toEqual(Array.from({ length: CONCURRENT }, (_, index) => `drain-${index}`).sort());
    expect(chatLines.every((line) => line.status === 200)).toBe(true);
    expect(JSON.stringify(lines)).not.toContain('sk-shutdown-test-secret');
  });
});
