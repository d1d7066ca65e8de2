// Which files an ingest reads and in which order; source ids; the input hash; the worker pool.
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mapConcurrent } from '../../src/pipeline/map-concurrent.js';
import { inputHashOf, planSources, seedFiles } from '../../src/pipeline/source-files.js';
import { DEFAULT_SOURCE_FILE, sourceIdFor } from '../../src/pipeline/source-id.js';

const seeds = '/data/seeds';
const main = path.join(seeds, DEFAULT_SOURCE_FILE);

describe('planSources', () => {
  it('appends new files after the last ingest, the default compilation always first', () => {
    expect(planSources([main], ['/in/a-2025.pdf'])).toEqual([main, '/in/a-2025.pdf']);
    expect(planSources([main, '/in/a-2025.pdf'], ['/in/b.txt'])).toEqual([main, '/in/a-2025.pdf', '/in/b.txt']);
    expect(planSources(['/in/a-2025.pdf'], [main])).toEqual([main, '/in/a-2025.pdf']);
  });

  it('keeps one file per source id: re-adding (or a moved copy) replaces it in place', () => {
    expect(planSources([main, '/in/a-2025.pdf', '/in/b.txt'], ['/in/a-2025.pdf'])).toEqual([main, '/in/a-2025.pdf', '/in/b.txt']);
    expect(planSources([main, '/in/a-2025.pdf', '/in/b.txt'], ['/elsewhere/a-2025.pdf'])).toEqual([main, '/elsewhere/a-2025.pdf', '/in/b.txt']);
    expect(planSources([main], ['/shared/corpus/park-association-cases-2024.txt'])).toEqual(['/shared/corpus/park-association-cases-2024.txt']);
  });

  it('resolves relative paths', () => {
    expect(planSources([], ['x-cases.txt'])).toEqual([path.resolve('x-cases.txt')]);
  });
});

describe('sourceIdFor', () => {
  it('derives readable ids from ASCII names and distinct ones from Chinese names', () => {
    expect(sourceIdFor('/x/Park Cases 2025.PDF')).toBe('park-cases-2025');
    expect(sourceIdFor('/x/synthetic-cases.txt')).toBe('synthetic-cases');
    const first = sourceIdFor('/x/园区科协案例汇编2025.pdf');
    const second = sourceIdFor('/x/园区科协案例选编2025.pdf');
    expect(first).toMatch(/^2025-[0-9a-f]{8}$/);
    expect(second).not.toBe(first);
    expect(sourceIdFor('/y/园区科协案例汇编2025.pdf')).toBe(first);
    expect(sourceIdFor('/x/汇编.txt')).toMatch(/^src-[0-9a-f]{8}$/);
  });
});

describe('seedFiles and inputHashOf', () => {
  it('lists .txt and .pdf seeds with the default compilation first', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'park-kg-seeds-'));
    for (const name of ['b.pdf', DEFAULT_SOURCE_FILE, 'a.txt', 'aliases.json', 'notes.md']) await writeFile(path.join(dir, name), 'x');
    expect((await seedFiles(dir)).map((file) => path.basename(file))).toEqual([DEFAULT_SOURCE_FILE, 'a.txt', 'b.pdf']);
  });

  it('hashes file bytes, so it changes with the content and the order of files', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'park-kg-hash-'));
    const [a, b] = [path.join(dir, 'a.txt'), path.join(dir, 'b.txt')];
    await writeFile(a, '甲');
    await writeFile(b, '乙');
    const first = await inputHashOf([a, b]);
    expect(await inputHashOf([a, b])).toBe(first);
    expect(await inputHashOf([b, a])).not.toBe(first);
    await writeFile(b, '丙');
    expect(await inputHashOf([a, b])).not.toBe(first);
  });
});

describe('mapConcurrent', () => {
  it('keeps input order with several items in flight', async () => {
    let running = 0;
    let peak = 0;
    const result = await mapConcurrent([30, 5, 20, 1, 10], 3, async (ms, index) => {
      peak = Math.max(peak, ++running);
      await new Promise((resolve) => setTimeout(resolve, ms));
      running--;
      return index;
    });
    expect(result).toEqual([0, 1, 2, 3, 4]);
    expect(peak).toBe(3);
  });

  it('starts nothing new after a failure and rethrows it once the others settle', async () => {
    const started: number[] = [];
    const failing = mapConcurrent([0, 1, 2, 3, 4, 5], 2, async (item) => {
      started.push(item);
      if (item === 1) throw new Error('boom');
      await new Promise((resolve) => setTimeout(resolve, 5));
      return item;
    });
    await expect(failing).rejects.toThrow('boom');
    expect(started).toEqual([0, 1]);
  });
});
