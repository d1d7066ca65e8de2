// POST /api/cypher over the REAL service: 404 on the memory store or when off; on a real Neo4j
// holding the real graph, rows, refusals, the row cap, and every analyst query in
// graph/queries/analyst/ with its documented example parameters and sensible results.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DefaultParkKgService, type CypherSettings } from '../../src/app/park-kg-service.js';
import type { Runtime } from '../../src/app/runtime.js';
import { createApp } from '../../src/http/create-app.js';
import { startServer, type RunningServer } from '../../src/http/start-server.js';
import { EntityLinker } from '../../src/retrieve/entity-linker.js';
import { SentenceIndex } from '../../src/retrieve/sentence-index.js';
import type { CypherResult } from '../../src/store/cypher-runner.js';
import { neo4jConfig, neo4jUnavailableReason } from '../support/neo4j-availability.js';
import { openTestRuntime } from '../support/runtime.js';
import { expectError, postJson } from './http-harness.js';

const ANALYST_DIR = path.resolve('graph/queries/analyst');
const ON: CypherSettings = { CYPHER_ENDPOINT: true, CYPHER_ROW_LIMIT: 50, CYPHER_TIMEOUT_MS: 5_000 };
const skipReason = await neo4jUnavailableReason('cypher-endpoint.int.test');

/** The runtime's parts behind a service with the given Cypher settings (what runtime.ts wires from Config). */
async function serviceWith(runtime: Runtime, settings: CypherSettings) {
  const deps = {
    sentences: new SentenceIndex(runtime.corpus.compilations),
    linker: new EntityLinker((await runtime.store.exportSnapshot()).nodes),
    indexes: runtime.indexes,
    store: runtime.store,
  };
  return new DefaultParkKgService(deps, () => runtime.service.readiness(), settings);
}

const serve = (service: DefaultParkKgService | Runtime['service']) => startServer(createApp(service, { logger: () => {} }), { host: '127.0.0.1', port: 0 });
const objects = (result: CypherResult) => result.rows.map((row) => Object.fromEntries(result.columns.map((column, index) => [column, row[index]])) as Record<string, never>);

describe('POST /api/cypher on the memory store', () => {
  let runtime: Runtime;
  beforeAll(async () => {
    runtime = await openTestRuntime();
  });
  afterAll(async () => {
    await runtime?.close();
  });

  it('is 404 naming CYPHER_ENDPOINT when the config leaves it off, and GRAPH_STORE when on without Neo4j', async () => {
    for (const [service, hint] of [
      [runtime.service, 'CYPHER_ENDPOINT=true'],
      [await serviceWith(runtime, ON), 'GRAPH_STORE=memory'],
    ] as const) {
      const server = await serve(service);
      try {
        expect(await expectError(await postJson(`${server.url}/api/cypher`, { query: 'MATCH (n) RETURN count(n)' }), 404, 'NOT_FOUND')).toContain(hint);
      } finally {
        await server.close();
      }
    }
  });
});

describe.skipIf(skipReason !== '')('POST /api/cypher on a real Neo4j', () => {
  let runtime: Runtime;
  let server: RunningServer;
  const cypher = async (query: string, params: Record<string, unknown> = {}) => {
    const response = await postJson(`${server.url}/api/cypher`, { query, params });
    expect(response.status, await response.clone().text()).toBe(200);
    return (await response.json()) as CypherResult;
  };

  beforeAll(async () => {
    const { NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE } = neo4jConfig;
    runtime = await openTestRuntime({ GRAPH_STORE: 'neo4j', NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE });
    expect(runtime.store.kind).toBe('neo4j');
    server = await serve(await serviceWith(runtime, ON));
  });
  afterAll(async () => {
    await server?.close();
    await runtime?.close();
  });

  it('answers a read with columns and rows', async () => {
    const result = await cypher('MATCH (a:Academician {name: $name})-[v:VISITED]->(p:Park) RETURN p.name AS park, v.date AS date', { name: '孙安' });
    expect(result).toEqual({ columns: ['park', 'date'], rows: [['江苏扬州高新区', '2024-05-29']], truncated: false });
  });

  it('refuses writes in the product error shape and truncates at CYPHER_ROW_LIMIT', async () => {
    expect(await expectError(await postJson(`${server.url}/api/cypher`, { query: 'MATCH (n) DETACH DELETE n' }), 400, 'INPUT_INVALID')).toContain('writes are not allowed');
    expect(await expectError(await postJson(`${server.url}/api/cypher`, { query: 'MATCH (n) RETURN nonsense(' }), 400, 'INPUT_INVALID')).toMatch(/^Cypher error \(Neo4j SyntaxError\) — .*line 1, column/);
    const capped = await cypher('MATCH (n:Entity) RETURN n.id AS id');
    expect(capped.rows).toHaveLength(ON.CYPHER_ROW_LIMIT);
    expect(capped.truncated).toBe(true);
    expect((await cypher('MATCH (c:Case) RETURN count(c) AS cases')).rows).toEqual([[53]]);
  });

  it('has documented analyst queries: a header with parameters and an example, listed in docs/analyst-queries.md', async () => {
    const files = (await readdir(ANALYST_DIR)).filter((file) => file.endsWith('.cypher'));
    expect(files.length).toBeGreaterThanOrEqual(6);
    const docs = await readFile(path.resolve('docs/analyst-queries.md'), 'utf8');
    for (const file of files) {
      const text = await readFile(path.join(ANALYST_DIR, file), 'utf8');
      expect(text, file).toMatch(new RegExp(`^// ${file.replace('.cypher', '')}: `));
      expect(text, file).toMatch(/^\/\/ Parameters:/m);
      expect(text, file).toMatch(/^\/\/ Example: \{/m);
      expect(docs, file).toContain(file);
    }
  });

  /** Runs one analyst file with its `// Example:` parameters (or the given ones) through the endpoint. */
  const analyst = async (name: string, params?: Record<string, unknown>) => {
    const text = await readFile(path.join(ANALYST_DIR, `${name}.cypher`), 'utf8');
    const example = JSON.parse(/^\/\/ Example: (.*)$/m.exec(text)![1]!) as Record<string, unknown>;
    const result = await cypher(text, params ?? example);
    expect(result.rows.length, name).toBeGreaterThan(0);
    expect(result.truncated, name).toBe(false);
    return objects(result) as Array<Record<string, unknown>>;
  };

  it('shared-partners: 西安交通大学 is shared by three associations', async () => {
    const rows = await analyst('shared-partners');
    expect(rows.every((row) => (row.associationCount as number) >= 2)).toBe(true);
    const xjtu = rows.find((row) => row.partner === '西安交通大学');
    expect(xjtu).toMatchObject({ kind: 'University', associationCount: 3 });
    expect((xjtu!.associations as Array<{ association: string }>).map((item) => item.association)).toEqual(
      expect.arrayContaining(['安徽繁昌经开区科协', '福建泉州鲤城高新区科协', '河南洛阳国家大学科技园科协']),
    );
  });

  it('most-connected-universities: 西安交通大学 leads, ordered by cases', async () => {
    const rows = await analyst('most-connected-universities');
    expect(rows.length).toBeLessThanOrEqual(10);
    expect(rows[0]).toMatchObject({ university: '西安交通大学', casesMentioning: 3, cases: [8, 12, 19] });
    const counts = rows.map((row) => row.casesMentioning as number);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
  });

  it('academician-visits: 孙安 visited 江苏扬州高新区 on 2024-05-29', async () => {
    const all = await analyst('academician-visits');
    expect(all.length).toBeGreaterThanOrEqual(10);
    expect(all).toContainEqual(expect.objectContaining({ academician: '孙安', park: '江苏扬州高新区', date: '2024-05-29', association: '江苏扬州高新区科协', cases: [1] }));
    expect(await analyst('academician-visits', { name: '朱蓓薇' })).toEqual([expect.objectContaining({ park: '河南漯河经开区', date: '2022-07' })]);
  });

  it('platforms-per-province: counts agree with the names listed', async () => {
    const rows = await analyst('platforms-per-province');
    for (const row of rows) expect(row.platformCount).toBe((row.platforms as string[]).length);
    expect(rows.map((row) => row.province)).toEqual(expect.arrayContaining(['天津', '湖北']));
    const hubei = await analyst('platforms-per-province', { province: '湖北' });
    expect(hubei).toHaveLength(1);
    expect(hubei[0]!.platforms).toEqual(expect.arrayContaining(['院士专家工作站']));
  });

  it('initiatives-per-chapter: seven chapters in book order covering all 53 cases', async () => {
    const rows = await analyst('initiatives-per-chapter');
    expect(rows.map((row) => row.chapter)).toEqual(['学术交流', '人才培养', '科经融合', '产业服务', '科学普及', '国际合作', '科技工作者之家建设']);
    expect(rows.reduce((sum, row) => sum + (row.cases as number), 0)).toBe(53);
    const sample = rows[0]!.initiatives as string[];
    expect(sample).toEqual([...sample].sort());
    const all = await analyst('initiatives-per-chapter', { sample: 500 });
    expect(all[0]!.initiatives).toEqual(expect.arrayContaining(['院士行']));
    expect(rows.every((row) => (row.initiatives as string[]).length <= 10)).toBe(true);
  });

  it('cases-mentioning: an alias finds the cases naming the entity', async () => {
    const rows = await analyst('cases-mentioning');
    expect(rows.map((row) => row.case)).toEqual([8, 12, 19]);
    expect(rows.every((row) => row.entity === '西安交通大学' && typeof row.evidence === 'string')).toBe(true);
  });

  it('association-profile: one row with park, province, partners and visits', async () => {
    const [profile] = await analyst('association-profile');
    expect(profile).toMatchObject({ association: '江苏扬州高新区科协', park: '江苏扬州高新区', province: '江苏', cases: [1], founded: 2001, chapters: ['学术交流'] });
    expect(profile!.visits).toEqual(['孙安（2024-05-29）']);
    expect(profile!.initiatives).toEqual(expect.arrayContaining(['院士行']));
  });
});
