// Loads the named read queries from graph/queries/*.cypher once; analysts run the same files by hand.
import { readFile } from 'node:fs/promises';
import { ParkKgError } from '../../errors.js';

// Same depth from src/store/neo4j and dist/store/neo4j, so both resolve to <repo>/graph/queries.
const QUERY_DIR = new URL('../../../graph/queries/', import.meta.url);

/** The read queries the adapter runs; each is `graph/queries/<name>.cypher`. */
export const QUERY_NAMES = ['find-nodes', 'get-nodes', 'neighbours', 'shared-partners', 'shortest-path', 'list-cases'] as const;
export type QueryName = (typeof QUERY_NAMES)[number];
export type NamedQueries = Readonly<Record<QueryName, string>>;

let loaded: Promise<NamedQueries> | null = null;

/** Every named query, read from disk at the first call and kept for the life of the process. */
export function namedQueries(): Promise<NamedQueries> {
  loaded ??= loadNamedQueries(QUERY_DIR).catch((error: unknown) => {
    loaded = null; // a later call may retry, e.g. after a deploy fixed the files
    throw error;
  });
  return loaded;
}

/** Reads the query files under `dir`; a missing or empty file is an installation fault. */
export async function loadNamedQueries(dir: URL): Promise<NamedQueries> {
  const entries = await Promise.all(
    QUERY_NAMES.map(async (name) => {
      const file = new URL(`${name}.cypher`, dir);
      const text = await readFile(file, 'utf8').catch((error: unknown) => {
        throw new ParkKgError('INTERNAL', `Cannot read the Neo4j query file graph/queries/${name}.cypher; reinstall park-kg.`, { cause: error, retryable: false });
      });
      if (!/\b(MATCH|RETURN)\b/.test(compactQuery(text))) {
        throw new ParkKgError('INTERNAL', `The Neo4j query file graph/queries/${name}.cypher holds no query.`, { retryable: false });
      }
      return [name, compactQuery(text)] as const;
    }),
  );
  return Object.freeze(Object.fromEntries(entries) as Record<QueryName, string>);
}

/**
 * The query without its `//` comment lines and indentation. The header is for people; sent along,
 * it pushes the Bolt RUN message past the driver's 1400-byte write buffer, and the second TCP write
 * then waits ~40 ms for a delayed ACK (Nagle), which is ten times the query itself.
 */
export function compactQuery(text: string): string {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('//'))
    .join('\n');
}
