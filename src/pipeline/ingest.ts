// The ingest pipeline: source files → parsed cases → extraction → graph → store.
import { createHash } from 'node:crypto';
import { parseCompilation } from '../corpus/parse-compilation.js';
import { readSource } from '../corpus/read-source.js';
import type { Compilation } from '../corpus/types.js';
import type { AliasTable } from '../extract/alias-table.js';
import { mergeExtractions, type Extraction, type Extractor } from '../extract/types.js';
import { buildGraph } from '../graph/build-graph.js';
import type { GraphSnapshot } from '../graph/graph-types.js';
import type { GraphStore } from '../store/graph-store.js';
import { mapConcurrent } from './map-concurrent.js';
import { PIPELINE_VERSION } from './source-files.js';
import { isDefaultSource, sourceIdFor } from './source-id.js';

export { PIPELINE_VERSION, seedFiles } from './source-files.js';

/** Progress events, so the CLI can draw a bar and tests can assert the stages ran. */
export interface IngestProgress {
  stage: 'read' | 'parse' | 'extract' | 'build' | 'store' | 'embed';
  done: number;
  total: number;
}

export interface IngestOptions {
  files: readonly string[];
  store: GraphStore;
  /** Run per case in this order; their results are merged (`--extractor both`: rules, then llm). */
  extractors: readonly Extractor[];
  aliases: AliasTable;
  /** Cases extracted at once; more than 1 only helps extractors that wait on a model. */
  concurrency?: number;
  onProgress?: (progress: IngestProgress) => void;
}

export interface IngestResult {
  compilations: Compilation[];
  snapshot: GraphSnapshot;
  /** Everything the extractors found, each item marked with the extractor that found it. */
  extraction: Extraction;
  /** sha256 over the inputs, to tell whether a later start needs to ingest again. */
  inputHash: string;
  timings: Record<'parse' | 'extract' | 'build' | 'store', number>;
}

/**
 * Reads and parses all files (in the order given, which `planSources` fixes); throws before
 * anything is written if any file is unusable. Cases are numbered on across files; every file but
 * the default compilation prefixes its sentence ids with its source id.
 */
export async function parseSources(files: readonly string[], onProgress?: IngestOptions['onProgress']): Promise<{ compilations: Compilation[]; inputHash: string }> {
  const hash = createHash('sha256').update(PIPELINE_VERSION);
  const compilations: Compilation[] = [];
  let nextNumber = 1;
  for (const [index, file] of files.entries()) {
    const { bytes, text } = await readSource(file);
    hash.update(bytes);
    const sourceId = sourceIdFor(file);
    const compilation = parseCompilation(text, {
      sourceId,
      sourceFile: file,
      firstCaseNumber: nextNumber,
      idPrefix: isDefaultSource(file) ? '' : `${sourceId}-`,
    });
    nextNumber += compilation.cases.length;
    compilations.push(compilation);
    onProgress?.({ stage: 'parse', done: index + 1, total: files.length });
  }
  return { compilations, inputHash: hash.digest('hex') };
}

/** Marks what an extractor found with its name, when the name is one the report knows. */
function withProvenance(extraction: Extraction, extractor: Extractor): Extraction {
  const kind = extractor.name === 'rules' || extractor.name === 'llm' ? extractor.name : undefined;
  if (!kind) return extraction;
  return {
    mentions: extraction.mentions.map((mention) => (mention.extractor ? mention : { ...mention, extractor: kind })),
    relations: extraction.relations.map((relation) => (relation.extractor ? relation : { ...relation, extractor: kind })),
  };
}

/** Runs the whole pipeline and leaves the store holding exactly the new graph. */
export async function ingest(options: IngestOptions): Promise<IngestResult> {
  const clock = stopwatch();
  const { compilations, inputHash } = await parseSources(options.files, options.onProgress);
  const parse = clock();

  const cases = compilations.flatMap((compilation) => compilation.cases);
  let done = 0;
  const perCase = await mapConcurrent(cases, options.concurrency ?? 1, async (doc) => {
    const parts: Extraction[] = [];
    for (const extractor of options.extractors) parts.push(withProvenance(await extractor.extract(doc), extractor));
    options.onProgress?.({ stage: 'extract', done: ++done, total: cases.length });
    return mergeExtractions(parts);
  });
  const extraction = mergeExtractions(perCase);
  const extract = clock();

  const snapshot = buildGraph(compilations, extraction, options.aliases);
  options.onProgress?.({ stage: 'build', done: 1, total: 1 });
  const build = clock();

  await options.store.replaceAll(snapshot, (doneItems, total) => options.onProgress?.({ stage: 'store', done: doneItems, total }));
  const store = clock();
  return { compilations, snapshot, extraction, inputHash, timings: { parse, extract, build, store } };
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
