// The shared GraphStore contract on a real Neo4j (local launcher or docker compose), with the
// memory store as the reference every read must agree with.
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { MemoryGraphStore } from '../../src/store/memory/memory-store.js';
import { openNeo4jStore } from '../../src/store/neo4j/neo4j-store.js';
import { neo4jConfig, neo4jUnavailableReason } from '../support/neo4j-availability.js';
import { graphStoreContract } from './graph-store.case.js';

const skipReason = await neo4jUnavailableReason('neo4j-contract.int.test');

graphStoreContract('neo4j', () => openNeo4jStore(neo4jConfig), skipReason, {
  reference: async () => MemoryGraphStore.open(await mkdtemp(path.join(os.tmpdir(), 'park-kg-reference-'))),
});
