// Bad input is always a 4xx with the error shape; service failures map by code; nothing leaks.
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ParkKgError } from '../../src/errors.js';
import { expectError, postJson, startHarness, type Harness } from './http-harness.js';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness({ maxBodyBytes: 4096, maxQuestionChars: 50, maxHistoryTurns: 2 });
});
afterAll(() => harness.close());
beforeEach(() => {
  harness.service.failure = undefined;
  harness.service.calls.length = 0;
});

const chatUrl = () => `${harness.url}/api/chat`;
const get = (path: string) => fetch(`${harness.url}${path}`);

describe('chat body validation', () => {
  const cases: Array<[string, unknown, string]> = [
    ['missing question', {}, 'question'],
    ['empty question', { question: '' }, 'question'],
    ['blank question', { question: ' \n\t ' }, 'question'],
    ['question too long', { question: '问'.repeat(51) }, 'question'],
    ['question not text', { question: 42 }, 'question'],
    ['too many turns', { question: 'q', history: [1, 2, 3].map(() => ({ role: 'user', content: 'x' })) }, 'history'],
    ['bad role', { question: 'q', history: [{ role: 'system', content: 'x' }] }, 'history.0.role'],
    ['turn too long', { question: 'q', history: [{ role: 'user', content: 'x'.repeat(4001) }] }, 'history.0.content'],
    ['unknown mode', { question: 'q', mode: 'magic' }, 'mode'],
    ['stream not boolean', { question: 'q', stream: 'yes' }, 'stream'],
    ['array body', [{ question: 'q' }], 'body'],
    ['deeply nested question', { question: JSON.parse('['.repeat(1500) + ']'.repeat(1500)) as unknown }, 'question'],
  ];
  it.each(cases)('%s → 400 naming the field', async (_name, body, field) => {
    const message = await expectError(await postJson(chatUrl(), body), 400, 'INPUT_INVALID');
    expect(message).toContain(field);
    expect(harness.service.calls).toHaveLength(0);
  });

  it('rejects scalar JSON bodies', async () => {
    for (const body of ['"text"', '42', 'null', 'true']) {
      await expectError(await postJson(chatUrl(), body), 400, 'INPUT_INVALID');
    }
  });

  it('rejects malformed JSON', async () => {
    const message = await expectError(await postJson(chatUrl(), '{"question": "半截'), 400, 'INPUT_INVALID');
    expect(message).toMatch(/JSON/);
  });

  it('rejects invalid UTF-8 instead of replacing it', async () => {
    const bytes = new Uint8Array([...new TextEncoder().encode('{"question":"'), 0xff, 0xfe, ...new TextEncoder().encode('"}')]);
    await expectError(await postJson(chatUrl(), bytes), 400, 'INPUT_INVALID');
  });

  it('answers 413 past maxBodyBytes, also after decompression', async () => {
    await expectError(await postJson(chatUrl(), { question: 'q', padding: 'x'.repeat(5000) }), 413, 'PAYLOAD_TOO_LARGE');
    const bomb = gzipSync(JSON.stringify({ question: 'q', padding: ' '.repeat(100_000) }));
    await expectError(await postJson(chatUrl(), new Uint8Array(bomb), { 'Content-Encoding': 'gzip' }), 413, 'PAYLOAD_TOO_LARGE');
  });

  it('answers 415 for other media types, charsets and encodings', async () => {
    await expectError(await postJson(chatUrl(), 'question=q', { 'Content-Type': 'application/x-www-form-urlencoded' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    await expectError(await postJson(chatUrl(), '{"question":"q"}', { 'Content-Type': 'text/plain' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    await expectError(await postJson(chatUrl(), '{"question":"q"}', { 'Content-Type': 'application/json; charset=latin1' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    await expectError(await postJson(chatUrl(), '{"question":"q"}', { 'Content-Encoding': 'compress' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers 400 for a POST without a body', async () => {
    await expectError(await fetch(chatUrl(), { method: 'POST' }), 400, 'INPUT_INVALID');
  });

  it('accepts an explicit utf-8 charset', async () => {
    const response = await postJson(chatUrl(), '{"question":"q"}', { 'Content-Type': 'application/json; charset=UTF-8' });
    expect(response.status).toBe(200);
  });
});

describe('query and path validation', () => {
  const cases: Array<[string, string]> = [
    ['/api/search', 'q'],
    ['/api/search?q=', 'q'],
    [`/api/search?q=${'字'.repeat(201)}`, 'q'],
    ['/api/search?q=a&q=b', 'q'],
    ['/api/search?q=a&limit=0', 'limit'],
    ['/api/search?q=a&limit=51', 'limit'],
    ['/api/search?q=a&limit=1e1', 'limit'],
    ['/api/search?q=a&limit=-3', 'limit'],
    ['/api/cases?founded=abc', 'founded'],
    ['/api/cases?chapter=a&chapter=b', 'chapter'],
    ['/api/cases/99999999999', 'number'],
    ['/api/cases/-1', 'number'],
    ['/api/cases/abc', 'number'],
    ['/api/cases/1.5', 'number'],
    ['/api/entities?type=Planet', 'type'],
    ['/api/entities?limit=101', 'limit'],
    ['/api/graph/shared-partners?type=University,Planet', 'type'],
    ['/api/graph/shared-partners?min=zero', 'min'],
    ['/api/graph/path?from=a', 'to'],
  ];
  it.each(cases)('%s → 400 naming %s', async (path, field) => {
    const message = await expectError(await get(path), 400, 'INPUT_INVALID');
    expect(message).toContain(field);
    expect(harness.service.calls).toHaveLength(0);
  });

  it('survives malformed percent-encoding and invalid UTF-8 in the URL', async () => {
    expect(await expectError(await get('/api/entities/%E0%A4%A'), 400, 'INPUT_INVALID')).toContain('path');
    expect(await expectError(await get('/api/cases/%FF'), 400, 'INPUT_INVALID')).toContain('path');
    const response = await get('/api/search?q=%FF%FE');
    expect(response.status).toBeLessThan(500);
  });
});

describe('routing and service failures', () => {
  it('answers 404 NOT_FOUND for unknown routes', async () => {
    await expectError(await get('/api/nope'), 404, 'NOT_FOUND');
    await expectError(await get('/definitely/not/here'), 404, 'NOT_FOUND');
    await expectError(await fetch(`${harness.url}/api/stats`, { method: 'DELETE' }), 404, 'NOT_FOUND');
  });

  it('maps ParkKgError to its status and code, hiding 5xx internals', async () => {
    harness.service.failure = new ParkKgError('STORE_UNAVAILABLE', 'Cannot reach Neo4j at NEO4J_URI=bolt://db.internal:7687');
    const response = await get('/api/stats');
    expect(response.headers.get('retry-after')).toBe('5');
    const message = await expectError(response, 503, 'STORE_UNAVAILABLE');
    expect(message).not.toContain('db.internal');
    const logged = harness.logs.find((entry) => entry.event === 'error' && entry.code === 'STORE_UNAVAILABLE');
    expect(logged?.detail).toContain('db.internal');
    expect(logged?.requestId).toBe(response.headers.get('x-request-id'));
  });

  it('passes 4xx ParkKgError messages through', async () => {
    harness.service.failure = new ParkKgError('INPUT_INVALID', 'unknown chapter');
    expect(await expectError(await get('/api/cases?chapter=x'), 400, 'INPUT_INVALID')).toBe('unknown chapter');
  });

  it('turns anything else into a generic 500 INTERNAL, logged with its stack', async () => {
    harness.service.failure = new Error('boom at /work/main/src/secret.ts:12');
    const message = await expectError(await get('/api/search?q=x'), 500, 'INTERNAL');
    expect(message).not.toContain('boom');
    const logged = harness.logs.find((entry) => entry.event === 'error' && entry.detail?.includes('boom'));
    expect(logged?.stack).toContain('Error: boom');
  });

  it('survives non-Error throwables', async () => {
    harness.service.failure = { status: 'weird' };
    await expectError(await get('/api/stats'), 500, 'INTERNAL');
    harness.service.failure = 'a string';
    await expectError(await get('/api/stats'), 500, 'INTERNAL');
  });
});

describe('rate limiting', () => {
  it('answers 429 RATE_LIMITED with Retry-After past the chat limit', async () => {
    const limited = await startHarness({ chatRateLimit: { windowMs: 60_000, max: 2 } });
    try {
      for (let index = 0; index < 2; index += 1) expect((await postJson(`${limited.url}/api/chat`, { question: 'q' })).status).toBe(200);
      const response = await postJson(`${limited.url}/api/chat`, { question: 'q' });
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
      await expectError(response, 429, 'RATE_LIMITED');
      expect((await fetch(`${limited.url}/api/stats`)).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});
