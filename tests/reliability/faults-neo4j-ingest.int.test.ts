// Fault: Neo4j dies in the middle of `park-kg ingest --store neo4j`. The CLI runs as a real child
// process against a private Neo4j; a TCP tap between the two watches the Bolt stream and SIGKILLs
// the Neo4j JVM when the fifth write batch (`UNWIND $rows …`) goes out, so earlier batches are
// committed and the load is provably half done. The CLI must stop with one clear line naming
// NEO4J_URI (exit 1, no stack, nothing saved under DATA_DIR); after a restart, ingest again must
// complete and the export must equal a clean memory-store export of the same seeds.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import neo4j from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, ensureBuilt } from '../support/built-cli.js';
import type { GraphSnapshot } from '../../src/graph/graph-types.js';
import { neo4jRequired } from '../support/neo4j-availability.js';
import { privateNeo4j, privateNeo4jUnavailableReason, type PrivateNeo4j } from '../support/neo4j-instance.js';

const KILL_AT_BATCH = 5;
const WRITE_BATCH = Buffer.from('UNWIND $rows AS row');

const unavailable = privateNeo4jUnavailableReason();
if (unavailable && !neo4jRequired) console.warn(`faults-neo4j-ingest skipped: ${unavailable}`);
const instance = privateNeo4j({ port: 7693, name: 'ingest' });


interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

function cli(args: string[], env: Record<string, string>): Promise<CliRun> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/park-kg.js'), ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? os.tmpdir(), SEEDS_DIR: path.join(ROOT, 'seeds'), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr, ms: Math.round(performance.now() - started) }));
  });
}

/**
 * A TCP tap in front of Neo4j: forwards bytes both ways, counts write batches in the client's Bolt
 * stream (encryption is off on the local Neo4j, so query texts travel as UTF-8), and runs `onBatch`
 * for each. `shut()` stops listening and drops every connection, so reconnects are refused like
 * those to a dead server.
 */
async function boltTap(target: number, onBatch: (count: number) => void) {
  const sockets = new Set<net.Socket>();
  let batches = 0;
  const server = net.createServer((client) => {
    const upstream = net.connect({ host: '127.0.0.1', port: target });
    sockets.add(client).add(upstream);
    let tail = Buffer.alloc(0);
    client.on('data', (chunk: Buffer) => {
      const seen = Buffer.concat([tail, chunk]);
      for (let at = seen.indexOf(WRITE_BATCH); at >= 0; at = seen.indexOf(WRITE_BATCH, at + 1)) {
        if (at + WRITE_BATCH.length > tail.length) onBatch(++batches);
      }
      tail = seen.subarray(Math.max(0, seen.length - WRITE_BATCH.length + 1));
    });
    client.pipe(upstream).pipe(client);
    const drop = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    uri: `bolt://127.0.0.1:${port}`,
    shut: () => {
      server.close();
      for (const socket of sockets) socket.destroy();
    },
  };
}

/** Counts straight from Neo4j: nodes, distinct ids, relationships (duplicates would show here). */
async function graphCounts(target: PrivateNeo4j): Promise<{ nodes: number; ids: number; relationships: number }> {
  const driver = neo4j.driver(target.uri, neo4j.auth.basic(target.user, target.password), { disableLosslessIntegers: true });
  try {
    const nodes = await driver.executeQuery('MATCH (n:Entity) RETURN count(n) AS nodes, count(DISTINCT n.id) AS ids', {}, { routing: 'READ' });
    const edges = await driver.executeQuery('MATCH (:Entity)-[r]->(:Entity) RETURN count(r) AS relationships', {}, { routing: 'READ' });
    return { nodes: nodes.records[0]?.get('nodes') as number, ids: nodes.records[0]?.get('ids') as number, relationships: edges.records[0]?.get('relationships') as number };
  } finally {
    await driver.close();
  }
}

async function wipe(target: PrivateNeo4j): Promise<void> {
  const driver = neo4j.driver(target.uri, neo4j.auth.basic(target.user, target.password));
  try {
    await driver.executeQuery('MATCH (n) DETACH DELETE n');
  } finally {
    await driver.close();
  }
}

describe.skipIf(unavailable !== '' && !neo4jRequired)('Neo4j dies during ingest', () => {
  const dirs: string[] = [];
  const figures: Record<string, number> = {};
  const tempDir = async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'park-kg-faults-ingest-'));
    dirs.push(dir);
    return dir;
  };
  const neo4jEnv = (uri: string, dataDir: string) => ({ DATA_DIR: dataDir, GRAPH_STORE: 'neo4j', NEO4J_URI: uri, NEO4J_USER: instance.user, NEO4J_PASSWORD: instance.password });

  beforeAll(async () => {
    ensureBuilt();
    figures.neo4jStartMs = await instance.start();
    await wipe(instance);
  });

  afterAll(async () => {
    await instance.stop();
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
    console.log(`faults-neo4j-ingest figures (ms): ${JSON.stringify(figures)}`);
  });

  it('stops with one line naming NEO4J_URI, then a re-run after restart equals a clean memory ingest', { timeout: 240_000 }, async () => {
    // 1. Kill Neo4j once the load is under way.
    let killedAt = 0;
    let killing: Promise<void> | undefined;
    const tap = await boltTap(instance.port, (batch) => {
      if (batch !== KILL_AT_BATCH) return;
      killedAt = performance.now();
      killing = instance.kill();
      tap.shut();
    });
    const failedDataDir = await tempDir();
    const failed = await cli(['ingest', '--store', 'neo4j'], neo4jEnv(tap.uri, failedDataDir));
    await killing;
    expect(killedAt, 'the load reached its fifth write batch').toBeGreaterThan(0);
    figures.ingestUntilErrorMs = failed.ms;
    figures.killToErrorMs = Math.round(performance.now() - killedAt);

    expect(failed.code).toBe(1);
    const lines = failed.stderr.split('\n').filter((line) => line.trim() !== '');
    expect(lines, failed.stderr).toHaveLength(1);
    console.log(`faults-neo4j-ingest: the CLI said: ${lines[0] ?? ''}`);
    expect(lines[0]).toMatch(/^park-kg: \[STORE_UNAVAILABLE\] /);
    expect(lines[0]).toContain(`NEO4J_URI=${tap.uri}`);
    expect(failed.stderr).not.toMatch(/\n\s+at |Error:.*\n.*node_modules/);
    expect(failed.stdout).toBe('');
    // Nothing is recorded as ingested: the next start would re-ingest.
    expect(existsSync(path.join(failedDataDir, 'corpus.json'))).toBe(false);

    // 2. Restart: the committed batches survived the crash, so the graph is half loaded.
    figures.neo4jRestartMs = await instance.start();
    const partial = await graphCounts(instance);
    console.log(`faults-neo4j-ingest: after the crash Neo4j holds ${partial.nodes} nodes and ${partial.relationships} relationships (a partial load)`);

    // 3. Ingest again (no tap) and export; a clean memory ingest of the same seeds is the reference.
    const rerunDataDir = await tempDir();
    const rerun = await cli(['ingest', '--store', 'neo4j'], neo4jEnv(instance.uri, rerunDataDir));
    figures.reingestMs = rerun.ms;
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stdout).toContain('已导入 53 个案例 (neo4j)');
    const exported = await cli(['export', '--format', 'json', '--store', 'neo4j'], neo4jEnv(instance.uri, rerunDataDir));
    expect(exported.code, exported.stderr).toBe(0);

    const memoryDataDir = await tempDir();
    const memoryEnv = { DATA_DIR: memoryDataDir, GRAPH_STORE: 'memory' };
    expect((await cli(['ingest', '--store', 'memory'], memoryEnv)).code).toBe(0);
    const reference = await cli(['export', '--format', 'json', '--store', 'memory'], memoryEnv);
    expect(reference.code, reference.stderr).toBe(0);

    const graph = JSON.parse(exported.stdout) as GraphSnapshot;
    const clean = JSON.parse(reference.stdout) as GraphSnapshot;
    expect(partial.nodes).toBeGreaterThan(0);
    expect(partial.nodes + partial.relationships).toBeLessThan(clean.nodes.length + clean.edges.length);
    expect(new Set(graph.nodes.map((node) => node.id)).size).toBe(graph.nodes.length);
    expect({ cases: graph.cases.length, nodes: graph.nodes.length, edges: graph.edges.length }).toEqual({
      cases: clean.cases.length,
      nodes: clean.nodes.length,
      edges: clean.edges.length,
    });
    expect(exported.stdout).toBe(reference.stdout);
    // And in the database itself: no second copy of any node or relationship.
    expect(await graphCounts(instance)).toEqual({ nodes: clean.nodes.length, ids: clean.nodes.length, relationships: clean.edges.length });
  });
});
