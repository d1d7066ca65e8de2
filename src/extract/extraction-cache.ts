// Content-addressed cache of LLM extraction results under DATA_DIR/cache/extraction/, so a
// re-ingest of unchanged cases costs no model calls. Entries are written atomically.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { ParkKgError } from '../errors.js';
import { readJsonVerified, writeJsonAtomic } from '../store/atomic-file.js';

// Bumped when the shape of a cached entry changes; older entries then read as misses.
const ENTRY_FORMAT = 1;

/** Where the cache lives inside a data folder. */
export function extractionCacheDir(dataDir: string): string {
  return path.join(dataDir, 'cache', 'extraction');
}

/** A cache key: sha256 over the parts that decide the result (model id, prompt version, case text). */
export function extractionCacheKey(...parts: readonly string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(`${part.length}:${part}\u0000`);
  return hash.digest('hex');
}

/** Reads and writes JSON entries by key; a damaged entry counts as a miss and is rewritten later. */
export class ExtractionCache<T> {
  constructor(readonly dir: string) {}

  private fileFor(key: string): string {
    if (!/^[0-9a-f]{64}$/.test(key)) throw new ParkKgError('INTERNAL', `invalid extraction cache key "${key}"`);
    return path.join(this.dir, `${key}.json`);
  }

  async get(key: string): Promise<T | null> {
    try {
      return await readJsonVerified<T>(this.fileFor(key), ENTRY_FORMAT);
    } catch (error) {
      if (error instanceof ParkKgError && error.code === 'STORE_CORRUPT') return null;
      throw error;
    }
  }

  async put(key: string, value: T): Promise<void> {
    await writeJsonAtomic(this.fileFor(key), value, ENTRY_FORMAT);
  }
}
