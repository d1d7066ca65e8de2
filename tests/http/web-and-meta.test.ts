// Probes, the OpenAPI document, the web app (built or not), security headers and request ids.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/create-app.js';
import { CONTENT_SECURITY_POLICY } from '../../src/http/request-context.js';
import { expectError, startHarness, type Harness } from './http-harness.js';

let harness: Harness;
let webRoot: string;
let built: Harness;
beforeAll(async () => {
  harness = await startHarness();
  webRoot = await mkdtemp(path.join(tmpdir(), 'park-kg-web-'));
  await mkdir(path.join(webRoot, 'assets'));
  await writeFile(path.join(webRoot, 'index.html'), '<!doctype html><title>park-kg web</title>');
  await writeFile(path.join(webRoot, 'assets', 'app.js'), 'console.log("app");');
  await writeFile(path.join(webRoot, '.env'), 'SECRET=1');
  built = await startHarness({ webRoot });
});
afterAll(async () => {
  await harness.close();
  await built.close();
  await rm(webRoot, { recursive: true, force: true });
});

describe('probes', () => {
  it('healthz is always 200 ok', async () => {
    harness.service.readinessResult = { ready: false, checks: {} };
    const response = await fetch(`${harness.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('readyz follows service.readiness()', async () => {
    harness.service.readinessResult = { ready: true, checks: { store: { ok: true } } };
    let response = await fetch(`${harness.url}/readyz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ready: true, checks: { store: { ok: true } } });
    harness.service.readinessResult = { ready: false, checks: { store: { ok: false, detail: 'Neo4j unreachable' } } };
    response = await fetch(`${harness.url}/readyz`);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual(harness.service.readinessResult);
  });

  it('readyz answers 503 when the readiness check itself throws', async () => {
    harness.service.readinessFailure = new Error('driver exploded');
    try {
      const response = await fetch(`${harness.url}/readyz`);
      expect(response.status).toBe(503);
      const body = (await response.json()) as { ready: boolean };
      expect(body.ready).toBe(false);
      expect(JSON.stringify(body)).not.toContain('exploded');
    } finally {
      harness.service.readinessFailure = undefined;
    }
  });
});

describe('GET /openapi.json', () => {
  it('is an OpenAPI 3.1 document listing every route', async () => {
    const document = (await (await fetch(`${harness.url}/openapi.json`)).json()) as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: Record<string, unknown> };
    };
    expect(document.openapi).toBe('3.1.0');
    const routes = Object.entries(document.paths).flatMap(([route, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${route}`));
    expect(routes.sort()).toEqual(
      [
        'POST /api/chat',
        'GET /api/search',
        'GET /api/cases',
        'GET /api/cases/{number}',
        'GET /api/entities',
        'GET /api/entities/{id}',
        'GET /api/graph/shared-partners',
        'GET /api/graph/path',
        'GET /api/graph/all',
        'POST /api/cypher',
        'GET /v1/models',
        'GET /v1/models/{model}',
        'POST /v1/chat/completions',
        'GET /api/stats',
        'GET /healthz',
        'GET /readyz',
        'GET /openapi.json',
      ].sort(),
    );
    for (const name of ['ChatRequest', 'ChatAnswer', 'Citation', 'Error']) expect(document.components.schemas).toHaveProperty(name);
    // Every $ref resolves inside the document.
    const text = JSON.stringify(document);
    for (const [, pointer] of text.matchAll(/"\$ref":"#\/([^"]+)"/g)) {
      const target = pointer!.split('/').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], document);
      expect(target, pointer).toBeDefined();
    }
  });
});

describe('web app', () => {
  it('shows a Chinese placeholder listing the API when no app is built', async () => {
    const response = await fetch(`${harness.url}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await response.text();
    expect(html).toContain('网页应用尚未构建');
    expect(html).toContain('/api/chat');
  });

  it('treats a missing webRoot as not built', async () => {
    const app = createApp(harness.service, { webRoot: path.join(webRoot, 'missing'), logger: () => undefined });
    expect(app).toBeTypeOf('function');
  });

  it('serves static files and falls back to index.html for client routes', async () => {
    const asset = await fetch(`${built.url}/assets/app.js`);
    expect(asset.status).toBe(200);
    expect(await asset.text()).toContain('console.log');
    for (const route of ['/', '/cases/3', '/graph/entity/university%3A天津大学']) {
      const response = await fetch(`${built.url}${route}`);
      expect(response.status, route).toBe(200);
      expect(await response.text()).toContain('park-kg web');
    }
  });

  it('keeps /api, missing files and dotfiles out of the fallback', async () => {
    await expectError(await fetch(`${built.url}/api/unknown`), 404, 'NOT_FOUND');
    await expectError(await fetch(`${built.url}/assets/missing.js`), 404, 'NOT_FOUND');
    await expectError(await fetch(`${built.url}/.env`), 404, 'NOT_FOUND');
    await expectError(await fetch(`${built.url}/assets/..%2F.env`), 404, 'NOT_FOUND');
    expect((await fetch(`${built.url}/api/stats`)).status).toBe(200);
  });
});

describe('headers', () => {
  it('sets security headers on API, page and error responses', async () => {
    for (const route of ['/api/stats', '/', '/api/nope', '/healthz']) {
      const response = await fetch(`${harness.url}${route}`);
      expect(response.headers.get('x-content-type-options'), route).toBe('nosniff');
      expect(response.headers.get('content-security-policy'), route).toBe(CONTENT_SECURITY_POLICY);
      expect(response.headers.get('referrer-policy'), route).toBe('no-referrer');
      expect(response.headers.get('x-powered-by'), route).toBeNull();
    }
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'",
    );
  });

  it('echoes a well-formed X-Request-Id, generates one otherwise, and logs it', async () => {
    let response = await fetch(`${harness.url}/api/stats`, { headers: { 'X-Request-Id': 'trace-42' } });
    expect(response.headers.get('x-request-id')).toBe('trace-42');
    expect(harness.logs.some((entry) => entry.event === 'request' && entry.requestId === 'trace-42' && entry.status === 200)).toBe(true);
    response = await fetch(`${harness.url}/api/stats`, { headers: { 'X-Request-Id': 'bad id with spaces' } });
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    response = await fetch(`${harness.url}/api/stats`);
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('never logs query strings', async () => {
    await fetch(`${harness.url}/api/search?q=${encodeURIComponent('私密问题')}`);
    expect(JSON.stringify(harness.logs)).not.toContain(encodeURIComponent('私密问题'));
  });
});
