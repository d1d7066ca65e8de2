// Whether the Neo4j suites can run: they skip with one line when no Neo4j answers, except in CI
// (or with PARK_KG_REQUIRE_NEO4J=1), where a missing Neo4j is a failure.
import { loadConfig } from '../../src/config/config.js';
import { ParkKgError } from '../../src/errors.js';
import { openNeo4jStore } from '../../src/store/neo4j/neo4j-store.js';

export const neo4jConfig = loadConfig(process.env);
export const neo4jRequired = Boolean(process.env.CI) || process.env.PARK_KG_REQUIRE_NEO4J === '1';

/** Why Neo4j cannot be used ('' when it answers). A wrong password is not "unreachable". */
export async function neo4jUnavailableReason(suite: string): Promise<string> {
  let reason = '';
  try {
    const store = await openNeo4jStore({ ...neo4jConfig, NEO4J_TIMEOUT_MS: Math.min(neo4jConfig.NEO4J_TIMEOUT_MS, 5_000) });
    await store.close();
  } catch (error) {
    if (error instanceof ParkKgError && error.code === 'STORE_UNAVAILABLE') reason = error.message;
  }
  if (reason && !neo4jRequired) {
    console.warn(`${suite} skipped: ${reason} Set PARK_KG_REQUIRE_NEO4J=1 to make this a failure.`);
  }
  return neo4jRequired ? '' : reason;
}
