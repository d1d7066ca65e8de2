// POST /api/cypher against the recording fake: the off switch, body validation (the same limits
// the guard enforces), what reaches the service, and the OpenAPI entries for the new routes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ParkKgError } from '../../src/errors.js';
import { CYPHER_RESULT } from './fake-service.js';
import { expectError, postJson, startHarness, type Harness } from './http-harness.js';

let enabled: Harness;
let disabled: Harness;
beforeAll(async () => {
  enabled = await startHarness();
  disabled = await startHarness({ cypher: { enabled: false } });
});
afterAll(async () => {
  await enabled.close();
  await disabled.close();
});

const cypher = (harness: Harness, body: unknown, headers: Record<string, string> = {}) => postJson(`${harness.url}/api/cypher`, body, headers);

describe('POST /api/cypher', () => {
  it('is 404 with a how-to-enable message when switched off, before reading the body', async () => {
    for (const body of [{ query: 'MATCH (n) RETURN n' }, '{not json']) {
      const message = await expectError(await cypher(disabled, body), 404, 'NOT_FOUND');
      expect(message).toContain('CYPHER_ENDPOINT=true');
      expect(message).toContain('GRAPH_STORE=neo4j');
    }
    expect(disabled.service.calls.filter((call) => call.method === 'cypher')).toEqual([]);
  });

  it('passes the trimmed query and flat params to the service and returns its result', async () => {
    const response = await cypher(enabled, { query: '  MATCH (u:University {name: $name}) RETURN u.name AS name  ', params: { name: '天津大学', ids: [1, 'a', null], flag: true } });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual(CYPHER_RESULT);
    expect(enabled.service.lastArgs('cypher')).toEqual(['MATCH (u:University {name: $name}) RETURN u.name AS name', { name: '天津大学', ids: [1, 'a', null], flag: true }]);
    await cypher(enabled, { query: 'RETURN 1' });
    expect(enabled.service.lastArgs('cypher')).toEqual(['RETURN 1', {}]);
  });

  it.each([
    ['no query', {}, /query/],
    ['a blank query', { query: '   ' }, /query: must not be empty/],
    ['a query over 5,000 characters', { query: `RETURN 1 ${' '.repeat(10)}${'/'.repeat(5_001)}` }, /query: must be at most 5000/],
    ['a query that is not text', { query: ['MATCH (n) RETURN n'] }, /query/],
    ['params that are not an object', { query: 'RETURN 1', params: [1, 2] }, /params/],
    ['a nested map param', { query: 'RETURN $p', params: { p: { id: 1 } } }, /params\.p/],
    ['a list of maps', { query: 'RETURN $p', params: { p: [{ id: 1 }] } }, /params\.p/],
    ['a param name that is not an identifier', { query: 'RETURN 1', params: { 'a b': 1 } }, /params/],
    ['more than 50 params', { query: 'RETURN 1', params: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`p${i}`, i])) }, /at most 50/],
    ['a list param over 1,000 items', { query: 'RETURN $p', params: { p: Array.from({ length: 1_001 }, (_, i) => i) } }, /at most 1000/],
  ])('rejects %s with 400 INPUT_INVALID', async (_name, body, message) => {
    expect(await expectError(await cypher(enabled, body), 400, 'INPUT_INVALID')).toMatch(message);
  });

  it('refuses non-JSON bodies and oversized ones', async () => {
    await expectError(await cypher(enabled, 'MATCH (n) RETURN n', { 'Content-Type': 'text/plain' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    await expectError(await cypher(enabled, { query: 'RETURN 1', params: { p: 'x'.repeat(70_000) } }), 413, 'PAYLOAD_TOO_LARGE');
  });

  it("maps the service's refusals in the product error shape", async () => {
    enabled.service.failure = new ParkKgError('NOT_FOUND', 'Read-only Cypher needs the Neo4j store; this server uses GRAPH_STORE=memory');
    try {
      expect(await expectError(await cypher(enabled, { query: 'RETURN 1' }), 404, 'NOT_FOUND')).toContain('GRAPH_STORE=memory');
      enabled.service.failure = new ParkKgError('INPUT_INVALID', 'Cypher rejected: CREATE — writes are not allowed (只允许只读查询)');
      expect(await expectError(await cypher(enabled, { query: 'CREATE (n)' }), 400, 'INPUT_INVALID')).toContain('writes are not allowed');
    } finally {
      enabled.service.failure = undefined;
    }
  });
});

describe('OpenAPI', () => {
  it('documents the Cypher endpoint and the OpenAI-compatible routes', async () => {
    const document = (await (await fetch(`${enabled.url}/openapi.json`)).json()) as { paths: Record<string, Record<string, { requestBody?: unknown; responses: Record<string, unknown> }>> };
    expect(document.paths['/api/cypher']?.post?.responses).toHaveProperty('404');
    expect(document.paths['/v1/models']?.get?.responses).toHaveProperty('200');
    expect(document.paths['/v1/chat/completions']?.post?.responses).toHaveProperty('200');
    const text = JSON.stringify(document);
    for (const [, pointer] of text.matchAll(/"\$ref":"#\/([^"]+)"/g)) {
      const target = pointer!.split('/').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], document);
      expect(target, pointer).toBeDefined();
    }
  });
});
