// Property-based fuzzing of every HTTP endpoint with malformed input: every answer is a 4xx with
// the JSON error shape (never a 5xx), the process keeps serving, memory returns to its level.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/app/runtime.js';
import type { RunningServer } from '../../src/http/start-server.js';
import { openTestRuntime, serveRuntime } from '../support/runtime.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 2_000);

let runtime: Runtime;
let server: RunningServer;

beforeAll(async () => {
  runtime = await openTestRuntime();
  server = await serveRuntime(runtime);
});

afterAll(async () => {
  await server?.close();
  await runtime?.close();
});

/** Bodies a careless or hostile client sends: bytes, truncated JSON, scalars, nesting, huge strings. */
const hostileBody = fc.oneof(
  fc.uint8Array({ maxLength: 2_000 }).map((bytes) => Buffer.from(bytes)),
  fc.json().map((text) => Buffer.from(text.slice(0, Math.max(1, Math.floor(text.length / 2))))),
  fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.string()).map((value) => Buffer.from(JSON.stringify(value))),
  fc.integer({ min: 50, max: 5_000 }).map((depth) => Buffer.from(`${'['.repeat(depth)}${']'.repeat(depth)}`)),
  fc.integer({ min: 600, max: 200_000 }).map((size) => Buffer.from(JSON.stringify({ question: '问'.repeat(size) }))),
  fc.record({ question: fc.oneof(fc.string(), fc.integer(), fc.constant(''), fc.array(fc.string())), history: fc.anything(), mode: fc.string(), stream: fc.anything() }).map((value) =>
    Buffer.from(JSON.stringify(value)),
  ),
  fc.constant(Buffer.from([0x7b, 0x22, 0x71, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d])), // {"q":"<invalid UTF-8>"}
);

const hostileQuery = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.constantFrom('%', '%E4%B8', '%00', '../../etc/passwd', "' OR 1=1 --", 'MATCH (n) DETACH DELETE n', '<script>alert(1)</script>'),
  fc.string({ minLength: 200, maxLength: 2_000 }),
);

async function expectClientError(response: Response): Promise<void> {
  expect(response.status, `${response.status} ${response.url}`).toBeGreaterThanOrEqual(400);
  expect(response.status).toBeLessThan(500);
  const body = (await response.json()) as { error?: { code?: unknown; message?: unknown } };
  expect(typeof body.error?.code).toBe('string');
  expect(typeof body.error?.message).toBe('string');
  expect(JSON.stringify(body)).not.toMatch(/\bat .+\.(ts|js):\d+/);
}

describe('HTTP endpoints under malformed input', () => {
  it('answers every malformed chat body with a 4xx error shape', async () => {
    await fc.assert(
      fc.asyncProperty(hostileBody, fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded'), async (body, type) => {
        const response = await fetch(`${server.url}/api/chat`, { method: 'POST', headers: { 'content-type': type }, body });
        if (response.status === 200) {
          // A body that happens to be a valid question is fine; it must be a real answer.
          const answer = (await response.json()) as { answer?: unknown };
          expect(typeof answer.answer).toBe('string');
          return;
        }
        await expectClientError(response);
      }),
      { numRuns: RUNS, seed: 20261127 },
    );
  });

  it('answers malformed query strings and ids on every GET route with 200 or a 4xx error shape', async () => {
    const routes = ['/api/search?q=', '/api/entities?q=', '/api/entities/', '/api/cases/', '/api/cases?chapter=', '/api/graph/shared-partners?association=', '/api/graph/path?from=x&to='];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), hostileQuery, async (route, value) => {
        let encoded: string;
        try {
          encoded = encodeURIComponent(value);
        } catch {
          encoded = value; // lone surrogates: send raw
        }
        const response = await fetch(`${server.url}${route}${encoded}`);
        if (response.status === 200) return;
        await expectClientError(response);
      }),
      { numRuns: Math.ceil(RUNS / 2), seed: 42 },
    );
  });

  it('keeps serving and returns to its memory level afterwards', async () => {
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    const before = process.memoryUsage().heapUsed;
    for (let round = 0; round < 200; round++) {
      await fetch(`${server.url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"question":' });
    }
    gc?.();
    const after = process.memoryUsage().heapUsed;
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect(after - before).toBeLessThan(30 * 1024 * 1024);
  });
});
