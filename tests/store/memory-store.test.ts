// The memory adapter: the shared contract plus what only a file-backed store can get wrong.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemoryGraphStore } from '../../src/store/memory/memory-store.js';
import { realGraph } from '../support/real-graph.js';
import { graphStoreContract } from './graph-store.case.js';

const tempDir = () => mkdtemp(path.join(os.tmpdir(), 'park-kg-memory-'));

graphStoreContract('memory', async () => MemoryGraphStore.open(await tempDir()));

describe('MemoryGraphStore persistence', () => {
  it('reloads what it wrote, byte for byte', async () => {
    const dir = await tempDir();
    const { snapshot } = await realGraph();
    const first = await MemoryGraphStore.open(dir);
    await first.replaceAll(snapshot);
    const reopened = await MemoryGraphStore.open(dir);
    expect(JSON.stringify(await reopened.exportSnapshot())).toBe(JSON.stringify(await first.exportSnapshot()));
  });

  it('detects a truncated or edited file at open instead of serving an empty graph', async () => {
    const dir = await tempDir();
    const store = await MemoryGraphStore.open(dir);
    await store.replaceAll((await realGraph()).snapshot);
    const file = path.join(dir, 'graph.json');
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.slice(0, Math.floor(text.length / 2)));
    await expect(MemoryGraphStore.open(dir)).rejects.toMatchObject({ code: 'STORE_CORRUPT' });
    await writeFile(file, text.replace('天津大学', '天津太学'));
    await expect(MemoryGraphStore.open(dir)).rejects.toMatchObject({ code: 'STORE_CORRUPT', message: expect.stringContaining('ingest') });
  });

  it('reports an empty store clearly before the first ingest', async () => {
    const store = await MemoryGraphStore.open(await tempDir());
    await expect(store.stats()).rejects.toMatchObject({ code: 'STORE_EMPTY' });
  });

  it('answers reads after a reopen, and hands out copies a caller cannot use to change the graph', async () => {
    const dir = await tempDir();
    await (await MemoryGraphStore.open(dir)).replaceAll((await realGraph()).snapshot);
    const store = await MemoryGraphStore.open(dir);
    const [found] = await store.findNodes({ text: '西安交大' });
    found?.aliases.push('改掉');
    found?.cases.splice(0);
    const around = await store.neighbours('university:西安交通大学');
    around?.edges[0]?.evidence.splice(0);
    const [shared] = await store.sharedPartners({ partner: 'university:西安交通大学', minAssociations: 1 });
    shared?.associations[0]?.evidence.splice(0);
    const [first] = await store.listCases();
    if (first) first.title = '改掉';
    const exported = await store.exportSnapshot();
    expect(JSON.stringify(exported)).not.toContain('改掉');
    expect(exported.nodes.find((node) => node.id === 'university:西安交通大学')?.cases.length).toBeGreaterThan(0);
    expect((await store.neighbours('university:西安交通大学'))?.edges[0]?.evidence.length).toBeGreaterThan(0);
    expect((await store.sharedPartners({ partner: 'university:西安交通大学', minAssociations: 1 }))[0]?.associations[0]?.evidence.length).toBeGreaterThan(0);
  });

  it('refuses an inconsistent graph and keeps the previous one', async () => {
    const dir = await tempDir();
    const store = await MemoryGraphStore.open(dir);
    const { snapshot } = await realGraph();
    await store.replaceAll(snapshot);
    const dangling = { ...snapshot, edges: [...snapshot.edges, { source: 'case:1', target: 'university:不存在', type: 'MENTIONS' as const, evidence: [] }] };
    await expect(store.replaceAll(dangling)).rejects.toMatchObject({ code: 'INPUT_INVALID' });
    const reopened = await MemoryGraphStore.open(dir);
    expect((await reopened.exportSnapshot()).edges.length).toBe(snapshot.edges.length);
  });
});
