// Runs analysts' Cypher read-only, in three layers: a token-level deny-list (no DB contact), an
// EXPLAIN whose queryType must be 'r', then a READ transaction with a timeout and a row cap.
import neo4j, { type Driver, type ManagedTransaction, type Session } from 'neo4j-driver';
import { ParkKgError, type ErrorCode } from '../../errors.js';
import {
  CYPHER_PARAM_NAME,
  MAX_CYPHER_CHARS,
  MAX_CYPHER_PARAM_CHARS,
  MAX_CYPHER_PARAM_ITEMS,
  MAX_CYPHER_PARAMS,
  type CypherLimits,
  type CypherParams,
  type CypherResult,
  type CypherScalar,
  type JsonValue,
} from '../cypher-runner.js';

/** Code for a query cut at CYPHER_TIMEOUT_MS; INPUT_INVALID until errors.ts gains a 504 code. */
export const CYPHER_TIMEOUT_CODE: ErrorCode = 'QUERY_TIMEOUT';
/** Procedures a query may CALL: schema listings and index lookups, all read-only. */
export const ALLOWED_PROCEDURES: readonly string[] = ['db.labels', 'db.relationshipTypes', 'db.propertyKeys', 'db.schema.visualization', 'db.index.vector.queryNodes', 'db.index.fulltext.queryNodes'];
const ALLOWED_FOLDED: ReadonlySet<string> = new Set(ALLOWED_PROCEDURES.map((name) => name.toUpperCase()));
// Keywords that write, administer, read files, batch or re-plan; matched after NFKC and upper-casing.
const DENIED: ReadonlyMap<string, string> = new Map([
  ...['CREATE', 'MERGE', 'DELETE', 'DETACH', 'NODETACH', 'SET', 'REMOVE', 'INSERT', 'FOREACH'].map((word) => [word, 'writes are not allowed']),
  ...['DROP', 'ALTER', 'RENAME', 'GRANT', 'DENY', 'REVOKE', 'START', 'STOP', 'TERMINATE', 'SHOW', 'USE', 'ENABLE', 'DEALLOCATE', 'REALLOCATE'].map((word) => [word, 'schema and administration commands are not allowed']),
  ['LOAD', 'LOAD CSV reads files and URLs on the server'],
  ['PERIODIC', 'USING PERIODIC COMMIT is not allowed'],
  ['TRANSACTIONS', 'CALL { … } IN TRANSACTIONS is not allowed'],
  ...['BEGIN', 'COMMIT', 'ROLLBACK'].map((word) => [word, 'transaction control is not allowed']),
  ...['EXPLAIN', 'PROFILE', 'CYPHER'].map((word) => [word, 'send the bare query; the endpoint runs EXPLAIN itself']),
  ...['APOC', 'DBMS'].map((word) => [word, `${word.toLowerCase()}.* is not allowed`]),
] as Array<[string, string]>);

type TokenKind = 'word' | 'quoted' | 'string' | 'param' | 'number' | 'symbol';
interface Token {
  kind: TokenKind;
  /** For words and quoted names: NFKC and upper-cased. */
  text: string;
  /** As written (without backticks), for messages. */
  raw: string;
  start: number;
}

const reject = (reason: string): ParkKgError => new ParkKgError('INPUT_INVALID', `Cypher rejected: ${reason} (只允许只读查询)`);
const fold = (text: string): string => text.normalize('NFKC').toUpperCase();
const WORD_START = /[\p{L}\p{Nl}_]/u;
const WORD_PART = /[\p{L}\p{N}\p{M}\p{Pc}]/u;
const LINE_BREAK = /[\n\r\u0085\u2028\u2029]/u;

/** Splits outside strings and comments; rejects what could hide text from the checks. */
export function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  const closeAt = (end: string, from: number, what: string): number => {
    const found = query.indexOf(end, from);
    if (found < 0) throw reject(`unterminated ${what}`);
    return found + end.length;
  };
  // Code points, not UTF-16 units, so astral letters are letters.
  const at = (position: number): string => String.fromCodePoint(query.codePointAt(position)!);
  while (index < query.length) {
    const char = at(index);
    const start = index;
    if (/[\s\p{Z}]/u.test(char)) index += char.length;
    // A line comment ends at the first line break of any kind, so nothing after one can hide in it.
    else if (query.startsWith('//', index)) {
      const end = query.slice(index).search(LINE_BREAK);
      index = end < 0 ? query.length : index + end;
    } else if (query.startsWith('/*', index)) index = closeAt('*/', index + 2, 'comment');
    else if (char === "'" || char === '"') {
      index += 1;
      while (index < query.length && query[index] !== char) index += query[index] === '\\' ? 2 : 1;
      if (index >= query.length) throw reject('unterminated string');
      index += 1;
      tokens.push({ kind: 'string', text: '', raw: '', start });
    } else if (char === '`' || (char === '$' && query[index + 1] === '`')) {
      const open = query.indexOf('`', index);
      index = closeAt('`', open + 1, 'quoted name');
      // A doubled backtick inside a quoted name is an escaped backtick, not the end.
      while (query[index] === '`') index = closeAt('`', index + 1, 'quoted name');
      const raw = query.slice(open + 1, index - 1).replaceAll('``', '`');
      tokens.push({ kind: char === '$' ? 'param' : 'quoted', text: fold(raw), raw, start });
    } else if (char === '$' || WORD_START.test(char) || /\p{N}/u.test(char)) {
      index += char.length;
      while (index < query.length && WORD_PART.test(at(index))) index += at(index).length;
      const kind: TokenKind = char === '$' ? 'param' : WORD_START.test(char) ? 'word' : 'number';
      tokens.push({ kind, text: fold(query.slice(start, index)), raw: query.slice(start, index), start });
    } else if (/[\p{Cf}\p{Cc}]/u.test(char)) {
      throw reject(`invisible character U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} outside a string`);
    } else {
      index += char.length;
      tokens.push({ kind: 'symbol', text: char.normalize('NFKC'), raw: char, start });
    }
  }
  return tokens;
}

/** Dotted names (`db.index.vector.queryNodes`, `` `apoc`.`do` ``) starting at token `at`, folded or as written. */
function dottedName(tokens: readonly Token[], at: number, field: 'text' | 'raw' = 'text'): string[] {
  const parts: string[] = [];
  for (let index = at; index < tokens.length; index += 2) {
    const token = tokens[index]!;
    if (token.kind !== 'word' && token.kind !== 'quoted') break;
    parts.push(...token[field].split('.'));
    if (tokens[index + 1]?.text !== '.') break;
  }
  return parts;
}

/**
 * Layer 1, before any database contact: one statement, no write/admin/file keywords, no apoc.* or
 * dbms.*, CALL only for allow-listed procedures or subqueries. Returns the query without a trailing `;`.
 */
export function checkCypherText(query: string): string {
  if (query.length > MAX_CYPHER_CHARS) throw reject(`the query is longer than ${MAX_CYPHER_CHARS} characters`);
  const tokens = tokenize(query);
  if (tokens.length === 0) throw reject('the query is empty');
  if (tokens[0]!.text === ':') throw reject(':commands belong to Neo4j Browser, not to Cypher');
  const semicolon = tokens.findIndex((token) => token.text === ';');
  if (semicolon >= 0 && tokens.slice(semicolon).some((token) => token.text !== ';')) throw reject('only one statement is allowed (found `;`)');
  tokens.forEach((token, index) => {
    const before = tokens[index - 1]?.text;
    const after = tokens[index + 1]?.text;
    const denied = token.kind === 'word' ? DENIED.get(token.text) : undefined;
    if (denied && before !== '.' && after !== ':') throw reject(`${token.text} — ${denied}`);
    // Neo4j may end a number early (`LIMIT 1LOAD CSV`, `1e5LOAD`): every letter-led tail counts as a word.
    const tail = token.kind === 'number' ? [...token.text].map((_, from) => token.text.slice(from)).find((rest) => /^\p{L}/u.test(rest) && DENIED.has(rest)) : undefined;
    if (tail) throw reject(`${tail} — ${DENIED.get(tail)}`);
    const name = token.kind === 'word' || token.kind === 'quoted' ? dottedName(tokens, index) : [];
    if (before !== '.' && ['APOC', 'DBMS'].includes(name[0] ?? '')) throw reject(`${dottedName(tokens, index, 'raw').join('.')} — ${DENIED.get(name[0]!)}`);
    if (token.kind === 'word' && token.text === 'CALL' && after !== '{' && after !== '(') {
      if (!ALLOWED_FOLDED.has(dottedName(tokens, index + 1).join('.'))) {
        const written = dottedName(tokens, index + 1, 'raw').join('.') || '?';
        throw reject(`CALL ${written.slice(0, 80)} — only these procedures may be called: ${ALLOWED_PROCEDURES.join(', ')}`);
      }
    }
  });
  return semicolon >= 0 ? query.slice(0, tokens[semicolon]!.start) : query;
}

/** Parameters: at most 50, identifier names, flat JSON values (scalars or lists of scalars). */
export function checkCypherParams(params: unknown): CypherParams {
  if (params === undefined || params === null) return {};
  if (typeof params !== 'object' || Array.isArray(params)) throw reject('params must be a JSON object');
  const entries = Object.entries(params);
  if (entries.length > MAX_CYPHER_PARAMS) throw reject(`at most ${MAX_CYPHER_PARAMS} params are allowed`);
  const scalar = (value: unknown): boolean =>
    value === null || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value)) || (typeof value === 'string' && value.length <= MAX_CYPHER_PARAM_CHARS);
  for (const [name, value] of entries) {
    if (!CYPHER_PARAM_NAME.test(name)) throw reject(`param name ${JSON.stringify(name.slice(0, 40))} must be an identifier (letters, digits, _)`);
    const flat = scalar(value) || (Array.isArray(value) && value.length <= MAX_CYPHER_PARAM_ITEMS && value.every(scalar));
    if (!flat) throw reject(`param ${name} must be a string, number, boolean, null or a list of those`);
  }
  return Object.freeze({ ...(params as CypherParams) });
}

/** Whole JSON numbers become Cypher integers, so `LIMIT $limit` and `c.number = $n` work as written. */
function driverParams(params: CypherParams): Record<string, unknown> {
  const convert = (value: CypherScalar) => (typeof value === 'number' && Number.isSafeInteger(value) ? neo4j.int(value) : value);
  return Object.fromEntries(Object.entries(params).map(([name, value]) => [name, Array.isArray(value) ? value.map(convert) : convert(value)]));
}

/** Where to run and how to convert; `session` is exposed for the tests of each layer. */
export interface CypherTarget {
  driver: Driver;
  database: string;
}

const CLIENT_GRACE_MS = 2_000;
const noop = (): void => undefined;
// A hard ceiling on the JSON a result may grow to, whatever the row cap.
const MAX_RESULT_CHARS = 8_000_000;

/** All three layers; Neo4jGraphStore.runReadOnlyCypher delegates here. */
export async function runReadOnlyCypher(target: CypherTarget, query: string, params: unknown, limits: CypherLimits): Promise<CypherResult> {
  const text = checkCypherText(query);
  const checked = checkCypherParams(params);
  return withDeadline(target, limits, async (session) => {
    await requireReadOnlyPlan(session, text, checked, limits.timeoutMs);
    return runCappedRead(session, text, checked, limits);
  });
}

/** Layer 2: EXPLAIN in a READ transaction; the planner's queryType must be 'r' (not rw, w or s). */
export async function requireReadOnlyPlan(session: Session, query: string, params: CypherParams, timeoutMs: number): Promise<void> {
  const run = (tx: ManagedTransaction) => tx.run(`EXPLAIN ${query}`, driverParams(params)).summary();
  const summary = await mapCypherErrors(timeoutMs, () => session.executeRead(run, { timeout: timeoutMs }));
  if (summary.queryType !== 'r') throw reject(`the planner classifies the query as "${summary.queryType}", only read queries ("r") may run`);
}

/** Layer 3: a READ transaction with a timeout that stops pulling records after the row cap. */
export async function runCappedRead(session: Session, query: string, params: CypherParams, limits: CypherLimits): Promise<CypherResult> {
  const work = async (tx: ManagedTransaction): Promise<CypherResult> => {
    const result = tx.run(query, driverParams(params));
    const rows: JsonValue[][] = [];
    let columns: string[] = [];
    let size = 0;
    let truncated = false;
    for await (const record of result) {
      columns = [...record.keys].map(String);
      if (rows.length >= limits.rowLimit || size > MAX_RESULT_CHARS) {
        truncated = true;
        break; // the iterator's return() cancels the stream: no further records are pulled
      }
      const row = record.keys.map((key) => toJson(record.get(key)));
      size += JSON.stringify(row).length;
      rows.push(row);
    }
    if (rows.length === 0 && !truncated) columns = [...(await result.keys())].map(String);
    return { columns, rows, truncated };
  };
  return mapCypherErrors(limits.timeoutMs, () => session.executeRead(work, { timeout: limits.timeoutMs, metadata: { app: 'park-kg', step: 'analyst-cypher' } }));
}

/** A fresh READ session, closed afterwards; a client-side deadline backs up the server's timeout. */
async function withDeadline<T>(target: CypherTarget, limits: CypherLimits, work: (session: Session) => Promise<T>): Promise<T> {
  const session = target.driver.session({ database: target.database, defaultAccessMode: neo4j.session.READ, fetchSize: Math.min(limits.rowLimit + 1, 1_000) });
  let timer: NodeJS.Timeout | undefined;
  const running = work(session);
  const deadline = new Promise<never>((_resolve, fail) => {
    timer = setTimeout(() => fail(timeoutError(limits.timeoutMs)), limits.timeoutMs * 2 + CLIENT_GRACE_MS);
  });
  try {
    return await Promise.race([running, deadline]);
  } finally {
    clearTimeout(timer);
    void running.then(noop, noop).then(() => session.close()).catch(noop);
  }
}

const timeoutError = (timeoutMs: number): ParkKgError =>
  new ParkKgError(CYPHER_TIMEOUT_CODE, `Cypher query stopped: it ran longer than CYPHER_TIMEOUT_MS=${timeoutMs} ms; add a LIMIT or narrow the MATCH (查询超时)`, { retryable: false });

/** Neo4j client errors become INPUT_INVALID / the timeout code with Neo4j's first line; others pass on. */
async function mapCypherErrors<T>(timeoutMs: number, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const code = typeof (error as { code?: unknown })?.code === 'string' ? (error as { code: string }).code : '';
    if (code.startsWith('Neo.ClientError.Transaction.TransactionTimedOut')) throw timeoutError(timeoutMs);
    const first = firstLine(error);
    if (code === 'Neo.ClientError.Statement.AccessMode' || code === 'Neo.ClientError.Security.Forbidden') {
      throw reject(`the database refused a write in a read transaction (${first})`);
    }
    if (/^Neo\.ClientError\.(Statement|Procedure|Schema)\./.test(code)) {
      throw new ParkKgError('INPUT_INVALID', `Cypher error (Neo4j ${code.split('.').pop()}) — ${first}`, { cause: error });
    }
    throw error;
  }
}

// Neo4j's first line, shortened in the middle so the "(line 1, column 27 (offset: 26))" survives.
function firstLine(error: unknown): string {
  const line = (error instanceof Error ? error.message : String(error)).split('\n')[0]!.trim();
  if (line.length <= 300) return line;
  const where = / \(line \d+, column \d+ \(offset: \d+\)\)$/.exec(line)?.[0] ?? '';
  return `${line.slice(0, 240)}…${where}`;
}

/** Driver values as plain JSON: nodes {labels, properties}, relationships {type, properties}, paths arrays. */
export function toJson(value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (neo4j.isInt(value)) return value.inSafeRange() ? value.toNumber() : value.toString();
  if (neo4j.isNode(value)) return { labels: [...value.labels], properties: toJsonObject(value.properties) };
  if (neo4j.isRelationship(value) || neo4j.isUnboundRelationship(value)) return { type: value.type, properties: toJsonObject(value.properties) };
  if (neo4j.isPath(value)) return [toJson(value.start), ...value.segments.flatMap((segment) => [toJson(segment.relationship), toJson(segment.end)])];
  if (neo4j.isPoint(value) || neo4j.isDuration(value) || neo4j.isDate(value) || neo4j.isDateTime(value) || neo4j.isLocalDateTime(value) || neo4j.isLocalTime(value) || neo4j.isTime(value)) {
    return value.toString();
  }
  if (Array.isArray(value)) return value.map(toJson);
  if (ArrayBuffer.isView(value)) return Array.from(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
  if (typeof value === 'object') return toJsonObject(value as Record<string, unknown>);
  return String(value);
}

function toJsonObject(value: Record<string, unknown>): { [key: string]: JsonValue } {
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toJson(item)]));
}
