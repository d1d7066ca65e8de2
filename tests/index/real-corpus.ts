// The real compilation parsed once per test file, plus temp data folders for index tests.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Compilation } from '../../src/corpus/types.js';
import { parseSources, seedFiles } from '../../src/pipeline/ingest.js';

let cached: Promise<{ compilations: Compilation[]; inputHash: string }> | null = null;

/** Parsed seeds exactly as `park-kg ingest` reads them. */
export function realCorpus(): Promise<{ compilations: Compilation[]; inputHash: string }> {
  cached ??= (async () => parseSources(await seedFiles(path.resolve('seeds'))))();
  return cached;
}

/** A fresh folder under the OS temp dir and a cleanup for afterAll. */
export async function tempDataDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'park-kg-index-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
