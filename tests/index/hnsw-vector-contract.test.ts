// The shared retrieval contract on the hnswlib-node index, measured against exact (brute-force) search.
import path from 'node:path';
import { afterAll } from 'vitest';
import { openVectorIndex } from '../../src/index/vector-index-store.js';
import { tempDataDir } from './real-corpus.js';
import { exactVectorSearch, vectorSearchContract } from './vector-search.case.js';

const temp = await tempDataDir();
afterAll(() => temp.cleanup());

vectorSearchContract(
  'hnswlib',
  async (input) => {
    const { index, origin } = await openVectorIndex({ dir: path.join(temp.dir, 'sections'), ...input });
    return { index, origin };
  },
  { reference: { name: 'exact search', open: exactVectorSearch } },
);
