// Which files an ingest reads, in which order: the default compilation first (its cases keep the
// numbers 1..53), then the others in the order they were added, one file per source id.
import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { readSourceBytes } from '../corpus/read-source.js';
import { ParkKgError } from '../errors.js';
import { isDefaultSource, sourceIdFor } from './source-id.js';

/** Version of what ingest derives from the text; part of the input hash, so a parser change re-ingests. */
export const PIPELINE_VERSION = 'park-kg-pipeline-3';

const SOURCE_EXTENSIONS = new Set(['.txt', '.pdf']);

/** Source files in `seeds/` (.txt and .pdf): the default compilation first, then the rest by name. */
export async function seedFiles(seedsDir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(seedsDir);
  } catch {
    throw new ParkKgError('INPUT_NOT_FOUND', `${seedsDir}: seeds folder not found (set SEEDS_DIR)`);
  }
  const sources = names.filter((name) => SOURCE_EXTENSIONS.has(path.extname(name).toLowerCase())).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (sources.length === 0) throw new ParkKgError('INPUT_NOT_FOUND', `${seedsDir}: no .txt or .pdf compilation found`);
  return orderSources(sources.map((name) => path.join(seedsDir, name)));
}

/**
 * The files to ingest when `added` joins `base` (the files of the last ingest): one file per
 * source id, a re-added file replacing the earlier one in its place, the default compilation
 * first and everything else in the order it was first added. Numbers of existing cases never move.
 */
export function planSources(base: readonly string[], added: readonly string[]): string[] {
  const out: string[] = [];
  for (const file of [...base, ...added.map((item) => path.resolve(item))]) {
    const id = sourceIdFor(file);
    const at = out.findIndex((other) => sourceIdFor(other) === id);
    if (at >= 0) out[at] = file;
    else out.push(file);
  }
  return orderSources(out);
}

/** Stable order with the default compilation moved to the front. */
export function orderSources(files: readonly string[]): string[] {
  return [...files.filter(isDefaultSource), ...files.filter((file) => !isDefaultSource(file))];
}

/** sha256 over the pipeline version and the files' bytes: tells whether a later start must re-ingest. */
export async function inputHashOf(files: readonly string[]): Promise<string> {
  const hash = createHash('sha256').update(PIPELINE_VERSION);
  for (const file of files) hash.update(await readSourceBytes(file));
  return hash.digest('hex');
}
