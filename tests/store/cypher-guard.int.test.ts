// The read-only Cypher guard on a REAL Neo4j holding the real graph: every hostile attempt is
// rejected and leaves nodes, relationships, tokens, schema and content exactly as they were;
// legitimate reads work, the row cap truncates, and slow queries are cut at the timeout.
import { createHash } from 'node:crypto';
import type { Driver } from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ParkKgError } from '../../src/errors.js';
import type { CypherLimits } from '../../src/store/cypher-runner.js';
import { CYPHER_TIMEOUT_CODE, requireReadOnlyPlan, runCappedRead } from '../../src/store/neo4j/cypher-guard.js';
import { createNeo4jDriver, openNeo4jStore, type Neo4jGraphStore } from '../../src/store/neo4j/neo4j-store.js';
import { neo4jConfig, neo4jUnavailableReason } from '../support/neo4j-availability.js';
import { realGraph } from '../support/real-graph.js';

/** One hostile attempt: what it tries, and the part of the message that says why it was refused. */
interface Attempt {
  name: string;
  query: string;
  params?: Record<string, never>;
  reason: RegExp;
}
const WRITE = /writes are not allowed/;
const ADMIN = /administration commands/;
const attempt = (name: string, query: string, reason: RegExp, params?: Record<string, unknown>): Attempt => ({ name, query, reason, ...(params ? { params: params as Record<string, never> } : {}) });

const HOSTILE_ATTEMPTS: Attempt[] = [
  attempt('CREATE', "CREATE (n:Intruder {id: 'intruder'}) RETURN n", WRITE),
  attempt('MERGE … SET', "MERGE (n:Entity {id: 'university:天津大学'}) SET n.name = 'hacked'", WRITE),
  attempt('DELETE', "MATCH (n:Entity {id: 'university:天津大学'}) DELETE n", WRITE),
  attempt('DETACH DELETE everything', 'MATCH (n) DETACH DELETE n', WRITE),
  attempt('SET a property', "MATCH (n:University) SET n.name = 'x'", WRITE),
  attempt('SET a label', 'MATCH (n:University) SET n:Hacked', WRITE),
  attempt('REMOVE a property', 'MATCH (n:University) REMOVE n.name', WRITE),
  attempt('GQL INSERT', 'INSERT (n:Intruder)', WRITE),
  attempt('FOREACH … CREATE', 'MATCH (n:University) FOREACH (x IN [1] | CREATE (:Intruder))', WRITE),
  attempt('CREATE INDEX', 'CREATE INDEX evil IF NOT EXISTS FOR (n:Entity) ON (n.searchKeys)', WRITE),
  attempt('CREATE CONSTRAINT', 'CREATE CONSTRAINT evil IF NOT EXISTS FOR (n:Case) REQUIRE n.title IS UNIQUE', WRITE),
  attempt('DROP CONSTRAINT', 'DROP CONSTRAINT entity_id', ADMIN),
  attempt('DROP INDEX', 'DROP INDEX entity_name', ADMIN),
  attempt('LOAD CSV from a file', "LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line", /LOAD CSV/),
  attempt('load csv from a URL, lower case', "load csv with headers from 'https://example.com/x.csv' AS row RETURN row", /LOAD CSV/),
  attempt('USING PERIODIC COMMIT', "USING PERIODIC COMMIT 10 LOAD CSV FROM 'file:///etc/passwd' AS l CREATE (:X)", /PERIODIC COMMIT/),
  attempt('CALL { … } IN TRANSACTIONS', 'UNWIND range(1, 3) AS i CALL { WITH i MATCH (n) RETURN n } IN TRANSACTIONS OF 1 ROW RETURN count(*)', /IN TRANSACTIONS/),
  attempt('CALL dbms.components()', 'CALL dbms.components()', /dbms/),
  attempt('CALL dbms.security.createUser', "CALL dbms.security.createUser('eve', 'secret', false)", /dbms/),
  attempt('apoc function', 'RETURN apoc.version() AS v', /apoc/),
  attempt('apoc write procedure', "CALL apoc.cypher.runWrite('CREATE (:Intruder)', {})", /apoc/),
  attempt('backticked apoc namespace', "CALL `apoc`.`cypher`.`runWrite`('CREATE (:Intruder)', {})", /apoc/),
  attempt('write procedure db.createLabel', "CALL db.createLabel('Intruder')", /only these procedures/),
  attempt('write procedure db.createProperty', "CALL db.createProperty('intruder')", /only these procedures/),
  attempt('write procedure db.create.setNodeVectorProperty', "MATCH (n:Case) WITH n LIMIT 1 CALL db.create.setNodeVectorProperty(n, 'embedding', [1.0])", /only these procedures/),
  attempt('DBMS procedure db.clearQueryCaches', 'CALL db.clearQueryCaches()', /only these procedures/),
  attempt('two statements', 'MATCH (n) RETURN count(n); MATCH (n) DETACH DELETE n', /one statement/),
  attempt('a harmless statement hiding a second', 'RETURN 1 ;\nCREATE (:Intruder)', /one statement/),
  attempt('a fullwidth semicolon', 'RETURN 1；CREATE (:Intruder)', /one statement/),
  attempt('mixed case cReAtE', 'cReAtE (n:Intruder) RETURN n', WRITE),
  attempt('a comment glued to CREATE', '/*x*/CREATE (n:Intruder) RETURN n', WRITE),
  attempt('DETACH DELETE split by comments and newlines', 'MATCH (n) // harmless\nDETACH\n/* hidden */DELETE n', WRITE),
  attempt('fullwidth letters', 'ＣＲＥＡＴＥ (n:Intruder) RETURN n', WRITE),
  attempt('a zero-width space inside CREATE', 'CRE\u200bATE (n:Intruder) RETURN n', /invisible character U\+200B/),
  attempt('mathematical bold letters', '\u{1d402}\u{1d411}\u{1d404}\u{1d400}\u{1d413}\u{1d404} (n:Intruder) RETURN n', WRITE),
  attempt('LOAD glued to a number', "WITH 1 AS x LIMIT 1LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line", /LOAD CSV/),
  attempt('LOAD glued to an exponent', "WITH 1 AS x LIMIT 1e0LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line", /LOAD CSV/),
  attempt('a line comment ended by a carriage return', "WITH 1 AS x // note\rLOAD CSV FROM 'file:///etc/passwd' AS line RETURN line", /LOAD CSV/),
  attempt('a line comment ended by U+2028', "WITH 1 AS x // note\u2028LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line", /LOAD CSV/),
  attempt('a stray invisible character', 'MATCH (n) \u2060RETURN n', /invisible character U\+2060/),
  attempt('a no-break space before SET', "MATCH (n:University) WITH n\u00a0SET n.name = 'x'", WRITE),
  attempt('a Cyrillic look-alike С in CREATE', 'СREATE (n:Intruder) RETURN n', /SyntaxError/),
  attempt('a write hidden in a subquery', 'MATCH (n:Entity) CALL { WITH n DETACH DELETE n } RETURN count(*)', WRITE),
  attempt('a write in a scoped subquery', "MATCH (n:Entity) CALL (n) { SET n.name = 'x' } RETURN count(*)", WRITE),
  attempt('an unterminated comment hiding the rest', 'MATCH (n) RETURN n /* CREATE (:Intruder)', /unterminated comment/),
  attempt('an unterminated string', "MATCH (n) WHERE n.name = 'x RETURN n", /unterminated string/),
  attempt('a Browser :command', ':use system', /:commands/),
  attempt('USE another database', 'USE system SHOW USERS', ADMIN),
  attempt('SHOW TRANSACTIONS (other users\u2019 queries)', 'SHOW TRANSACTIONS', ADMIN),
  attempt('TERMINATE TRANSACTIONS', "TERMINATE TRANSACTIONS 'neo4j-transaction-1'", ADMIN),
  attempt('STOP DATABASE', 'STOP DATABASE neo4j', ADMIN),
  attempt('ALTER USER', "ALTER USER neo4j SET PASSWORD 'owned'", ADMIN),
  attempt('GRANT', 'GRANT ROLE admin TO eve', ADMIN),
  attempt('PROFILE (executes the query)', 'PROFILE MATCH (n) DETACH DELETE n', /EXPLAIN itself/),
  attempt('a CYPHER options prefix', 'CYPHER runtime=slotted CREATE (:Intruder)', /EXPLAIN itself/),
  attempt('a parameter name carrying Cypher', 'MATCH (n:Entity) RETURN n LIMIT 1', /param name/, { 'x}) DETACH DELETE n //': 1 }),
  attempt('a map parameter (property injection)', 'MATCH (n:Entity) WHERE n.id = $p.id RETURN n', /must be a string, number/, { p: { id: 'university:天津大学' } }),
  attempt('a list of maps parameter', 'UNWIND $rows AS row RETURN row', /must be a string, number/, { rows: [{ name: 'x' }] }),
];

const skipReason = await neo4jUnavailableReason('cypher-guard.int.test');
const LIMITS: CypherLimits = { rowLimit: 1_000, timeoutMs: 5_000 };

/**
 * Counts, tokens, schema and a SHA-256 over sorted node ids + names + labels and relationship
 * endpoints + types; with `full`, over every property of every node and relationship instead.
 */
async function fingerprint(driver: Driver, full = false) {
  const session = driver.session({ database: neo4jConfig.NEO4J_DATABASE, defaultAccessMode: 'READ' });
  try {
    const rows = async (query: string) => (await session.run(query)).records.map((record) => record.toObject());
    const sorted = (value: unknown) => JSON.stringify(Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)));
    const nodeQuery = full ? 'MATCH (n) RETURN labels(n) AS labels, properties(n) AS properties' : 'MATCH (n) RETURN labels(n) AS labels, {id: n.id, name: n.name} AS properties';
    const edgeQuery = `MATCH (a)-[r]->(b) RETURN a.id AS source, type(r) AS type, b.id AS target, ${full ? 'properties(r)' : '{}'} AS properties`;
    const nodes = (await rows(nodeQuery)).map((row) => `${JSON.stringify([...(row.labels as string[])].sort())}${sorted(row.properties)}`);
    const edges = (await rows(edgeQuery)).map((row) => `${String(row.source)}-${String(row.type)}->${String(row.target)}${sorted(row.properties)}`);
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
      constraints: await names('SHOW CONSTRAINTS YIELD name RETURN name'),
    };
  } finally {
    await session.close();
  }
}

async function rejection(work: Promise<unknown>): Promise<ParkKgError> {
  const error = await work.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error, 'the attempt should have been rejected').toBeInstanceOf(ParkKgError);
  return error as ParkKgError;
}

describe.skipIf(skipReason !== '')('read-only Cypher guard on a real Neo4j', () => {
  let store: Neo4jGraphStore;
  let driver: Driver;
  let before: Awaited<ReturnType<typeof fingerprint>>;
  let fullBefore: Awaited<ReturnType<typeof fingerprint>>;

  beforeAll(async () => {
    store = await openNeo4jStore(neo4jConfig);
    await store.replaceAll((await realGraph()).snapshot);
    driver = createNeo4jDriver(neo4jConfig);
    before = await fingerprint(driver);
    fullBefore = await fingerprint(driver, true);
    expect(before.nodes).toBeGreaterThan(500);
  });
  afterAll(async () => {
    await driver?.close();
    await store?.close();
  });

  it(`has a table of at least 30 hostile attempts (${HOSTILE_ATTEMPTS.length})`, () => {
    expect(HOSTILE_ATTEMPTS.length).toBeGreaterThanOrEqual(30);
  });

  it.each(HOSTILE_ATTEMPTS)('rejects $name and leaves the graph unchanged', async ({ query, params, reason }) => {
    const error = await rejection(store.runReadOnlyCypher(query, params ?? {}, LIMITS));
    expect(error.code).toBe('INPUT_INVALID');
    expect(error.httpStatus).toBe(400);
    expect(error.message).toMatch(/^Cypher (rejected|error)/);
    expect(error.message).toMatch(reason);
    expect(await fingerprint(driver)).toEqual(before);
  });

  it('layer 2 alone: EXPLAIN refuses plans that are not read-only (and would let LOAD CSV through)', async () => {
    const session = driver.session({ database: neo4jConfig.NEO4J_DATABASE, defaultAccessMode: 'READ' });
    try {
      for (const [query, type] of [
        ['CREATE (n:Intruder) RETURN n', 'rw'],
        ['MATCH (n:University) SET n.name = "x"', 'w'],
        ['CALL db.createLabel("Intruder")', 'w'],
        ['CREATE INDEX evil IF NOT EXISTS FOR (n:Entity) ON (n.searchKeys)', 's'],
        ['CALL dbms.components()', 's'],
      ] as const) {
        const error = await rejection(requireReadOnlyPlan(session, query, {}, 5_000));
        expect(error.message, query).toContain(`"${type}"`);
      }
      // The planner calls LOAD CSV a read: the deny-list, not EXPLAIN, is what stops it.
      await expect(requireReadOnlyPlan(session, "LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line", {}, 5_000)).resolves.toBeUndefined();
    } finally {
      await session.close();
    }
    expect(await fingerprint(driver)).toEqual(before);
  });

  it('layer 3 alone: the READ transaction refuses a write even without the other layers', async () => {
    const session = driver.session({ database: neo4jConfig.NEO4J_DATABASE, defaultAccessMode: 'READ' });
    try {
      const error = await rejection(runCappedRead(session, 'CREATE (n:Intruder {id: "intruder"}) RETURN n', {}, LIMITS));
      expect(error.message).toMatch(/refused a write/);
    } finally {
      await session.close();
    }
    expect(await fingerprint(driver)).toEqual(before);
  });

  it('treats parameters as data: an injection string matches nothing and changes nothing', async () => {
    const result = await store.runReadOnlyCypher('MATCH (n:Entity) WHERE n.name = $name RETURN n.id AS id', { name: "x'}) DETACH DELETE n //" }, LIMITS);
    expect(result).toEqual({ columns: ['id'], rows: [], truncated: false });
    expect(await fingerprint(driver)).toEqual(before);
  });

  it('runs legitimate reads and converts values to plain JSON', async () => {
    const university = await store.runReadOnlyCypher('MATCH (u:University {name: $name}) RETURN u, u.cases AS cases', { name: '西安交通大学' }, LIMITS);
    expect(university.columns).toEqual(['u', 'cases']);
    const [node, cases] = university.rows[0]!;
    expect(node).toMatchObject({ labels: expect.arrayContaining(['University', 'Entity']), properties: { id: 'university:西安交通大学', name: '西安交通大学' } });
    expect(cases).toEqual(expect.arrayContaining([8, 12, 19]));

    const visit = await store.runReadOnlyCypher("MATCH p = (a:Academician {name: '孙安'})-[v:VISITED]->(park:Park) RETURN p, v, park.name AS park", {}, LIMITS);
    const [path, relationship, park] = visit.rows[0]!;
    expect(park).toBe('江苏扬州高新区');
    expect(relationship).toMatchObject({ type: 'VISITED', properties: { date: '2024-05-29' } });
    expect(path).toHaveLength(3);
    expect((path as Array<{ properties: { name?: string } }>)[2]!.properties.name).toBe('江苏扬州高新区');

    const values = await store.runReadOnlyCypher("RETURN 1 AS one, 1.5 AS half, date('2024-05-29') AS day, [1, 'a', null] AS list, {k: true} AS map, $n + 1 AS next", { n: 41 }, LIMITS);
    expect(values.rows).toEqual([[1, 1.5, '2024-05-29', [1, 'a', null], { k: true }, 42]]);
  });

  it.each([
    ['a trailing semicolon', 'MATCH (c:Case) RETURN count(c) AS cases;', 53],
    ['keywords inside strings', "MATCH (n:Entity) WHERE n.name CONTAINS 'CREATE' OR n.name = 'DETACH DELETE' RETURN count(n) AS hits", 0],
    ['a scary comment', 'MATCH (c:Case) // ; DROP INDEX entity_name\nRETURN count(c) AS cases', 53],
    ['keyword-like variables and labels', 'MATCH (start:Academician)-[:VISITED]->(`create`:Park) RETURN count(*) AS visits', 12],
    ['an allowed procedure', "CALL db.labels() YIELD label WHERE label = 'University' RETURN count(label) AS found", 1],
    ['a read subquery', 'MATCH (a:Association) CALL (a) { MATCH (a)-[:BUILT]->(p:Platform) RETURN count(p) AS built } RETURN count(a) AS associations', 53],
    ['an integer parameter in LIMIT', 'MATCH (c:Case) WITH c LIMIT $limit RETURN count(c) AS cases', 7],
  ])('allows %s', async (_name, query, expected) => {
    const result = await store.runReadOnlyCypher(query, { limit: 7 }, LIMITS);
    expect(result.rows[0]![0]).toBe(expected);
  });

  it('truncates at the row cap and stops reading', async () => {
    const capped = await store.runReadOnlyCypher('MATCH (n:Entity) RETURN n.id AS id ORDER BY id', {}, { ...LIMITS, rowLimit: 5 });
    expect(capped.rows).toHaveLength(5);
    expect(capped.truncated).toBe(true);
    const exact = await store.runReadOnlyCypher('MATCH (c:Case) WHERE c.number <= 5 RETURN c.number AS n ORDER BY n', {}, { ...LIMITS, rowLimit: 5 });
    expect(exact).toEqual({ columns: ['n'], rows: [[1], [2], [3], [4], [5]], truncated: false });
    // Ten million rows on offer; only the first eleven are ever pulled.
    const endless = await store.runReadOnlyCypher('UNWIND range(1, 10000000) AS i RETURN i', {}, { ...LIMITS, rowLimit: 10 });
    expect(endless.rows.map((row) => row[0])).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(endless.truncated).toBe(true);
  });

  it('cuts a slow query at the timeout with a clear error', async () => {
    const error = await rejection(
      store.runReadOnlyCypher('UNWIND range(1, 200000) AS a UNWIND range(1, 200000) AS b RETURN count(*) AS pairs', {}, { rowLimit: 10, timeoutMs: 1_000 }),
    );
    expect(error.code).toBe(CYPHER_TIMEOUT_CODE);
    expect(error.message).toMatch(/CYPHER_TIMEOUT_MS=1000/);
    expect(error.retryable).toBe(false);
    expect(await fingerprint(driver)).toEqual(before);
  });

  it('leaves every property of every node and relationship as it was after all of the above', async () => {
    expect(await fingerprint(driver, true)).toEqual(fullBefore);
  });
});
