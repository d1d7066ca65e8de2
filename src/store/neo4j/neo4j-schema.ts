// Applies graph/schema.cypher (constraints and indexes) so a fresh Neo4j is ready for the store.
import { readFile } from 'node:fs/promises';
import type { Driver } from 'neo4j-driver';

// Same depth from src/store/neo4j and dist/store/neo4j, so both resolve to <repo>/graph.
const SCHEMA_FILE = new URL('../../../graph/schema.cypher', import.meta.url);

/** Splits a Cypher script into statements: one per `;`, `//` comment lines dropped. */
export function splitCypherStatements(script: string): string[] {
  const code = script
    .split('\n')
    .filter((line) => !line.trim().startsWith('//'))
    .join('\n');
  return code
    .split(';')
    .map((statement) => statement.trim())
    .filter((statement) => statement !== '');
}

/** Reads the schema script shipped with the repo; kept in a file so DBAs can run it by hand too. */
export async function readSchemaStatements(file: URL = SCHEMA_FILE): Promise<string[]> {
  return splitCypherStatements(await readFile(file, 'utf8'));
}

/**
 * Runs each schema statement in its own write transaction (schema and data changes cannot share one).
 * Every statement is `IF NOT EXISTS`, so running this on each open is safe.
 */
export async function applySchema(driver: Driver, database: string, statements: string[], timeoutMs: number): Promise<void> {
  const session = driver.session({ database, defaultAccessMode: 'WRITE' });
  try {
    for (const statement of statements) {
      await session.executeWrite((tx) => tx.run(statement), { timeout: timeoutMs });
    }
  } finally {
    await session.close();
  }
}
