// VECTOR_STORE=neo4j end to end: the runtime keeps chunk vectors in Neo4j vector indexes, reports
// them in readiness, and answers like the default hnswlib index does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/app/runtime.js';
import { neo4jConfig, neo4jUnavailableReason } from '../support/neo4j-availability.js';
import { openTestRuntime } from '../support/runtime.js';

const skipReason = await neo4jUnavailableReason('neo4j-vectors.int.test');
const QUESTIONS = ['园区科协怎样开展海外引才引智？', '哪些园区科协和西安交通大学有关？', '园区科协如何组织科普活动？'];

describe.skipIf(skipReason !== '')('VECTOR_STORE=neo4j', () => {
  let neo4j: Runtime;
  let hnsw: Runtime;

  beforeAll(async () => {
    neo4j = await openTestRuntime({ VECTOR_STORE: 'neo4j', NEO4J_URI: neo4jConfig.NEO4J_URI });
    hnsw = await openTestRuntime();
  });

  afterAll(async () => {
    await neo4j?.close();
    await hnsw?.close();
  });

  it('reports the Neo4j vector indexes as ready', async () => {
    const readiness = await neo4j.service.readiness();
    expect(readiness.ready).toBe(true);
    expect(readiness.checks.vector_sections?.detail).toMatch(/ONLINE/);
    expect(readiness.checks.vector_fixed?.ok).toBe(true);
  });

  it('answers citing the same cases as the hnswlib index', async () => {
    for (const question of QUESTIONS) {
      const [a, b] = await Promise.all([neo4j.service.chat({ question }), hnsw.service.chat({ question })]);
      const cases = (answer: typeof a) => [...new Set(answer.citations.map((c) => c.case))].sort((x, y) => x - y);
      expect(cases(a), question).toEqual(cases(b));
    }
  });
});
