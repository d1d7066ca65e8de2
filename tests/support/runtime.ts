// A real runtime (memory store, real corpus, real indexes) in a fresh data folder.
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openRuntime, type Runtime, type RuntimeOptions } from '../../src/app/runtime.js';
import { loadConfig } from '../../src/config/config.js';
import { createApp } from '../../src/http/create-app.js';
import { startServer, type RunningServer } from '../../src/http/start-server.js';
import { SEEDS_DIR } from './real-graph.js';

/** Opens a runtime over the seeds; extra env (e.g. an LLM stub) and options may be given. */
export async function openTestRuntime(env: Record<string, string> = {}, options: Partial<RuntimeOptions> = {}): Promise<Runtime> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'park-kg-runtime-'));
  return openRuntime(loadConfig({ DATA_DIR: dataDir, SEEDS_DIR, ...env }), { ingestIfNeeded: true, ...options });
}

/** Serves a runtime's API on 127.0.0.1 (a free port) with logging off, as the HTTP suites need. */
export function serveRuntime(runtime: Runtime): Promise<RunningServer> {
  return startServer(createApp(runtime.service, { logger: () => {} }), { host: '127.0.0.1', port: 0 });
}
