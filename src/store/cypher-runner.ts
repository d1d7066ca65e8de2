// The read-only Cypher port: analysts' hand-written queries reach the graph only through this, so
// the guard (deny-list, EXPLAIN, READ transaction, row cap, timeout) sits in one place per adapter.

/** One parameter value: flat JSON only, so a parameter can never smuggle a map into a write. */
export type CypherScalar = string | number | boolean | null;
export type CypherParamValue = CypherScalar | CypherScalar[];
export type CypherParams = Readonly<Record<string, CypherParamValue>>;

/** What a result cell becomes: plain JSON (nodes → {labels, properties}, paths → arrays). */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Bounds of one run; from CYPHER_ROW_LIMIT and CYPHER_TIMEOUT_MS. */
export interface CypherLimits {
  rowLimit: number;
  timeoutMs: number;
}

/** Rows are arrays aligned with `columns`; `truncated` says the row cap (or size budget) cut the result. */
export interface CypherResult {
  columns: string[];
  rows: JsonValue[][];
  truncated: boolean;
}

/** Longest query text accepted; analyst queries are a few hundred characters. */
export const MAX_CYPHER_CHARS = 5_000;
/** At most this many parameters, each name an identifier of at most 64 characters. */
export const MAX_CYPHER_PARAMS = 50;
export const CYPHER_PARAM_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
/** Items in one list parameter, and characters in one string parameter. */
export const MAX_CYPHER_PARAM_ITEMS = 1_000;
export const MAX_CYPHER_PARAM_CHARS = 5_000;

/** Implemented by stores that can run analyst Cypher read-only (the Neo4j adapter). */
export interface CypherRunner {
  /**
   * Runs one read-only statement: rejects anything that could write, administer or read files
   * (INPUT_INVALID), stops reading after `rowLimit` rows and cuts the query at `timeoutMs`.
   */
  runReadOnlyCypher(query: string, params: CypherParams, limits: CypherLimits): Promise<CypherResult>;
}

/** True when `store` offers read-only Cypher; the memory store does not. */
export function isCypherRunner(store: unknown): store is CypherRunner {
  return typeof store === 'object' && store !== null && typeof (store as Partial<CypherRunner>).runReadOnlyCypher === 'function';
}
