// The read API: each route passes validated, typed arguments to the service and returns its data.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CASE_DETAIL, CASE_RECORD, NEIGHBOURHOOD, SEARCH_RESULT, SHARED, STATS, UNIVERSITY } from './fake-service.js';
import { expectError, startHarness, type Harness } from './http-harness.js';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(() => harness.close());
beforeEach(() => {
  harness.service.calls.length = 0;
  harness.service.found = true;
});

const get = (path: string) => fetch(`${harness.url}${path}`);

describe('GET /api/search', () => {
  it('passes the trimmed query and the default limit', async () => {
    const response = await get(`/api/search?q=${encodeURIComponent('  院士工作站 ')}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ results: [SEARCH_RESULT] });
    expect(harness.service.lastArgs('search')).toEqual(['院士工作站', 10]);
  });

  it('accepts an explicit limit', async () => {
    await get('/api/search?q=a&limit=50');
    expect(harness.service.lastArgs('search')).toEqual(['a', 50]);
  });
});

describe('GET /api/cases', () => {
  it('lists cases with every filter typed', async () => {
    const query = new URLSearchParams({ chapter: '第一篇', province: '天津市', founded: '2018', mentions: UNIVERSITY.id });
    const response = await get(`/api/cases?${query}`);
    expect(await response.json()).toEqual({ cases: [CASE_RECORD] });
    expect(harness.service.lastArgs('listCases')).toEqual([
      { chapter: '第一篇', province: '天津市', founded: 2018, mentions: UNIVERSITY.id },
    ]);
  });

  it('treats empty filters as absent', async () => {
    await get('/api/cases?chapter=&province=');
    expect(harness.service.lastArgs('listCases')).toEqual([{}]);
  });

  it('returns one case by number, 404 when unknown', async () => {
    const response = await get('/api/cases/3');
    expect(await response.json()).toEqual(CASE_DETAIL);
    expect(harness.service.lastArgs('getCase')).toEqual([3]);
    harness.service.found = false;
    await expectError(await get('/api/cases/99'), 404, 'NOT_FOUND');
  });
});

describe('GET /api/entities', () => {
  it('finds entities by text, label and limit', async () => {
    const response = await get(`/api/entities?q=${encodeURIComponent('天津')}&type=University&limit=5`);
    expect(await response.json()).toEqual({ entities: [UNIVERSITY] });
    expect(harness.service.lastArgs('findEntities')).toEqual([{ text: '天津', label: 'University', limit: 5 }]);
  });

  it('decodes URL-encoded ids', async () => {
    const response = await get(`/api/entities/${encodeURIComponent('university:天津大学')}`);
    expect(await response.json()).toEqual(NEIGHBOURHOOD);
    expect(harness.service.lastArgs('getEntity')).toEqual(['university:天津大学']);
  });

  it('keeps an encoded slash inside the id', async () => {
    await get(`/api/entities/${encodeURIComponent('platform:a/b')}`);
    expect(harness.service.lastArgs('getEntity')).toEqual(['platform:a/b']);
  });

  it('answers 404 for an unknown entity', async () => {
    harness.service.found = false;
    await expectError(await get('/api/entities/university%3A%E6%97%A0'), 404, 'NOT_FOUND');
  });
});

describe('GET /api/graph/*', () => {
  it('accepts repeated and comma-separated labels', async () => {
    const response = await get('/api/graph/shared-partners?association=a%3Ax&type=University,Society&type=Academician&min=1');
    expect(await response.json()).toEqual({ partners: [SHARED] });
    expect(harness.service.lastArgs('sharedPartners')).toEqual([
      { association: 'a:x', labels: ['University', 'Society', 'Academician'], minAssociations: 1 },
    ]);
  });

  it('passes a bare query through as {}', async () => {
    await get('/api/graph/shared-partners');
    expect(harness.service.lastArgs('sharedPartners')).toEqual([{}]);
  });

  it('finds a path, 404 when there is none', async () => {
    const response = await get(`/api/graph/path?from=${encodeURIComponent('association:滨海新区科协')}&to=${encodeURIComponent(UNIVERSITY.id)}`);
    expect(response.status).toBe(200);
    expect(harness.service.lastArgs('path')).toEqual(['association:滨海新区科协', UNIVERSITY.id]);
    harness.service.found = false;
    await expectError(await get('/api/graph/path?from=a&to=b'), 404, 'NOT_FOUND');
  });

  it('returns stats', async () => {
    const response = await get('/api/stats');
    expect(await response.json()).toEqual(STATS);
    expect(response.headers.get('cache-control')).toBe('no-store');
  });
});
