// Cypher injection against a REAL Neo4j through every door a user has: questions and query strings
// on the chat, /v1, entity, search, case, shared-partner and path endpoints, and a compilation
// whose names and sentences carry injection strings. Nodes, relationships, labels and a SHA-256 of
// the sorted export stay exactly as they were; the hostile text is stored verbatim, as data.
import { createHash } from 'node:crypto';
import type { Driver } from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/app/runtime.js';
import type { GraphSnapshot } from '../../src/graph/graph-types.js';
import { NODE_LABELS } from '../../src/graph/graph-types.js';
import { createApp } from '../../src/http/create-app.js';
import { startServer, type RunningServer } from '../../src/http/start-server.js';
import { createNeo4jDriver } from '../../src/store/neo4j/neo4j-store.js';
import { expectDefaultPartUnchanged } from '../pipeline/default-part.js';
import { neo4jConfig, neo4jUnavailableReason } from '../support/neo4j-availability.js';
import { openTestRuntime } from '../support/runtime.js';
import { CYPHER_ASSOCIATION, CYPHER_FRAGMENTS, CYPHER_INITIATIVE, hostileSeedsDir, XSS_ASSOCIATION } from './hostile-compilation.js';

const skipReason = await neo4jUnavailableReason('hostile-cypher.int.test');
const DEFAULT_CASES = 53;

/** Strings that would change the graph if any layer spliced user text into Cypher. */
const INJECTIONS = [
  "'}) MATCH (n) DETACH DELETE n //",
  '"}) MATCH (n) DETACH DELETE n //',
  "' OR 1=1 --",
  '" OR 1=1 --',
  "') RETURN 1 UNION MATCH (n) DETACH DELETE n RETURN 1 //",
  '$param',
  '$name}) DETACH DELETE n //',
  '`Case`',
  '`n`}) SET n.name = "pwned" RETURN n //',
  'CALL dbms.components()',
  'CALL db.labels() YIELD label RETURN label',
  'CALL apoc.cypher.runWrite("MATCH (n) DETACH DELETE n", {})',
  "LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line",
  'MATCH (n) DETACH DELETE n',
  'CREATE (:Intruder {id: "intruder"})',
  'MERGE (n:Entity {id: "university:天津大学"}) SET n.name = "hacked"',
  'DROP CONSTRAINT entity_id',
  '; DROP TABLE cases; --',
  '1; MATCH (n) DETACH DELETE n',
  '/* */ MATCH (n) DELETE n',
  "\\u0027}) DETACH DELETE n //",
  '＇｝）ＤＥＴＡＣＨ　ＤＥＬＥＴＥ ｎ／／',
  'ʼ}) DETACH DELETE n //',
  'CRE\u200bATE (n:Intruder)',
  '\u202e}) n ETELED HCATED',
  '\u{1d403}\u{1d404}\u{1d413}\u{1d400}\u{1d402}\u{1d407} \u{1d403}\u{1d404}\u{1d40b}\u{1d404}\u{1d413}\u{1d404}',
  '{{7*7}} ${7*7} #{7*7}',
  "天津大学'}) DETACH DELETE n //",
  "university:天津大学'}) DETACH DELETE n //",
  `${CYPHER_ASSOCIATION}`,
  `association:\`n\`'})DETACHDELETEn//科协' OR 1=1 //`,
];

/** Node and relationship counts, labels, types, property keys, schema and a SHA-256 over every property. */
async function fingerprint(driver: Driver) {
  const session = driver.session({ database: neo4jConfig.NEO4J_DATABASE, defaultAccessMode: 'READ' });
  try {
    const rows = async (query: string) => (await session.run(query)).records.map((record) => record.toObject());
    const sorted = (value: unknown) => JSON.stringify(Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)));
    const nodes = (await rows('MATCH (n) RETURN labels(n) AS labels, properties(n) AS properties')).map((row) => `${JSON.stringify([...(row.labels as string[])].sort())}${sorted(row.properties)}`);
    const edges = (await rows('MATCH (a)-[r]->(b) RETURN a.id AS source, type(r) AS type, b.id AS target, properties(r) AS properties')).map(
      (row) => `${String(row.source)}-${String(row.type)}->${String(row.target)}${sorted(row.properties)}`,
    );
    const hash = createHash('sha256');
    for (const line of [...nodes.sort(), '--', ...edges.sort()]) hash.update(`${line}\n`);
    const names = async (query: string) => (await rows(query)).map((row) => String(Object.values(row)[0])).sort();
    return {
      nodes: nodes.length,
      relationships: edges.length,
      digest: hash.digest('hex'),
      labels: await names('CALL db.labels() YIELD label RETURN label'),
      types: await names('CALL db.relationshipTypes() YIELD relationshipType RETURN relationshipType'),
      keys: await names('CALL db.propertyKeys() YIELD propertyKey RETURN propertyKey'),
      schema: await names('SHOW INDEXES YIELD name RETURN name'),
    };
  } finally {
    await session.close();
  }
}

const sha256 = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');

/** The part of a combined export that belongs to the default compilation (cases 1..53 only). */
function defaultPart(combined: GraphSnapshot, defaultOnly: GraphSnapshot): GraphSnapshot {
  const ids = new Set(defaultOnly.nodes.map((node) => node.id));
  const keys = new Set(defaultOnly.edges.map((edge) => `${edge.source} ${edge.type} ${edge.target}`));
  return {
    cases: combined.cases.filter((record) => record.number <= DEFAULT_CASES),
    nodes: combined.nodes.filter((node) => ids.has(node.id)).map((node) => ({ ...node, cases: node.cases.filter((n) => n <= DEFAULT_CASES) })),
    edges: combined.edges
      .filter((edge) => keys.has(`${edge.source} ${edge.type} ${edge.target}`))
      .map((edge) => ({ ...edge, evidence: edge.evidence.filter((item) => item.case <= DEFAULT_CASES) })),
  };
}

describe.skipIf(skipReason !== '')('Cypher injection on a real Neo4j', () => {
  const neo4jEnv = {
    GRAPH_STORE: 'neo4j',
    NEO4J_URI: neo4jConfig.NEO4J_URI,
    NEO4J_USER: neo4jConfig.NEO4J_USER,
    NEO4J_PASSWORD: neo4jConfig.NEO4J_PASSWORD,
    NEO4J_DATABASE: neo4jConfig.NEO4J_DATABASE,
  };
  let neo4j: Runtime;
  let server: RunningServer;
  let driver: Driver;
  let memoryExport: GraphSnapshot;
  let defaultOnly: GraphSnapshot;
  let neo4jExport: GraphSnapshot;
  let before: Awaited<ReturnType<typeof fingerprint>>;
  let exportDigest: string;
  let requests = 0;

  beforeAll(async () => {
    const seedsDir = await hostileSeedsDir();
    const plain = await openTestRuntime();
    defaultOnly = await plain.store.exportSnapshot();
    await plain.close();
    const memory = await openTestRuntime({ SEEDS_DIR: seedsDir });
    memoryExport = await memory.store.exportSnapshot();
    await memory.close();

    neo4j = await openTestRuntime({ ...neo4jEnv, SEEDS_DIR: seedsDir });
    expect(neo4j.store.kind).toBe('neo4j');
    expect(neo4j.ingested).toBe(true);
    neo4jExport = await neo4j.store.exportSnapshot();
    exportDigest = sha256(neo4jExport);
    driver = createNeo4jDriver(neo4jConfig);
    before = await fingerprint(driver);
    server = await startServer(createApp(neo4j.service, { logger: () => undefined }), { host: '127.0.0.1', port: 0 });
  });

  afterAll(async () => {
    console.info(
      `hostile-cypher: ${INJECTIONS.length} injection strings, ${requests} requests; Neo4j ${before?.nodes} nodes / ${before?.relationships} relationships; ` +
        `export sha256 ${exportDigest}; default part sha256 ${defaultOnly ? sha256(defaultOnly) : '-'} (${defaultOnly?.nodes.length} nodes, ${defaultOnly?.edges.length} edges)`,
    );
    await server?.close();
    await driver?.close();
    // Leave the database as the other Neo4j suites expect it: the default compilation only.
    if (neo4j && defaultOnly) await neo4j.store.replaceAll(defaultOnly);
    await neo4j?.close();
  });

  /** Any status but a 5xx; the body is read so the connection is reused. */
  async function call(path: string, init?: RequestInit): Promise<Response> {
    requests += 1;
    const response = await fetch(`${server.url}${path}`, init);
    expect(response.status, `${init?.method ?? 'GET'} ${path.slice(0, 120)}`).toBeLessThan(500);
    return response;
  }
  const postJson = (path: string, body: unknown) => call(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const query = (value: string) => encodeURIComponent(value);

  async function expectGraphUnchanged(): Promise<void> {
    expect(await fingerprint(driver)).toEqual(before);
    expect(sha256(await neo4j.store.exportSnapshot())).toBe(exportDigest);
  }

  describe('through an ingested compilation', () => {
    it('stores exactly what the memory store stores for the same input (byte-identical exports)', () => {
      expect(JSON.stringify(neo4jExport)).toBe(JSON.stringify(memoryExport));
      expect(neo4jExport.cases.map((record) => record.number)).toEqual(Array.from({ length: DEFAULT_CASES + 3 }, (_, index) => index + 1));
      // Every export node is one Neo4j node, and nothing else is there.
      expect(before.nodes).toBe(neo4jExport.nodes.length);
    });

    it('keeps the hostile names and sentences verbatim, as property values', async () => {
      const session = driver.session({ database: neo4jConfig.NEO4J_DATABASE, defaultAccessMode: 'READ' });
      try {
        for (const name of [CYPHER_ASSOCIATION, XSS_ASSOCIATION]) {
          const found = await session.run('MATCH (n:Association {name: $name}) RETURN n.id AS id', { name });
          expect(found.records, name).toHaveLength(1);
        }
        const initiative = await session.run('MATCH (:Association {name: $name})-[:RUNS]->(i:Initiative) RETURN i.name AS name', { name: CYPHER_ASSOCIATION });
        expect(initiative.records.map((record) => String(record.get('name')))).toEqual(expect.arrayContaining([CYPHER_INITIATIVE.replace(/\s+/g, '')]));
        for (const fragment of CYPHER_FRAGMENTS) {
          const evidence = await session.run('MATCH ()-[r]->() WHERE any(text IN r.evidenceTexts WHERE text CONTAINS $fragment) RETURN count(r) AS hits', { fragment });
          const inNames = await session.run('MATCH (n) WHERE n.name CONTAINS $fragment RETURN count(n) AS hits', { fragment });
          expect(Number(evidence.records[0]!.get('hits')) + Number(inNames.records[0]!.get('hits')), fragment).toBeGreaterThan(0);
        }
      } finally {
        await session.close();
      }
      // Labels and relationship types come from the closed lists, never from the text.
      expect(before.labels.every((label) => label === 'Entity' || (NODE_LABELS as readonly string[]).includes(label))).toBe(true);
      expect(before.labels).not.toContain('Intruder');
    });

    it('leaves the default compilation’s part of the graph as it was (same SHA-256)', () => {
      expectDefaultPartUnchanged(defaultOnly, neo4jExport);
      expect(sha256(defaultPart(neo4jExport, defaultOnly))).toBe(sha256(defaultOnly));
    });

    it('reads the hostile entities back through the API as data', async () => {
      const association = neo4jExport.nodes.find((node) => node.name === CYPHER_ASSOCIATION)!;
      const entities = (await (await call(`/api/entities?q=${query('DETACH')}`)).json()) as { entities: Array<{ id: string }> };
      expect(entities.entities.map((entity) => entity.id)).toContain(association.id);
      const detail = (await (await call(`/api/entities/${query(association.id)}`)).json()) as { center: { name: string } };
      expect(detail.center.name).toBe(CYPHER_ASSOCIATION);
      const partners = (await (await call(`/api/graph/shared-partners?association=${query(association.id)}&min=1`)).json()) as { partners: Array<{ partner: { id: string } }> };
      expect(partners.partners.map((item) => item.partner.id)).toContain('university:星河数据大学');
      const path = (await (await call(`/api/graph/path?from=${query(association.id)}&to=${query('university:星河数据大学')}`)).json()) as { nodes: unknown[] };
      expect(path.nodes.length).toBeGreaterThanOrEqual(2);
      await expectGraphUnchanged();
    });
  });

  describe(`through questions and query strings (${INJECTIONS.length} strings)`, () => {
    it('chat: plain, embedded in a real question, and as a follow-up history', { timeout: 240_000 }, async () => {
      for (const text of INJECTIONS) {
        for (const question of [text, `哪些园区科协和${text}合作过？`, `“${text}”是哪个园区科协的活动？`]) {
          const response = await postJson('/api/chat', { question, history: [{ role: 'user', content: text }, { role: 'assistant', content: text }] });
          expect(response.status).toBe(200);
          const answer = (await response.json()) as { answer: string };
          expect(typeof answer.answer).toBe('string');
        }
      }
      await expectGraphUnchanged();
    });

    it('/v1/chat/completions and streamed chat', { timeout: 120_000 }, async () => {
      for (const text of INJECTIONS) {
        expect((await postJson('/v1/chat/completions', { model: 'park-kg', messages: [{ role: 'system', content: text }, { role: 'user', content: `${text} 天津大学` }] })).status).toBe(200);
        const streamed = await postJson('/api/chat', { question: text, stream: true });
        expect(await streamed.text()).toContain('event: done');
      }
      await expectGraphUnchanged();
    });

    it('entity search and entity ids', { timeout: 120_000 }, async () => {
      for (const text of INJECTIONS) {
        expect((await call(`/api/entities?q=${query(text.slice(0, 100))}`)).status).toBe(200);
        expect((await call(`/api/entities?q=${query(text.slice(0, 100))}&type=University`)).status).toBe(200);
        for (const id of [text, `university:${text}`, `association:${text}`]) expect([200, 404]).toContain((await call(`/api/entities/${query(id)}`)).status);
        expect((await call(`/api/entities?q=x&type=${query(`University}) ${text}`)}`)).status).toBe(400);
      }
      await expectGraphUnchanged();
    });

    it('shared partners and paths', { timeout: 120_000 }, async () => {
      for (const text of INJECTIONS) {
        expect((await call(`/api/graph/shared-partners?association=${query(text)}`)).status).toBe(200);
        expect((await call(`/api/graph/shared-partners?partner=${query(`university:${text}`)}&min=1`)).status).toBe(200);
        expect((await call(`/api/graph/shared-partners?association=${query('association:河南漯河经开区科协')}&partner=${query(text)}`)).status).toBe(200);
        expect((await call(`/api/graph/shared-partners?type=${query(`University,${text}`)}`)).status).toBe(400);
        expect([200, 404]).toContain((await call(`/api/graph/path?from=${query(text)}&to=${query('university:天津大学')}`)).status);
        expect([200, 404]).toContain((await call(`/api/graph/path?from=${query('association:河南漯河经开区科协')}&to=${query(`university:${text}`)}`)).status);
      }
      await expectGraphUnchanged();
    });

    it('text search and case filters', { timeout: 120_000 }, async () => {
      for (const text of INJECTIONS) {
        expect((await call(`/api/search?q=${query(text)}`)).status).toBe(200);
        expect((await call(`/api/cases?mentions=${query(text)}&chapter=${query(text.slice(0, 100))}&province=${query(text.slice(0, 50))}`)).status).toBe(200);
      }
      await expectGraphUnchanged();
    });
  });
});
