// Fault: files under DATA_DIR are truncated, have bytes flipped, or are deleted (a full disk, a
// crash during a copy, an overeager cleanup). Start-up must notice (checksums), say so, and
// rebuild: re-ingest for the graph (graph.json) and the parsed corpus (corpus.json), re-index
// for the vectors (vectors.hnsw, meta.json). Never a silent empty index: after recovery the
// runtime holds exactly what a clean start holds. Without ingestIfNeeded, a damaged graph or
// corpus is a STORE_CORRUPT error naming the file and the repair.
import { cp, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRuntime, type Runtime } from '../../src/app/runtime.js';
import { loadConfig } from '../../src/config/config.js';
import { ParkKgError } from '../../src/errors.js';
import { SEEDS_DIR } from '../support/real-graph.js';

type Damage = 'truncate' | 'flip' | 'delete';
type Target = 'graph.json' | 'corpus.json' | 'index/sections/vectors.hnsw' | 'index/sections/meta.json';

const QUERY = '院士专家进园区';
const root = await mkdtemp(path.join(os.tmpdir(), 'park-kg-faults-files-'));
const clean = path.join(root, 'clean');

interface Fingerprint {
  export: string;
  chunks: { sections: number; fixed: number };
  vectorHits: string[];
  keywordHits: string[];
}

async function fingerprint(runtime: Runtime): Promise<Fingerprint> {
  return {
    export: JSON.stringify(await runtime.store.exportSnapshot()),
    chunks: { sections: runtime.indexes.sections.chunks.length, fixed: runtime.indexes.fixed.chunks.length },
    vectorHits: (await runtime.indexes.sections.vector.search(QUERY, 10)).map((hit) => hit.chunk.id),
    keywordHits: runtime.indexes.sections.keyword.search(QUERY, 10).map((hit) => hit.chunk.id),
  };
}

const open = (dataDir: string, ingestIfNeeded: boolean, log?: (message: string) => void) =>
  openRuntime(loadConfig({ DATA_DIR: dataDir, SEEDS_DIR }), { ingestIfNeeded, ...(log ? { log } : {}) });

/** Damages one file the way real faults do; `flip` keeps JSON valid so only the checksum can tell. */
async function damage(file: string, how: Damage): Promise<void> {
  if (how === 'delete') return rm(file);
  const bytes = await readFile(file);
  if (how === 'truncate') return writeFile(file, bytes.subarray(0, Math.floor(bytes.length / 2)));
  const middle = Math.floor(bytes.length / 2);
  if (file.endsWith('.json')) {
    let at = middle;
    while (at < bytes.length && !(bytes[at]! >= 0x30 && bytes[at]! <= 0x39)) at += 1;
    if (at === bytes.length) throw new Error(`no digit to flip in ${file}`);
    bytes[at] = bytes[at] === 0x39 ? 0x38 : bytes[at]! + 1;
  } else {
    bytes[middle] = bytes[middle]! ^ 0xff;
  }
  await writeFile(file, bytes);
}

/** What start-up should say (null: a missing file is simply rebuilt, like on a first start). */
const expectedWarning: Record<Target, Record<Damage, RegExp | null>> = {
  'graph.json': { truncate: /graph\.json is damaged \(not valid JSON, possibly truncated\)/, flip: /graph\.json is damaged \(checksum mismatch\)/, delete: null },
  'corpus.json': { truncate: /corpus\.json is damaged \(not valid JSON, possibly truncated\)/, flip: /corpus\.json is damaged \(checksum mismatch\)/, delete: null },
  'index/sections/vectors.hnsw': {
    truncate: /Vector index damaged, rebuilding: .*vectors\.hnsw does not match its checksum/,
    flip: /Vector index damaged, rebuilding: .*vectors\.hnsw does not match its checksum/,
    delete: /Vector index damaged, rebuilding: .*vectors\.hnsw unreadable \(ENOENT\)/,
  },
  'index/sections/meta.json': {
    truncate: /Vector index damaged, rebuilding: .*meta\.json is damaged \(not valid JSON, possibly truncated\)/,
    flip: /Vector index damaged, rebuilding: .*meta\.json is damaged \(checksum mismatch\)/,
    delete: null,
  },
};

describe('damaged files under DATA_DIR', () => {
  let reference: Fingerprint;
  const figures: Record<string, number> = {};

  beforeAll(async () => {
    const runtime = await open(clean, true);
    try {
      reference = await fingerprint(runtime);
    } finally {
      await runtime.close();
    }
    expect(reference.vectorHits.length).toBeGreaterThan(0);
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
    console.log(`faults-corrupt-files recovery times (ms): ${JSON.stringify(figures)}`);
  });

  const targets = Object.keys(expectedWarning) as Target[];
  for (const target of targets) {
    for (const how of ['truncate', 'flip', 'delete'] as const) {
      it(`${target} (${how}): start-up reports it and rebuilds to the clean state`, async () => {
        const dataDir = path.join(root, `${target.replaceAll('/', '-')}-${how}`);
        await cp(clean, dataDir, { recursive: true });
        const file = path.join(dataDir, target);
        const before = (await stat(file)).size;
        await damage(file, how);
        if (how !== 'delete') expect((await readFile(file)).equals(await readFile(path.join(clean, target)))).toBe(false);

        const messages: string[] = [];
        const started = performance.now();
        const runtime = await open(dataDir, true, (message) => messages.push(message));
        figures[`${target} ${how}`] = Math.round(performance.now() - started);
        try {
          const warning = expectedWarning[target][how];
          if (warning) expect(messages.join('\n')).toMatch(warning);
          const isVectorFile = target.startsWith('index/');
          // The graph and the corpus come back by re-ingesting; the vectors by re-indexing.
          expect(runtime.ingested).toBe(!isVectorFile);
          if (isVectorFile) {
            expect(runtime.indexes.sections.vectorOrigin).toBe('built');
            expect(runtime.indexes.sections.rebuildReason).toMatch(how === 'delete' && target.endsWith('meta.json') ? /no saved index/ : /damaged/);
          }
          expect(await fingerprint(runtime)).toEqual(reference);
        } finally {
          await runtime.close();
        }
        // The repaired file is whole again; a damaged graph is kept aside for the operator.
        expect((await stat(file)).size).toBe(before);
        if (target === 'graph.json' && how !== 'delete') expect(existsSync(`${file}.damaged`)).toBe(true);
        const reopened = await open(dataDir, false);
        try {
          expect(reopened.ingested).toBe(false);
          expect(reopened.indexes.sections.vectorOrigin).toBe('loaded');
          expect(await fingerprint(reopened)).toEqual(reference);
        } finally {
          await reopened.close();
        }
      });
    }
  }

  for (const target of ['graph.json', 'corpus.json'] as const) {
    it(`${target} damaged without ingestIfNeeded: STORE_CORRUPT naming the file and the repair`, async () => {
      const dataDir = path.join(root, `${target}-no-ingest`);
      await cp(clean, dataDir, { recursive: true });
      await damage(path.join(dataDir, target), 'flip');
      const failure = await open(dataDir, false).then(
        async (runtime) => {
          await runtime.close();
          return null;
        },
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(ParkKgError);
      expect((failure as ParkKgError).code).toBe('STORE_CORRUPT');
      expect((failure as ParkKgError).message).toContain(path.join(dataDir, target));
      expect((failure as ParkKgError).message).toMatch(/checksum mismatch.*park-kg ingest/);
      // Nothing was touched: the operator decides.
      expect(existsSync(path.join(dataDir, `${target}.damaged`))).toBe(false);
    });
  }
});
