// The real compilation parsed, extracted and built once per test file.
import path from 'node:path';
import type { Compilation } from '../../src/corpus/types.js';
import { loadAliasTable } from '../../src/extract/alias-table.js';
import { RuleExtractor } from '../../src/extract/rule-extractor.js';
import { mergeExtractions } from '../../src/extract/types.js';
import { buildGraph } from '../../src/graph/build-graph.js';
import type { GraphSnapshot } from '../../src/graph/graph-types.js';
import { parseSources, seedFiles } from '../../src/pipeline/ingest.js';

export const SEEDS_DIR = path.resolve('seeds');

let cached: Promise<{ compilations: Compilation[]; snapshot: GraphSnapshot }> | null = null;

/** Parsed default compilation and its graph, exactly as `park-kg ingest` builds them. */
export function realGraph(): Promise<{ compilations: Compilation[]; snapshot: GraphSnapshot }> {
  cached ??= (async () => {
    const { compilations } = await parseSources(await seedFiles(SEEDS_DIR));
    const extractor = new RuleExtractor();
    const extraction = mergeExtractions(compilations.flatMap((compilation) => compilation.cases).map((doc) => extractor.extract(doc)));
    const snapshot = buildGraph(compilations, extraction, await loadAliasTable(path.join(SEEDS_DIR, 'aliases.json')));
    return { compilations, snapshot };
  })();
  return cached;
}
