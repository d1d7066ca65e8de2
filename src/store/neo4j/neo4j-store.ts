// The Neo4j adapter of the GraphStore port: the same graph as the memory store, browsable in Neo4j.
import neo4j, { type Driver } from 'neo4j-driver';
import type { Config } from '../../config/config.js';
import { ParkKgError } from '../../errors.js';
import type { CaseRecord, GraphNode, GraphSnapshot, GraphStats, RelationType } from '../../graph/graph-types.js';
import type { CypherLimits, CypherParams, CypherResult, CypherRunner } from '../cypher-runner.js';
import type { CaseFilter, GraphPath, GraphStore, Neighbourhood, NodeQuery, SharedPartner, SharedPartnerQuery } from '../graph-store.js';
import { runReadOnlyCypher } from './cypher-guard.js';
import * as queries from './neo4j-queries.js';
import { toStoreError, withDeadline, withStoreErrors, type Neo4jErrorContext } from './neo4j-errors.js';
import { readSnapshot, readStats } from './neo4j-read.js';
import { applySchema, readSchemaStatements } from './neo4j-schema.js';
import { writeSnapshot, type ProgressListener } from './neo4j-write.js';

/** Rows per write transaction: big enough to amortise round trips, small enough for a tight heap. */
export const DEFAULT_BATCH_SIZE = 500;

/**
 * Upper bound of a readiness ping: /readyz must turn 503 within seconds even when Neo4j hangs
 * (a frozen server accepts the TCP connection and then says nothing); a healthy server answers a
 * connectivity check in milliseconds.
 */
export const PING_TIMEOUT_MS = 2_000;

/**
 * Longest a request-serving read (lookups, neighbours, shared partners, paths, listings, counts)
 * may take end to end, driver retries included, when NEO4J_TIMEOUT_MS is longer. These reads take
 * milliseconds on a warm server and about 2 s on a freshly restarted one (query planning); past
 * this Neo4j is down or hung, and the request fails with 503 STORE_UNAVAILABLE instead of waiting
 * out the driver's retry window (15-30 s) or, on a server that stopped answering, for ever.
 */
export const READ_DEADLINE_MS = 8_000;

/** The config the adapter reads; a subset so tests can point it elsewhere without a full Config. */
export type Neo4jStoreConfig = Pick<Config, 'NEO4J_URI' | 'NEO4J_USER' | 'NEO4J_PASSWORD' | 'NEO4J_DATABASE' | 'NEO4J_TIMEOUT_MS'>;

/** Tuning knobs that are not user configuration. */
export interface Neo4jStoreOptions {
  batchSize?: number;
}

/**
 * GraphStore on a real Neo4j. Obtain it from openNeo4jStore, which checks the connection and applies
 * graph/schema.cypher; every driver failure surfaces as STORE_UNAVAILABLE / STORE_AUTH_FAILED.
 * Also a CypherRunner: analysts' read-only queries for POST /api/cypher.
 */
export class Neo4jGraphStore implements GraphStore, CypherRunner {
  readonly kind = 'neo4j' as const;
  readonly #driver: Driver;
  readonly #context: Neo4jErrorContext;
  readonly #database: string;
  readonly #timeoutMs: number;
  readonly #batchSize: number;
  #closed = false;
  /** The connectivity check in flight; probes share it, so a hung server never piles them up. */
  #check: Promise<void> | null = null;

  constructor(driver: Driver, config: Neo4jStoreConfig, options: Neo4jStoreOptions = {}) {
    this.#driver = driver;
    this.#context = {
      NEO4J_URI: config.NEO4J_URI,
      NEO4J_USER: config.NEO4J_USER,
      NEO4J_DATABASE: config.NEO4J_DATABASE,
      NEO4J_TIMEOUT_MS: config.NEO4J_TIMEOUT_MS,
    };
    this.#database = config.NEO4J_DATABASE;
    this.#timeoutMs = config.NEO4J_TIMEOUT_MS;
    this.#batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  }

  async replaceAll(snapshot: GraphSnapshot, onProgress?: ProgressListener): Promise<void> {
    await this.#call(() =>
      writeSnapshot(
        { driver: this.#driver, database: this.#database, batchSize: this.#batchSize, timeoutMs: this.#timeoutMs },
        snapshot,
        onProgress,
      ),
    );
  }

  async exportSnapshot(): Promise<GraphSnapshot> {
    // The whole graph (export, the explorer, start-up): as long as the driver may take, but never unbounded.
    return this.#read(() => readSnapshot(this.#readSettings()), this.#timeoutMs * 2);
  }

  async stats(): Promise<GraphStats> {
    return this.#read(() => readStats(this.#readSettings()));
  }

  async findNodes(query: NodeQuery): Promise<GraphNode[]> {
    return this.#read(() => queries.findNodes(this.#readSettings(), query));
  }

  async getNodes(ids: readonly string[]): Promise<GraphNode[]> {
    return this.#read(() => queries.getNodes(this.#readSettings(), ids));
  }

  async neighbours(id: string, options?: { types?: RelationType[]; limit?: number }): Promise<Neighbourhood | null> {
    return this.#read(() => queries.neighbours(this.#readSettings(), id, options));
  }

  async sharedPartners(query: SharedPartnerQuery): Promise<SharedPartner[]> {
    return this.#read(() => queries.sharedPartners(this.#readSettings(), query));
  }

  async shortestPath(fromId: string, toId: string, maxHops?: number): Promise<GraphPath | null> {
    return this.#read(() => queries.shortestPath(this.#readSettings(), fromId, toId, maxHops));
  }

  async listCases(filter?: CaseFilter): Promise<CaseRecord[]> {
    return this.#read(() => queries.listCases(this.#readSettings(), filter));
  }

  /** Analyst Cypher through the guard (cypher-guard.ts): deny-list, EXPLAIN 'r', READ tx, row cap. */
  async runReadOnlyCypher(query: string, params: CypherParams, limits: CypherLimits): Promise<CypherResult> {
    return this.#call(() => runReadOnlyCypher({ driver: this.#driver, database: this.#database }, query, params, limits));
  }

  /**
   * Connectivity and credentials, bounded by `timeoutMs` (default: the smaller of PING_TIMEOUT_MS
   * and NEO4J_TIMEOUT_MS), so /readyz turns 503 quickly when Neo4j stops or hangs and 200 again
   * once the driver reconnects.
   */
  async ping(timeoutMs = Math.min(PING_TIMEOUT_MS, this.#timeoutMs)): Promise<void> {
    let check = this.#check;
    if (!check) {
      const started: Promise<void> = this.#call(async () => {
        await this.#driver.verifyConnectivity({ database: this.#database });
      });
      const settled = () => {
        if (this.#check === started) this.#check = null;
      };
      started.then(settled, settled);
      this.#check = check = started;
    }
    await withDeadline(check, timeoutMs, this.#context, 'a connectivity check');
  }

  /** Applies the schema script; openNeo4jStore calls it once, and it is safe to call again. */
  async applySchema(): Promise<void> {
    await this.#call(async () => applySchema(this.#driver, this.#database, await readSchemaStatements(), this.#timeoutMs));
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#driver.close();
  }

  #readSettings() {
    return { driver: this.#driver, database: this.#database, timeoutMs: this.#timeoutMs };
  }

  /** A read bounded on the client side too (see READ_DEADLINE_MS). */
  #read<T>(work: () => Promise<T>, deadlineMs = Math.min(READ_DEADLINE_MS, this.#timeoutMs)): Promise<T> {
    return withDeadline(this.#call(work), deadlineMs, this.#context, 'a read');
  }

  async #call<T>(work: () => Promise<T>): Promise<T> {
    if (this.#closed) throw new ParkKgError('INTERNAL', 'The Neo4j store was used after close().', { retryable: false });
    return withStoreErrors(this.#context, work);
  }
}

/** Creates the driver for `config` with timeouts derived from NEO4J_TIMEOUT_MS; does not connect yet. */
export function createNeo4jDriver(config: Neo4jStoreConfig): Driver {
  const timeout = config.NEO4J_TIMEOUT_MS;
  try {
    return neo4j.driver(config.NEO4J_URI, neo4j.auth.basic(config.NEO4J_USER, config.NEO4J_PASSWORD), {
      // Reads return plain JS numbers; every integer we store is far below 2^53.
      disableLosslessIntegers: true,
      connectionTimeout: timeout,
      // Longer than one connect attempt, so a dead server reports "unavailable", not "pool exhausted".
      connectionAcquisitionTimeout: timeout * 2,
      // executeRead/executeWrite retry transient failures; a server that stays down fails within this.
      maxTransactionRetryTime: timeout,
      userAgent: 'park-kg',
    });
  } catch (error) {
    throw toStoreError(error, config);
  }
}

/**
 * Opens the Neo4j store: creates the driver, verifies connectivity and credentials, applies
 * graph/schema.cypher. Fails with STORE_UNAVAILABLE / STORE_AUTH_FAILED and leaves no driver open.
 */
export async function openNeo4jStore(config: Neo4jStoreConfig, options: Neo4jStoreOptions = {}): Promise<Neo4jGraphStore> {
  const store = new Neo4jGraphStore(createNeo4jDriver(config), config, options);
  try {
    // Start-up may wait as long as the driver would for a first connection (remote, TLS, routing).
    await store.ping(config.NEO4J_TIMEOUT_MS * 2);
    await store.applySchema();
    return store;
  } catch (error) {
    await store.close().catch(() => undefined);
    throw error;
  }
}
