// Hostile clients against the real service (memory store, real corpus): oversized bodies get 413,
// over-long questions and histories 400 at exactly the limits the validators state, the chat rate
// limit answers 429 with Retry-After and RateLimit-* headers, and a spoofed X-Forwarded-For never
// buys a fresh bucket unless a proxy is explicitly trusted.
import { request as httpRequest } from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/app/runtime.js';
import { createApp, type HttpOptions } from '../../src/http/create-app.js';
import { DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_HISTORY_TURNS, DEFAULT_MAX_QUESTION_CHARS, DEFAULT_OPENAI_MAX_BODY_BYTES, MAX_HISTORY_CHARS } from '../../src/http/http-types.js';
import { startServer, type RunningServer } from '../../src/http/start-server.js';
import { expectError, postJson } from '../http/http-harness.js';
import { openTestRuntime } from '../support/runtime.js';

/** Distinct spoofed client addresses sent while the real client is over its limit. */
const SPOOF_ATTEMPTS = 60;
const QUESTION = '哪些园区科协和天津大学合作过？';

let runtime: Runtime;
const servers: RunningServer[] = [];

async function serve(options: HttpOptions = {}): Promise<string> {
  const server = await startServer(createApp(runtime.service, { logger: () => undefined, ...options }), { host: '127.0.0.1', port: 0 });
  servers.push(server);
  return server.url;
}

beforeAll(async () => {
  runtime = await openTestRuntime();
});

afterAll(async () => {
  for (const server of servers) await server.close();
  await runtime?.close();
});

/** POSTs raw bytes with chunked transfer encoding (no Content-Length), as a streaming client would. */
function postChunked(url: string, chunks: readonly Buffer[]): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(url, { method: 'POST', headers: { 'Content-Type': 'application/json' } }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (part: string) => (body += part));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    // The server may answer 413 and close before every chunk is written; that is the point.
    outgoing.on('error', reject);
    const writeNext = (index: number) => {
      if (index >= chunks.length || outgoing.destroyed) {
        outgoing.end();
        return;
      }
      outgoing.write(chunks[index], () => writeNext(index + 1));
    };
    writeNext(0);
  });
}

/** A spoofed client address per attempt: IPv4, IPv6, lists, and the other headers proxies use. */
function spoofHeaders(attempt: number): Record<string, string> {
  const ip = `203.0.${Math.floor(attempt / 250)}.${(attempt % 250) + 1}`;
  const variants: Array<Record<string, string>> = [
    { 'X-Forwarded-For': ip },
    { 'X-Forwarded-For': `${ip}, 10.0.0.${attempt % 250}` },
    { 'X-Forwarded-For': `2001:db8::${attempt.toString(16)}` },
    { 'X-Real-IP': ip, 'X-Forwarded-For': ip },
    { Forwarded: `for=${ip};proto=https`, 'X-Forwarded-For': ip },
    { 'True-Client-IP': ip, 'CF-Connecting-IP': ip, 'X-Client-IP': ip, 'X-Forwarded-For': `unknown, ${ip}` },
  ];
  return variants[attempt % variants.length]!;
}

function expectRateLimitHeaders(response: Response, limit: number, remaining: number, windowSeconds: number): void {
  expect(response.headers.get('ratelimit-limit')).toBe(String(limit));
  expect(response.headers.get('ratelimit-remaining')).toBe(String(remaining));
  const reset = Number(response.headers.get('ratelimit-reset'));
  expect(reset).toBeGreaterThanOrEqual(1);
  expect(reset).toBeLessThanOrEqual(windowSeconds);
  expect(response.headers.get('ratelimit-policy')).toBe(`${limit};w=${windowSeconds}`);
}

describe('oversized bodies get 413', () => {
  let url: string;
  beforeAll(async () => {
    url = await serve();
  });

  it(`refuses a chat body one byte over the default ${DEFAULT_MAX_BODY_BYTES} bytes, and accepts one at the limit`, async () => {
    const padded = (size: number) => {
      const shell = JSON.stringify({ question: QUESTION, padding: '' });
      return JSON.stringify({ question: QUESTION, padding: 'x'.repeat(size - Buffer.byteLength(shell)) });
    };
    expect(Buffer.byteLength(padded(DEFAULT_MAX_BODY_BYTES))).toBe(DEFAULT_MAX_BODY_BYTES);
    expect((await postJson(`${url}/api/chat`, padded(DEFAULT_MAX_BODY_BYTES))).status).toBe(200);
    await expectError(await postJson(`${url}/api/chat`, padded(DEFAULT_MAX_BODY_BYTES + 1)), 413, 'PAYLOAD_TOO_LARGE');
    await expectError(await postJson(`${url}/api/chat`, { question: QUESTION, padding: '问'.repeat(4 * 1024 * 1024) }), 413, 'PAYLOAD_TOO_LARGE');
  });

  it('refuses a small gzip body that inflates past the limit (measured after decompression)', async () => {
    const bomb = gzipSync(JSON.stringify({ question: QUESTION, padding: ' '.repeat(8 * 1024 * 1024) }));
    expect(bomb.length).toBeLessThan(DEFAULT_MAX_BODY_BYTES);
    await expectError(await postJson(`${url}/api/chat`, new Uint8Array(bomb), { 'Content-Encoding': 'gzip' }), 413, 'PAYLOAD_TOO_LARGE');
  });

  it('refuses a chunked body without Content-Length once it passes the limit', async () => {
    const chunk = Buffer.from('x'.repeat(16 * 1024));
    const chunks = [Buffer.from('{"question":"问","padding":"'), ...Array.from({ length: 16 }, () => chunk), Buffer.from('"}')];
    const response = await postChunked(`${url}/api/chat`, chunks);
    expect(response.status).toBe(413);
    expect(JSON.parse(response.body)).toEqual({ error: { code: 'PAYLOAD_TOO_LARGE', message: expect.any(String) } });
  });

  it('honours a configured HTTP_MAX_BODY_BYTES', async () => {
    const small = await serve({ maxBodyBytes: 2_048 });
    await expectError(await postJson(`${small}/api/chat`, { question: QUESTION, padding: 'x'.repeat(2_048) }), 413, 'PAYLOAD_TOO_LARGE');
  });

  it(`refuses /v1/chat/completions bodies past ${DEFAULT_OPENAI_MAX_BODY_BYTES} bytes with an OpenAI-shaped 413`, async () => {
    const messages = [{ role: 'user', content: 'x'.repeat(DEFAULT_OPENAI_MAX_BODY_BYTES) }];
    const response = await postJson(`${url}/v1/chat/completions`, { model: 'park-kg', messages });
    expect(response.status).toBe(413);
    const body = (await response.json()) as { error: Record<string, unknown> };
    expect(body.error).toMatchObject({ code: 'payload_too_large', type: 'invalid_request_error' });
    const gzipped = gzipSync(JSON.stringify({ model: 'park-kg', messages: [{ role: 'user', content: ' '.repeat(4 * DEFAULT_OPENAI_MAX_BODY_BYTES) }] }));
    expect((await postJson(`${url}/v1/chat/completions`, new Uint8Array(gzipped), { 'Content-Encoding': 'gzip' })).status).toBe(413);
  });

  it('keeps serving afterwards', async () => {
    expect((await postJson(`${url}/api/chat`, { question: QUESTION })).status).toBe(200);
  });
});

describe('over-long questions and histories get 400 at the validators’ limits', () => {
  let url: string;
  const turns = (count: number, chars = 10) =>
    Array.from({ length: count }, (_, index) => ({ role: index % 2 === 0 ? 'user' : 'assistant', content: '问'.repeat(chars) }));

  beforeAll(async () => {
    url = await serve();
  });

  it(`question: ${DEFAULT_MAX_QUESTION_CHARS} characters pass, one more is refused (surrounding spaces do not count)`, async () => {
    expect((await postJson(`${url}/api/chat`, { question: `  ${'问'.repeat(DEFAULT_MAX_QUESTION_CHARS)}  ` })).status).toBe(200);
    const message = await expectError(await postJson(`${url}/api/chat`, { question: '问'.repeat(DEFAULT_MAX_QUESTION_CHARS + 1) }), 400, 'INPUT_INVALID');
    expect(message).toBe(`question: must be at most ${DEFAULT_MAX_QUESTION_CHARS} characters`);
    // Well under the byte limit, so it is the validator, not the body parser, that refuses it.
    const long = '问'.repeat(20_000);
    expect(Buffer.byteLength(JSON.stringify({ question: long }))).toBeLessThan(DEFAULT_MAX_BODY_BYTES);
    await expectError(await postJson(`${url}/api/chat`, { question: long }), 400, 'INPUT_INVALID');
  });

  it(`history: ${DEFAULT_MAX_HISTORY_TURNS} turns pass, one more is refused`, async () => {
    expect((await postJson(`${url}/api/chat`, { question: QUESTION, history: turns(DEFAULT_MAX_HISTORY_TURNS) })).status).toBe(200);
    const message = await expectError(await postJson(`${url}/api/chat`, { question: QUESTION, history: turns(DEFAULT_MAX_HISTORY_TURNS + 1) }), 400, 'INPUT_INVALID');
    expect(message).toBe(`history: must have at most ${DEFAULT_MAX_HISTORY_TURNS} turns`);
  });

  it(`history turn: ${MAX_HISTORY_CHARS} characters pass, one more is refused`, async () => {
    expect((await postJson(`${url}/api/chat`, { question: QUESTION, history: turns(1, MAX_HISTORY_CHARS) })).status).toBe(200);
    const history = [...turns(3), { role: 'assistant', content: '答'.repeat(MAX_HISTORY_CHARS + 1) }];
    const message = await expectError(await postJson(`${url}/api/chat`, { question: QUESTION, history }), 400, 'INPUT_INVALID');
    expect(message).toBe(`history.3.content: must be at most ${MAX_HISTORY_CHARS} characters`);
  });

  it('configured limits are the ones enforced', async () => {
    const strict = await serve({ maxQuestionChars: 40, maxHistoryTurns: 2 });
    await expectError(await postJson(`${strict}/api/chat`, { question: '问'.repeat(41) }), 400, 'INPUT_INVALID');
    await expectError(await postJson(`${strict}/api/chat`, { question: QUESTION, history: turns(3) }), 400, 'INPUT_INVALID');
    expect((await postJson(`${strict}/api/chat`, { question: '问'.repeat(40), history: turns(2) })).status).toBe(200);
  });

  it('/v1: an over-long last user message or too many messages are refused; older long turns are cut, not refused', async () => {
    const complete = (messages: unknown[]) => postJson(`${url}/v1/chat/completions`, { model: 'park-kg', messages });
    const tooLong = await complete([{ role: 'user', content: '问'.repeat(DEFAULT_MAX_QUESTION_CHARS + 1) }]);
    expect(tooLong.status).toBe(400);
    expect(((await tooLong.json()) as { error: Record<string, unknown> }).error).toMatchObject({ code: 'input_invalid', param: 'messages' });
    const tooMany = await complete(Array.from({ length: 2_001 }, () => ({ role: 'user', content: '问' })));
    expect(tooMany.status).toBe(400);
    // Chat front-ends resend whole conversations: 60 turns of 5 000 characters (~0.9 MB) are trimmed to the last 20 of 4 000.
    expect((await complete([...turns(60, 5_000), { role: 'user', content: QUESTION }])).status).toBe(200);
  });

  it('GET routes refuse over-long query text', async () => {
    await expectError(await fetch(`${url}/api/search?q=${encodeURIComponent('问'.repeat(201))}`), 400, 'INPUT_INVALID');
    await expectError(await fetch(`${url}/api/entities?q=${encodeURIComponent('问'.repeat(101))}`), 400, 'INPUT_INVALID');
    await expectError(await fetch(`${url}/api/graph/path?from=${'a'.repeat(301)}&to=b`), 400, 'INPUT_INVALID');
  });
});

describe('chat rate limit', () => {
  const LIMIT = 3;
  const WINDOW_MS = 60_000;
  const windowSeconds = WINDOW_MS / 1000;

  it('counts down in RateLimit-* headers, then answers 429 with Retry-After', async () => {
    const url = await serve({ chatRateLimit: { windowMs: WINDOW_MS, max: LIMIT } });
    for (let index = 1; index <= LIMIT; index += 1) {
      const response = await postJson(`${url}/api/chat`, { question: QUESTION });
      expect(response.status).toBe(200);
      expectRateLimitHeaders(response, LIMIT, LIMIT - index, windowSeconds);
    }
    const refused = await postJson(`${url}/api/chat`, { question: QUESTION });
    expectRateLimitHeaders(refused, LIMIT, 0, windowSeconds);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(windowSeconds);
    expect(refused.headers.get('retry-after')).toBe(refused.headers.get('ratelimit-reset'));
    await expectError(refused, 429, 'RATE_LIMITED');
    // Only chat is limited: the rest of the API keeps answering.
    expect((await fetch(`${url}/api/stats`)).status).toBe(200);
  });

  it(`by default ignores X-Forwarded-For and friends: ${SPOOF_ATTEMPTS} spoofed addresses all get 429`, async () => {
    const url = await serve({ chatRateLimit: { windowMs: WINDOW_MS, max: LIMIT } });
    for (let index = 0; index < LIMIT; index += 1) {
      expect((await postJson(`${url}/api/chat`, { question: QUESTION }, spoofHeaders(index))).status).toBe(200);
    }
    const statuses: number[] = [];
    for (let attempt = LIMIT; attempt < LIMIT + SPOOF_ATTEMPTS; attempt += 1) {
      const response = await postJson(`${url}/api/chat`, { question: QUESTION }, spoofHeaders(attempt));
      statuses.push(response.status);
      expect(response.headers.get('ratelimit-remaining')).toBe('0');
      await response.body?.cancel();
    }
    expect(statuses).toEqual(Array.from({ length: SPOOF_ATTEMPTS }, () => 429));
  });

  it('applies the same to /v1/chat/completions, with OpenAI-shaped 429s', async () => {
    const url = await serve({ chatRateLimit: { windowMs: WINDOW_MS, max: 1 } });
    const complete = (headers: Record<string, string>) => postJson(`${url}/v1/chat/completions`, { model: 'park-kg', messages: [{ role: 'user', content: QUESTION }] }, headers);
    expect((await complete(spoofHeaders(0))).status).toBe(200);
    for (let attempt = 1; attempt <= 20; attempt += 1) {
      const response = await complete(spoofHeaders(attempt));
      expect(response.status).toBe(429);
      expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(((await response.json()) as { error: Record<string, unknown> }).error).toMatchObject({ code: 'rate_limited', type: 'rate_limit_error' });
    }
  });

  it('trusts X-Forwarded-For only from an explicitly trusted proxy', async () => {
    // The test client connects from 127.0.0.1: with `loopback` trusted it plays the proxy.
    const behindProxy = await serve({ chatRateLimit: { windowMs: WINDOW_MS, max: 1 }, trustProxy: 'loopback' });
    for (let client = 0; client < 5; client += 1) {
      const response = await postJson(`${behindProxy}/api/chat`, { question: QUESTION }, { 'X-Forwarded-For': `198.51.100.${client + 1}` });
      expect(response.status).toBe(200);
      expect(response.headers.get('ratelimit-remaining')).toBe('0');
    }
    // Each forwarded client still has its own limit.
    await expectError(await postJson(`${behindProxy}/api/chat`, { question: QUESTION }, { 'X-Forwarded-For': '198.51.100.1' }), 429, 'RATE_LIMITED');

    // A proxy is trusted by address: the same header from anyone else is ignored.
    const otherProxy = await serve({ chatRateLimit: { windowMs: WINDOW_MS, max: 1 }, trustProxy: ['10.0.0.1'] });
    expect((await postJson(`${otherProxy}/api/chat`, { question: QUESTION }, { 'X-Forwarded-For': '198.51.100.1' })).status).toBe(200);
    await expectError(await postJson(`${otherProxy}/api/chat`, { question: QUESTION }, { 'X-Forwarded-For': '198.51.100.2' }), 429, 'RATE_LIMITED');
  });

  it.each([
    ['a negative hop count', -1],
    ['an empty list', [] as string[]],
    ['a malformed address', 'not-an-address'],
  ])('refuses %s as trustProxy at startup', (_name, trustProxy) => {
    expect(() => createApp(runtime.service, { trustProxy })).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
  });
});
