// The ingest pipeline: source files → parsed cases → extraction → graph → store.
import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { parseCompilation } from '../corpus/parse-compilation.js';
import { readSourceText } from '../corpus/read-source.js';
import type { Compilation } from '../corpus/types.js';
import { ParkKgError } from '../errors.js';
import type { AliasTable } from '../extract/alias-table.js';
import { mergeExtractions, type Extraction, type Extractor } from '../extract/types.js';
import { buildGraph } from '../graph/build-graph.js';
import type { GraphSnapshot } from '../graph/graph-types.js';
import type { GraphStore } from '../store/graph-store.js';
import { DEFAULT_SOURCE_FILE, sourceIdFor } from './source-id.js';

/** Progress events, so the CLI can draw a bar and tests can assert the stages ran. */
export interface IngestProgress {
  stage: 'read' | 'parse' | 'extract' | 'build' | 'store' | 'embed';
  done: number;
  total: number;
}

export interface IngestOptions {
  files: readonly string[];
  store: GraphStore;
  extractors: readonly Extractor[];
  aliases: AliasTable;
  onProgress?: (progress: IngestProgress) => void;
}

export interface IngestResult {
  compilations: Compilation[];
  snapshot: GraphSnapshot;
  /** sha256 over the inputs, to tell whether a later start needs to ingest again. */
  inputHash: string;
  timings: Record<'parse' | 'extract' | 'build' | 'store', number>;
}

/** Source files in `seeds/`: the default compilation first, then the rest by name. */
export async function seedFiles(seedsDir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(seedsDir);
  } catch {
    throw new ParkKgError('INPUT_NOT_FOUND', `${seedsDir}: seeds folder not found (set SEEDS_DIR)`);
  }
  const texts = names.filter((name) => name.endsWith('.txt')).sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : 1));
  if (texts.length === 0) throw new ParkKgError('INPUT_NOT_FOUND', `${seedsDir}: no .txt compilation found`);
  return texts.map((name) => path.join(seedsDir, name));
}

const rank = (name: string) => (name === DEFAULT_SOURCE_FILE ? 0 : 1);

/** Version of what ingest derives from the text; part of the input hash, so a parser change re-ingests. */
export const PIPELINE_VERSION = 'park-kg-pipeline-2';

/** Reads and parses all files; throws before anything is written if any file is unusable. */
export async function parseSources(files: readonly string[], onProgress?: IngestOptions['onProgress']): Promise<{ compilations: Compilation[]; inputHash: string }> {
  const hash = createHash('sha256').update(PIPELINE_VERSION);
  const compilations: Compilation[] = [];
  let nextNumber = 1;
  for (const [index, file] of files.entries()) {
    const text = await readSourceText(file);
    hash.update(text);
    const sourceId = sourceIdFor(file, text);
    const isDefault = path.basename(file) === DEFAULT_SOURCE_FILE;
    const compilation = parseCompilation(text, {
      sourceId,
      sourceFile: file,
      firstCaseNumber: nextNumber,
      idPrefix: isDefault || files.length === 1 ? '' : `${sourceId}-`,
    });
    nextNumber += compilation.cases.length;
    compilations.push(compilation);
    onProgress?.({ stage: 'parse', done: index + 1, total: files.length });
  }
  return { compilations, inputHash: hash.digest('hex') };
}

/** Runs the whole pipeline and leaves the store holding exactly the new graph. */
export async function ingest(options: IngestOptions): Promise<IngestResult> {
  const clock = stopwatch();
  const { compilations, inputHash } = await parseSources(options.files, options.onProgress);
  const parse = clock();

  const cases = compilations.flatMap((compilation) => compilation.cases);
  const parts: Extraction[] = [];
  for (const [index, doc] of cases.entries()) {
    for (const extractor of options.extractors) parts.push(await extractor.extract(doc));
    options.onProgress?.({ stage: 'extract', done: index + 1, total: cases.length });
  }
  const extract = clock();

  const snapshot = buildGraph(compilations, mergeExtractions(parts), options.aliases);
  options.onProgress?.({ stage: 'build', done: 1, total: 1 });
  const build = clock();

  await options.store.replaceAll(snapshot, (done, total) => options.onProgress?.({ stage: 'store', done, total }));
  const store = clock();
  return { compilations, snapshot, inputHash, timings: { parse, extract, build, store } };
}

function stopwatch(): () => number {
  let last = performance.now();
  return () => {
    const now = performance.now();
    const elapsed = now - last;
    last = now;
    return Math.round(elapsed);
  };
}
