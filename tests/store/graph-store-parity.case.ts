// Two adapters holding the same graph must answer every read the same way. A battery of queries
// derived from the snapshot (so it follows the extractor) runs on both and is compared with toEqual;
// shortest paths may differ when several exist, so only their length and validity are compared.
import { expect, it } from 'vitest';
import { NODE_LABELS, canonicalSnapshot, type GraphSnapshot, type NodeLabel, type RelationType } from '../../src/graph/graph-types.js';
import type { GraphStore, SharedPartnerQuery } from '../../src/store/graph-store.js';
import { expectValidPath } from './graph-store-reads.case.js';

const every = <T>(items: readonly T[], step: number) => items.filter((_, index) => index % step === 0);

/** Registers parity tests: `store` is the adapter under test, `reference` the memory store. */
export function graphStoreParityContract(store: () => GraphStore, reference: () => GraphStore, given: () => GraphSnapshot): void {
  const snapshot = () => canonicalSnapshot(given());

  it('findNodes agrees on names, fragments, aliases, labels and limits', async () => {
    const texts = new Set<string>(['科协', '大学', '院士', '科普', 'e_zikoo', 'E+', '中国', '高新区', '学会', '工作站']);
    for (const node of every(snapshot().nodes, 5)) {
      texts.add(node.name);
      texts.add([...node.name].slice(1, 3).join(''));
      for (const alias of node.aliases.slice(0, 1)) texts.add(alias);
    }
    for (const text of texts) {
      expect(await store().findNodes({ text }), text).toEqual(await reference().findNodes({ text }));
    }
    for (const label of NODE_LABELS) {
      for (const query of [{ label }, { label, text: '科', limit: 7 }, { label, limit: 1000 }]) {
        expect(await store().findNodes(query), JSON.stringify(query)).toEqual(await reference().findNodes(query));
      }
    }
    expect(await store().findNodes({ limit: 1000 })).toEqual(await reference().findNodes({ limit: 1000 }));
  });

  it('getNodes and neighbours agree, including hubs, type filters and small limits', async () => {
    const wanted = every(snapshot().nodes, 3).map((node) => node.id).reverse();
    expect(await store().getNodes([...wanted, 'nowhere:x'])).toEqual(await reference().getNodes([...wanted, 'nowhere:x']));
    const centers = [...every(snapshot().nodes, 4).map((node) => node.id), 'chapter:3', 'case:2'];
    for (const id of centers) {
      expect(await store().neighbours(id), id).toEqual(await reference().neighbours(id));
      const filtered = { types: ['MENTIONS', 'PARTNERS_WITH'] as RelationType[], limit: 3 };
      expect(await store().neighbours(id, filtered), `${id} filtered`).toEqual(await reference().neighbours(id, filtered));
    }
  });

  it('sharedPartners agrees for every label, association and partner filter', async () => {
    const queries: SharedPartnerQuery[] = [{}, { minAssociations: 1, limit: 1000 }, { minAssociations: 3 }, { limit: 5 }];
    const labels: NodeLabel[] = ['University', 'ResearchInstitute', 'Society', 'Enterprise', 'Academician', 'Expert', 'Platform', 'Initiative'];
    for (const label of labels) queries.push({ labels: [label], minAssociations: 1, limit: 1000 });
    const associations = snapshot().nodes.filter((node) => node.label === 'Association');
    for (const association of every(associations, 4)) queries.push({ association: association.id, minAssociations: 1 });
    for (const entry of await reference().sharedPartners({ limit: 1000 })) queries.push({ partner: entry.partner.id, minAssociations: 1 });
    for (const query of queries) {
      expect(await store().sharedPartners(query), JSON.stringify(query)).toEqual(await reference().sharedPartners(query));
    }
  });

  it('listCases agrees for every chapter, province, year and a sample of mentioned nodes', async () => {
    const cases = snapshot().cases;
    const filters = [
      {},
      ...[...new Set(cases.map((item) => item.chapter))].map((chapter) => ({ chapter })),
      ...[...new Set(cases.map((item) => item.province))].flatMap((province) => (province === null ? [] : [{ province }])),
      ...[...new Set(cases.map((item) => item.founded))].flatMap((founded) => (founded === null ? [] : [{ founded }])),
      ...every(snapshot().nodes, 6).map((node) => ({ mentions: node.id })),
    ];
    for (const filter of filters) {
      expect(await store().listCases(filter), JSON.stringify(filter)).toEqual(await reference().listCases(filter));
    }
  });

  it('shortestPath agrees on whether a path exists and how long it is', async () => {
    const nodes = snapshot().nodes;
    const pairs = every(nodes, 37).flatMap((from, index) => every(nodes.slice(index * 7 + 3), 41).map((to) => [from.id, to.id] as const));
    pairs.push(['association:江苏扬州高新区科协', 'academician:孙安'], ['chapter:1', 'chapter:2'], ['case:32', 'case:33']);
    for (const [from, to] of pairs) {
      for (const hops of [3, 6]) {
        const mine = await store().shortestPath(from, to, hops);
        const theirs = await reference().shortestPath(from, to, hops);
        expect(mine?.edges.length, `${from} -> ${to} within ${hops}`).toBe(theirs?.edges.length);
        if (mine) expectValidPath(snapshot(), mine, from, to);
      }
    }
  });
}
