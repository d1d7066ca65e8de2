// One contract for every GraphStore adapter, run on the real graph of the compilation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalSnapshot, countSnapshot, type GraphSnapshot } from '../../src/graph/graph-types.js';
import type { GraphStore } from '../../src/store/graph-store.js';
import { realGraph } from '../support/real-graph.js';
import { graphStoreParityContract } from './graph-store-parity.case.js';
import { graphStoreReadContract } from './graph-store-reads.case.js';

/** What an adapter's contract run may add: a reference store (the memory adapter) to agree with. */
export interface ContractOptions {
  reference?: () => Promise<GraphStore>;
}

/** Runs the shared assertions; `skipReason` names why an adapter cannot run here. */
export function graphStoreContract(name: string, open: () => Promise<GraphStore>, skipReason = '', options: ContractOptions = {}): void {
  describe.skipIf(skipReason !== '')(`GraphStore contract: ${name}`, () => {
    let store: GraphStore;
    let reference: GraphStore | undefined;
    let snapshot: GraphSnapshot;

    beforeAll(async () => {
      snapshot = (await realGraph()).snapshot;
      store = await open();
      await store.replaceAll(snapshot);
      reference = await options.reference?.();
      await reference?.replaceAll(snapshot);
    });

    afterAll(async () => {
      await store?.close();
      await reference?.close();
    });

    it('exports exactly the graph it was given, in canonical order', async () => {
      const exported = await store.exportSnapshot();
      expect(JSON.stringify(exported)).toBe(JSON.stringify(canonicalSnapshot(snapshot)));
    });

    it('counts nodes per label and relationships per type', async () => {
      const stats = await store.stats();
      expect(stats).toEqual(countSnapshot(snapshot));
      expect(stats.labels).toMatchObject({ Case: 53, Association: 53, Park: 53, Chapter: 7 });
      for (const label of ['University', 'Academician', 'Platform', 'Initiative', 'Society', 'ResearchInstitute']) {
        expect(stats.labels[label]).toBeGreaterThan(0);
      }
      expect(stats.relationships).toMatchObject({ ABOUT: 53, SERVES: 53, IN_CHAPTER: 53 });
    });

    it('holds facts the text states, with their evidence', async () => {
      const exported = await store.exportSnapshot();
      const node = (id: string) => exported.nodes.find((n) => n.id === id);
      expect(node('university:西安交通大学')?.cases).toEqual(expect.arrayContaining([8, 12, 19]));
      expect(node('university:西安交通大学')?.aliases).toEqual(expect.arrayContaining(['西安交大']));
      const visit = exported.edges.find((e) => e.type === 'VISITED' && e.source === 'academician:孙安');
      expect(visit?.target).toBe('park:江苏扬州高新区');
      expect(visit?.date).toBe('2024-05-29');
      const partner = exported.edges.find((e) => e.type === 'PARTNERS_WITH' && e.target === 'university:天津大学' && e.source === 'association:河南漯河经开区科协');
      expect(partner?.evidence.some((item) => item.case === 2 && item.text.includes('天津大学'))).toBe(true);
      expect(exported.cases.find((c) => c.number === 33)).toMatchObject({ province: '内蒙古', chapter: '科学普及', founded: 2023 });
    });

    it('is idempotent: loading the same graph again changes nothing', async () => {
      const before = JSON.stringify(await store.exportSnapshot());
      await store.replaceAll(snapshot);
      expect(JSON.stringify(await store.exportSnapshot())).toBe(before);
      expect(await store.stats()).toEqual(countSnapshot(snapshot));
    });

    it('drops what a smaller graph no longer has, then restores', async () => {
      const keep = new Set(snapshot.nodes.filter((n) => n.cases.every((c) => c <= 10)).map((n) => n.id));
      const smaller: GraphSnapshot = {
        cases: snapshot.cases.filter((c) => c.number <= 10),
        nodes: snapshot.nodes.filter((n) => keep.has(n.id)),
        edges: snapshot.edges.filter((e) => keep.has(e.source) && keep.has(e.target)),
      };
      await store.replaceAll(smaller);
      expect(JSON.stringify(await store.exportSnapshot())).toBe(JSON.stringify(canonicalSnapshot(smaller)));
      // Reads follow the new graph at once (the memory store rebuilds its lookup index).
      expect((await store.listCases()).map((record) => record.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      expect(await store.findNodes({ text: '西安交大' })).toEqual([]);
      expect(await store.neighbours('case:11')).toBeNull();
      expect(await store.sharedPartners({ partner: 'university:西安交通大学', minAssociations: 1 })).toEqual([]);
      await store.replaceAll(snapshot);
      expect(await store.stats()).toEqual(countSnapshot(snapshot));
      expect((await store.listCases()).length).toBe(53);
    });

    graphStoreReadContract(() => store, () => snapshot);

    const parity = options.reference ? 'agrees with the memory store on every read' : 'parity with the memory store: skipped, this adapter is the reference';
    describe.skipIf(!options.reference)(parity, () => {
      graphStoreParityContract(() => store, () => reference as GraphStore, () => snapshot);
    });
  });
}
