// The shared GraphStore contract on a real Neo4j (local launcher or docker compose).
import { openNeo4jStore } from '../../src/store/neo4j/neo4j-store.js';
import { neo4jConfig, neo4jUnavailableReason } from '../support/neo4j-availability.js';
import { graphStoreContract } from './graph-store.case.js';

const skipReason = await neo4jUnavailableReason('neo4j-contract.int.test');

graphStoreContract('neo4j', () => openNeo4jStore(neo4jConfig), skipReason);
