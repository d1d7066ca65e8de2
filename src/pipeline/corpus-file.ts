// The parsed corpus, persisted next to the graph so serving and indexing need no re-parse.
import path from 'node:path';
import type { Compilation } from '../corpus/types.js';
import { readJsonVerified, writeJsonAtomic } from '../store/atomic-file.js';

/** What an ingest leaves under data/ besides the graph. */
export interface CorpusFile {
  inputHash: string;
  files: string[];
  compilations: Compilation[];
}

const FILE_NAME = 'corpus.json';

export async function saveCorpus(dataDir: string, corpus: CorpusFile): Promise<void> {
  await writeJsonAtomic(path.join(dataDir, FILE_NAME), corpus);
}

/** The last ingested corpus, or null before the first ingest; damaged files raise STORE_CORRUPT. */
export async function loadCorpus(dataDir: string): Promise<CorpusFile | null> {
  return readJsonVerified<CorpusFile>(path.join(dataDir, FILE_NAME));
}
