// Neo4jGraphStore against a real Neo4j (npm run neo4j:start). Shares the one `neo4j` database with
// every other Neo4j suite (files run serially) and leaves it empty when done.
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { ParkKgError } from '../../src/errors.js';
import { canonicalSnapshot, countSnapshot, type GraphSnapshot } from '../../src/graph/graph-types.js';
import { MemoryGraphStore } from '../../src/store/memory/memory-store.js';
import { openNeo4jStore, type Neo4jGraphStore } from '../../src/store/neo4j/neo4j-store.js';
import { neo4jConfig, neo4jUnavailableReason } from '../support/neo4j-availability.js';

const config = neo4jConfig;
const unreachable = await neo4jUnavailableReason('neo4j-store.int.test');

const evidence = (caseNumber: number, sentence: string, text: string) => ({ case: caseNumber, sentence, text });

// Deliberately out of canonical order (nodes, aliases, cases, evidence) to prove export sorts.
const fullSnapshot: GraphSnapshot = {
  cases: [
    { number: 2, title: '院士专家进园区', association: '乙园区科协', park: '乙高新区', province: null, chapter: '第二篇 人才服务', founded: null },
    { number: 1, title: '搭建产学研平台', association: '甲园区科协', park: '甲经开区', province: '江苏省', chapter: '第一篇 组织建设', founded: 2015 },
  ],
  nodes: [
    { id: 'park:yi', label: 'Park', name: '乙高新区', aliases: [], cases: [2] },
    { id: 'case:2', label: 'Case', name: '院士专家进园区', aliases: [], cases: [2] },
    { id: 'case:1', label: 'Case', name: '搭建产学研平台', aliases: [], cases: [1] },
    { id: 'chapter:1', label: 'Chapter', name: '第一篇 组织建设', aliases: [], cases: [1] },
    { id: 'province:jiangsu', label: 'Province', name: '江苏省', aliases: ['江苏'], cases: [1] },
    { id: 'park:jia', label: 'Park', name: '甲经开区', aliases: ['甲开发区', '甲园区'], cases: [1] },
    { id: 'association:jia', label: 'Association', name: '甲园区科协', aliases: [], cases: [1] },
    { id: 'association:yi', label: 'Association', name: '乙园区科协', aliases: ['乙科协'], cases: [2] },
    { id: 'university:nju', label: 'University', name: '南京大学', aliases: ['南大'], cases: [2, 1] },
    { id: 'academician:zhu', label: 'Academician', name: '朱蓓薇', aliases: ['朱院士'], cases: [2] },
  ],
  edges: [
    { source: 'case:1', target: 'association:jia', type: 'ABOUT', evidence: [evidence(1, 's1-0001', '甲园区科协成立于2015年。')] },
    { source: 'case:2', target: 'association:yi', type: 'ABOUT', evidence: [evidence(2, 's2-0001', '乙园区科协……')] },
    { source: 'case:1', target: 'chapter:1', type: 'IN_CHAPTER', evidence: [] },
    { source: 'association:jia', target: 'park:jia', type: 'SERVES', evidence: [evidence(1, 's1-0001', '甲园区科协成立于2015年。')] },
    { source: 'park:jia', target: 'province:jiangsu', type: 'IN_PROVINCE', evidence: [evidence(1, 's1-0002', '位于江苏省。')] },
    {
      source: 'association:jia',
      target: 'university:nju',
      type: 'PARTNERS_WITH',
      evidence: [evidence(2, 's2-0009', '与南京大学共建。'), evidence(1, 's1-0007', '联合南大。'), evidence(1, 's1-0003', '与南京大学合作。')],
    },
    // Keys in GraphEdge order (date last): the byte-for-byte check compares key order too.
    { source: 'academician:zhu', target: 'park:yi', type: 'VISITED', evidence: [evidence(2, 's2-0004', '2024年5月29日，朱蓓薇院士到园区调研。')], date: '2024-05-29' },
    { source: 'case:2', target: 'academician:zhu', type: 'MENTIONS', evidence: [evidence(2, 's2-0004', '2024年5月29日，朱蓓薇院士到园区调研。')] },
    { source: 'case:1', target: 'university:nju', type: 'MENTIONS', evidence: [evidence(1, 's1-0003', '与南京大学合作。')] },
  ],
};

// Drops case 2's record (its node stays), Park 乙 and its edges, one evidence item; Academician becomes Expert.
const smallerSnapshot: GraphSnapshot = {
  cases: fullSnapshot.cases.filter((record) => record.number === 1),
  nodes: fullSnapshot.nodes
    .filter((node) => node.id !== 'park:yi')
    .map((node) => (node.id === 'academician:zhu' ? { ...node, label: 'Expert' as const } : node)),
  edges: fullSnapshot.edges
    .filter((edge) => edge.target !== 'park:yi' && edge.type !== 'IN_CHAPTER')
    .map((edge) => (edge.type === 'PARTNERS_WITH' ? { ...edge, evidence: edge.evidence.slice(1) } : edge)),
};

// Two partners both associations name, with ids that sort differently by UTF-16 unit (𠮷 first)
// and by code point (ｚ first, as Neo4j sorts): reads must cut and order lists the same in both stores.
const wideIds = ['university:\uFF5A', 'university:\u{20BB7}'];
const readSnapshot: GraphSnapshot = {
  ...fullSnapshot,
  nodes: [
    ...fullSnapshot.nodes,
    { id: wideIds[1] ?? '', label: 'University', name: '\u{20BB7}大学', aliases: [], cases: [2, 1] },
    { id: wideIds[0] ?? '', label: 'University', name: '\uFF5A大学', aliases: ['Z大'], cases: [1, 2] },
  ],
  edges: [
    ...fullSnapshot.edges,
    ...wideIds.flatMap((id, index) => [1, 2].map((caseNumber) => ({
      source: `case:${caseNumber}`,
      target: id,
      type: 'MENTIONS' as const,
      evidence: [evidence(caseNumber, `s${caseNumber}-00${index + 5}`, `与${index === 0 ? 'ｚ' : '𠮷'}大学合作。`)],
    }))),
  ],
};

const emptySnapshot: GraphSnapshot = { cases: [], nodes: [], edges: [] };

describe.skipIf(unreachable !== '')('Neo4jGraphStore on a real Neo4j', () => {
  let store: Neo4jGraphStore;

  beforeAll(async () => {
    store = await openNeo4jStore(config);
  });

  afterAll(async () => {
    if (!store) return;
    await store.replaceAll(emptySnapshot);
    await store.close();
  });

  it('exports exactly what replaceAll stored, byte for byte', async () => {
    const progress: Array<[number, number]> = [];
    await store.replaceAll(fullSnapshot, (done, total) => progress.push([done, total]));
    const exported = await store.exportSnapshot();
    expect(exported).toEqual(canonicalSnapshot(fullSnapshot));
    expect(JSON.stringify(exported)).toBe(JSON.stringify(canonicalSnapshot(fullSnapshot)));
    expect(progress.at(-1)).toEqual([19, 19]);
    expect(progress.map(([done]) => done)).toEqual([...progress.map(([done]) => done)].sort((a, b) => a - b));
  });

  it('round-trips integers as numbers and nulls as null', async () => {
    const exported = await store.exportSnapshot();
    const caseTwo = exported.cases.find((record) => record.number === 2);
    expect(caseTwo).toMatchObject({ province: null, founded: null });
    expect(typeof exported.cases[0]?.founded).toBe('number');
    expect(exported.nodes.flatMap((node) => node.cases).every((value) => typeof value === 'number')).toBe(true);
    const visited = exported.edges.find((edge) => edge.type === 'VISITED');
    expect(visited?.date).toBe('2024-05-29');
    expect(typeof visited?.evidence[0]?.case).toBe('number');
    expect(exported.edges.filter((edge) => 'date' in edge)).toHaveLength(1);
  });

  it('reports the same counts as countSnapshot', async () => {
    expect(await store.stats()).toEqual(countSnapshot(fullSnapshot));
  });

  it('is idempotent: a second replaceAll leaves the same export and stats', async () => {
    const before = await store.exportSnapshot();
    await store.replaceAll(fullSnapshot);
    expect(await store.exportSnapshot()).toEqual(before);
    expect(await store.stats()).toEqual(countSnapshot(fullSnapshot));
  });

  it('removes stale nodes, edges, case records and labels when given a smaller snapshot', async () => {
    await store.replaceAll(fullSnapshot);
    await store.replaceAll(smallerSnapshot);
    expect(await store.exportSnapshot()).toEqual(canonicalSnapshot(smallerSnapshot));
    expect(await store.stats()).toEqual(countSnapshot(smallerSnapshot));
  });

  it('rejects a snapshot it could not store faithfully, before writing anything', async () => {
    await store.replaceAll(fullSnapshot);
    const dangling: GraphSnapshot = {
      ...fullSnapshot,
      edges: [...fullSnapshot.edges, { source: 'case:1', target: 'nowhere', type: 'MENTIONS', evidence: [] }],
    };
    await expect(store.replaceAll(dangling)).rejects.toMatchObject({ code: 'INPUT_INVALID' });
    expect(await store.exportSnapshot()).toEqual(canonicalSnapshot(fullSnapshot));
  });

  it('answers reads in canonical order, exactly as the memory store does, whatever order was stored', async () => {
    await store.replaceAll(readSnapshot);
    const memory = await MemoryGraphStore.open(await mkdtemp(path.join(os.tmpdir(), 'park-kg-neo4j-reads-')));
    await memory.replaceAll(readSnapshot);
    const partners = await store.neighbours('association:jia');
    expect(partners?.edges.find((edge) => edge.type === 'PARTNERS_WITH')?.evidence.map((item) => item.sentence)).toEqual(['s1-0003', 's1-0007', 's2-0009']);
    expect(partners?.nodes.find((node) => node.id === 'park:jia')?.aliases).toEqual(['甲园区', '甲开发区']);
    expect((await store.findNodes({ label: 'University', limit: 2 })).map((node) => node.id)).toEqual(['university:nju', wideIds[0]]);
    expect((await store.sharedPartners({ limit: 1 }))[0]?.partner.id).toBe(wideIds[0]);
    const calls: Array<(target: MemoryGraphStore | Neo4jGraphStore) => Promise<unknown>> = [
      (target) => target.findNodes({ label: 'University', limit: 2 }),
      (target) => target.findNodes({ text: 'z大' }),
      (target) => target.findNodes({ text: '大学' }),
      (target) => target.getNodes(['academician:zhu', 'nowhere', 'case:1', 'case:1']),
      (target) => target.neighbours('association:jia'),
      (target) => target.neighbours('case:1', { types: ['MENTIONS'], limit: 1 }),
      (target) => target.sharedPartners({}),
      (target) => target.sharedPartners({ limit: 1 }),
      (target) => target.sharedPartners({ minAssociations: 1, association: 'association:jia' }),
      // Two shortest paths exist (via ｚ or 𠮷); either is right, so only the length must agree.
      async (target) => (await target.shortestPath('academician:zhu', 'university:nju'))?.edges.length,
      (target) => target.shortestPath('province:jiangsu', 'province:jiangsu'),
      (target) => target.listCases({ mentions: 'university:nju' }),
      (target) => target.listCases({ founded: 2015, province: '江苏省' }),
    ];
    for (const call of calls) expect(await call(store)).toEqual(await call(memory));
  });

  it('keeps user text out of the query: labels and search text arrive only as parameters', async () => {
    await store.replaceAll(readSnapshot);
    const hostile = "'}) MATCH (n) DETACH DELETE n //";
    expect(await store.findNodes({ text: hostile })).toEqual([]);
    expect(await store.findNodes({ text: '南大', label: 'University) DETACH DELETE (n' as never })).toEqual([]);
    expect(await store.sharedPartners({ labels: ['Society` {x:1}) //' as never], minAssociations: 1 })).toEqual([]);
    expect(await store.neighbours(hostile)).toBeNull();
    expect(await store.listCases({ chapter: hostile, mentions: hostile })).toEqual([]);
    expect(await store.stats()).toEqual(countSnapshot(readSnapshot));
  });

  it('answers ping', async () => {
    await expect(store.ping()).resolves.toBeUndefined();
  });

  it('fails with STORE_AUTH_FAILED naming NEO4J_USER, never the password, on a wrong password', async () => {
    const password = 'definitely-wrong-password-4711';
    const error = await openNeo4jStore({ ...config, NEO4J_PASSWORD: password }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ParkKgError);
    expect(error).toMatchObject({ code: 'STORE_AUTH_FAILED' });
    const message = (error as ParkKgError).message;
    expect(message).toContain('NEO4J_USER');
    expect(message).toContain('NEO4J_PASSWORD');
    expect(message).not.toContain(password);
    expect(message).not.toContain(config.NEO4J_PASSWORD);
  });

  it('fails with STORE_UNAVAILABLE naming NEO4J_URI when nothing listens there', async () => {
    const error = await openNeo4jStore({ ...config, NEO4J_URI: 'bolt://127.0.0.1:1', NEO4J_TIMEOUT_MS: 2_000 }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ParkKgError);
    expect(error).toMatchObject({ code: 'STORE_UNAVAILABLE', retryable: true });
    const message = (error as ParkKgError).message;
    expect(message).toContain('NEO4J_URI=bolt://127.0.0.1:1');
    expect(message).toContain('npm run neo4j:start');
    expect(message).not.toMatch(/\n\s+at /);
  });
});
