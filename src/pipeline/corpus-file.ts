// The parsed corpus, persisted next to the graph so serving and indexing need no re-parse.
import path from 'node:path';
import type { Compilation } from '../corpus/types.js';
import { ParkKgError } from '../errors.js';
import { readJsonVerified, writeJsonAtomic } from '../store/atomic-file.js';

/** What an ingest leaves under data/ besides the graph. */
export interface CorpusFile {
  inputHash: string;
  /** The source files in ingest order; `park-kg ingest FILE` adds to this list. */
  files: string[];
  compilations: Compilation[];
  /** The extractor mode of that ingest (rules, llm, both); absent in files from older versions. */
  extractor?: 'rules' | 'llm' | 'both';
}

const FILE_NAME = 'corpus.json';

export async function saveCorpus(dataDir: string, corpus: CorpusFile): Promise<void> {
  await writeJsonAtomic(path.join(dataDir, FILE_NAME), corpus);
}

/** The last ingested corpus, or null before the first ingest; damaged files raise STORE_CORRUPT. */
export async function loadCorpus(dataDir: string): Promise<CorpusFile | null> {
  return readJsonVerified<CorpusFile>(path.join(dataDir, FILE_NAME));
}

/** The files of the last ingest, or null when there was none or its record is damaged (ingest repairs it). */
export async function previousFiles(dataDir: string): Promise<string[] | null> {
  try {
    const corpus = await loadCorpus(dataDir);
    return corpus && corpus.files.length > 0 ? corpus.files : null;
  } catch (error) {
    if (error instanceof ParkKgError && error.code === 'STORE_CORRUPT') return null;
    throw error;
  }
}
