// The read half of the GraphStore contract (findNodes … listCases), on the real graph. Expected
// values come from the text (facts a reader can check in the compilation) or straight from the
// snapshot the store was given, never from another adapter.
import { expect, it } from 'vitest';
import { canonicalSnapshot, type GraphEdge, type GraphNode, type GraphSnapshot } from '../../src/graph/graph-types.js';
import { nodeId } from '../../src/graph/node-ids.js';
import type { GraphPath, GraphStore } from '../../src/store/graph-store.js';

const compact = (text: string) => text.replace(/\s+/g, '').toLowerCase();
const ids = (nodes: readonly GraphNode[]) => nodes.map((node) => node.id);
const HUBS = new Set(['Chapter', 'Province']);

/** Registers the read tests inside the adapter's describe; `store` and `snapshot` are read lazily. */
export function graphStoreReadContract(store: () => GraphStore, given: () => GraphSnapshot): void {
  const graph = () => canonicalSnapshot(given());
  const record = (number: number) => {
    const found = given().cases.find((item) => item.number === number);
    if (!found) throw new Error(`the real graph has no case ${number}`);
    return found;
  };
  const associationOf = (number: number) => nodeId('Association', record(number).association);

  it('findNodes: an alias finds its entity first; spaces and Latin case do not matter', async () => {
    expect((await store().findNodes({ text: '西安交大' }))[0]?.id).toBe('university:西安交通大学');
    expect((await store().findNodes({ text: '西 安 交 大', label: 'University' }))[0]?.id).toBe('university:西安交通大学');
    const yangzhou = ids(await store().findNodes({ text: '扬州高新区' }));
    expect(yangzhou).toEqual(expect.arrayContaining([nodeId('Park', record(1).park), associationOf(1)]));
    // 扬州高新区 is an alias of the park (exact), only the start of the association's alias.
    expect(yangzhou.indexOf(nodeId('Park', record(1).park))).toBeLessThan(yangzhou.indexOf(associationOf(1)));
    const latin = given().cases.find((item) => item.association.includes('E_ZIKOO'));
    expect(latin).toBeDefined();
    expect(ids(await store().findNodes({ text: '北京 e_zikoo', label: 'Association' }))).toEqual([nodeId('Association', latin?.association ?? '')]);
  });

  it('findNodes: ranks exact, then prefix, then substring; ties by shorter name, then id', async () => {
    const all = await store().findNodes({ text: '科协', limit: 1000 });
    expect(all.length).toBeGreaterThan(53);
    const rank = (node: GraphNode) => {
      const keys = [node.name, ...node.aliases].map(compact);
      return keys.includes('科协') ? 0 : keys.some((key) => key.startsWith('科协')) ? 1 : keys.some((key) => key.includes('科协')) ? 2 : 9;
    };
    const order = all.map((node) => [rank(node), [...compact(node.name)].length, node.id] as const);
    expect(order.every(([value]) => value < 9)).toBe(true);
    const sorted = [...order].sort((a, b) => a[0] - b[0] || a[1] - b[1] || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0));
    expect(order).toEqual(sorted);
    expect(await store().findNodes({ text: '科协' })).toEqual(all.slice(0, 20));
    const expected = given().nodes.filter((node) => [node.name, ...node.aliases].some((form) => compact(form).includes('科协')));
    expect(ids(all).sort()).toEqual(ids(expected).sort());
  });

  it('findNodes: a label narrows; no text lists the label by id; nonsense finds nothing', async () => {
    const universities = await store().findNodes({ text: '大学', label: 'University', limit: 1000 });
    expect(universities.length).toBeGreaterThan(10);
    expect(universities.every((node) => node.label === 'University')).toBe(true);
    const chapters = graph().nodes.filter((node) => node.label === 'Chapter');
    expect(await store().findNodes({ label: 'Chapter', limit: 100 })).toEqual(chapters);
    expect(await store().findNodes({ text: '  ', label: 'Chapter', limit: 3 })).toEqual(chapters.slice(0, 3));
    expect(await store().findNodes({ text: "') RETURN n //" })).toEqual([]);
    expect(await store().findNodes({ text: '西安交大', limit: 0 })).toEqual([]);
  });

  it('getNodes: in the order asked, unknown ids left out, same objects as the export', async () => {
    const wanted = ['university:西安交通大学', 'nowhere:x', 'case:8', associationOf(1)];
    const byId = new Map(graph().nodes.map((node) => [node.id, node]));
    expect(await store().getNodes(wanted)).toEqual([byId.get(wanted[0] ?? ''), byId.get('case:8'), byId.get(associationOf(1))]);
    expect(await store().getNodes([])).toEqual([]);
  });

  it('neighbours: exactly the edges touching the node, with evidence, and their other ends', async () => {
    const around = await store().neighbours(associationOf(1));
    expect(ids(around?.nodes ?? [])).toEqual(expect.arrayContaining([nodeId('Park', record(1).park), 'case:1']));
    expect(around?.edges.some((edge) => edge.source === 'case:1' && edge.type === 'ABOUT')).toBe(true);
    for (const id of [associationOf(1), 'case:2', 'chapter:1', 'university:西安交通大学', 'academician:孙安']) {
      const result = await store().neighbours(id);
      expect(result).toEqual(expectedNeighbourhood(graph(), id));
    }
    const visit = (await store().neighbours('academician:孙安'))?.edges.find((edge) => edge.type === 'VISITED');
    expect(visit).toMatchObject({ target: nodeId('Park', record(1).park), date: '2024-05-29' });
    expect(visit?.evidence.length).toBeGreaterThan(0);
  });

  it('neighbours: types filter, neighbour limit by id, null for an unknown id', async () => {
    const serves = await store().neighbours(associationOf(1), { types: ['SERVES'] });
    expect(ids(serves?.nodes ?? [])).toEqual([nodeId('Park', record(1).park)]);
    expect(serves?.edges.map((edge) => edge.type)).toEqual(['SERVES']);
    const full = expectedNeighbourhood(graph(), 'case:2');
    const limited = await store().neighbours('case:2', { limit: 3 });
    expect(limited?.nodes).toEqual(full.nodes.slice(0, 3));
    const kept = new Set(ids(full.nodes.slice(0, 3)));
    expect(limited?.edges).toEqual(full.edges.filter((edge) => kept.has(edge.source === 'case:2' ? edge.target : edge.source)));
    expect(await store().neighbours('nowhere:x')).toBeNull();
  });

  it('sharedPartners: who a partner connects, with the cases and evidence of each association', async () => {
    const [xjtu, ...rest] = await store().sharedPartners({ partner: 'university:西安交通大学', minAssociations: 1 });
    expect(rest).toEqual([]);
    expect(xjtu?.partner.id).toBe('university:西安交通大学');
    expect(xjtu?.associations.map((link) => link.association.id)).toEqual([associationOf(8), associationOf(12), associationOf(19)].sort());
    for (const link of xjtu?.associations ?? []) {
      expect(link.cases.length).toBeGreaterThan(0);
      expect(link.evidence.some((item) => /西安交通大学|西安交大|西交大/.test(compact(item.text)))).toBe(true);
    }
    const byAssociation = await store().sharedPartners({ association: associationOf(8), minAssociations: 1, limit: 1000 });
    expect(ids(byAssociation.map((entry) => entry.partner))).toContain('university:西安交通大学');
    expect(byAssociation.every((entry) => entry.associations.some((link) => link.association.id === associationOf(8)))).toBe(true);
    expect(await store().sharedPartners({ partner: 'nowhere:x', minAssociations: 1 })).toEqual([]);
  });

  it('sharedPartners: every shared partner is cited for two or more associations, in a stable order', async () => {
    const shared = await store().sharedPartners({});
    expect(shared.length).toBeGreaterThan(0);
    const records = new Map(given().cases.map((item) => [item.number, item]));
    for (const { partner, associations } of shared) {
      expect(associations.length).toBeGreaterThanOrEqual(2);
      expect(ids(associations.map((link) => link.association))).toEqual(ids(associations.map((link) => link.association)).sort());
      const forms = [partner.name, ...partner.aliases].map(compact);
      for (const link of associations) {
        expect(link.cases.every((number) => partner.cases.includes(number) && nodeId('Association', records.get(number)?.association ?? '') === link.association.id)).toBe(true);
        expect(link.evidence.some((item) => forms.some((form) => compact(item.text).includes(form)))).toBe(true);
        expect(new Set(link.evidence.map((item) => item.sentence)).size).toBe(link.evidence.length);
        expect(link.evidence).toEqual([...link.evidence].sort((a, b) => a.case - b.case || (a.sentence < b.sentence ? -1 : 1)));
      }
    }
    const counts = shared.map((entry) => entry.associations.length);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    const universities = await store().sharedPartners({ labels: ['University'], minAssociations: 1, limit: 1000 });
    expect(universities.length).toBeGreaterThan(shared.filter((entry) => entry.partner.label === 'University').length);
    expect(universities.every((entry) => entry.partner.label === 'University')).toBe(true);
    expect(await store().sharedPartners({ limit: 2 })).toEqual(shared.slice(0, 2));
  });

  it('shortestPath: a short, valid path that never passes through a chapter or province', async () => {
    const from = associationOf(1);
    const path = await store().shortestPath(from, 'academician:孙安');
    expect(path).not.toBeNull();
    expect(path?.edges.length).toBeLessThanOrEqual(3);
    expectValidPath(graph(), path, from, 'academician:孙安');
    expect(await store().shortestPath(from, 'academician:孙安', 1)).toBeNull();
    // Without the hub rule case:32 -> chapter:5 -> case:33 would be the answer.
    const sameChapter = await store().shortestPath('case:32', 'case:33', 6);
    if (sameChapter) expectValidPath(graph(), sameChapter, 'case:32', 'case:33');
    const hubEnds = await store().shortestPath('chapter:1', nodeId('Province', record(1).province ?? ''));
    expectValidPath(graph(), hubEnds, 'chapter:1', nodeId('Province', record(1).province ?? ''));
    expect(await store().shortestPath(from, from)).toEqual({ nodes: await store().getNodes([from]), edges: [] });
    expect(await store().shortestPath(from, 'nowhere:x')).toBeNull();
  });

  it('listCases: by chapter, founding year, mentioned node, province, all filters at once', async () => {
    const numbers = async (filter: Parameters<GraphStore['listCases']>[0]) => (await store().listCases(filter)).map((item) => item.number);
    expect(await numbers({ chapter: '科学普及' })).toEqual([32, 33, 34, 35, 36, 37, 38, 39]);
    expect(await numbers({ founded: 2023 })).toEqual([4, 25, 26, 29, 31, 33, 38]);
    const workstation = await numbers({ mentions: 'platform:院士专家工作站' });
    expect(workstation).toEqual(expect.arrayContaining([6, 13, 14, 24, 53]));
    const mentioning = given().edges.filter((edge) => edge.type === 'MENTIONS' && edge.target === 'platform:院士专家工作站');
    expect(workstation).toEqual(mentioning.map((edge) => Number(edge.source.slice('case:'.length))).sort((a, b) => a - b));
    expect(await numbers({ mentions: 'case:5' })).toEqual([5]);
    expect(await numbers({ province: '内蒙古' })).toContain(33);
    expect(await numbers({ chapter: '科学普及', founded: 2023, province: '内蒙古' })).toEqual([33]);
    expect(await store().listCases()).toEqual(graph().cases);
    expect(await numbers({ chapter: '不存在的篇' })).toEqual([]);
  });
}

/** The neighbourhood computed directly from the snapshot: every edge touching `id`, canonical order. */
export function expectedNeighbourhood(snapshot: GraphSnapshot, id: string) {
  const byId = new Map(snapshot.nodes.map((node) => [node.id, node]));
  const edges = snapshot.edges.filter((edge) => (edge.source === id || edge.target === id) && edge.source !== edge.target);
  const others = [...new Set(edges.map((edge) => (edge.source === id ? edge.target : edge.source)))].sort();
  return { center: byId.get(id), nodes: others.flatMap((other) => byId.get(other) ?? []), edges };
}

/** Checks endpoints, that each edge is a snapshot edge joining consecutive nodes, and the hub rule. */
export function expectValidPath(snapshot: GraphSnapshot, path: GraphPath | null, from: string, to: string): void {
  expect(path).not.toBeNull();
  if (!path) return;
  expect(path.nodes[0]?.id).toBe(from);
  expect(path.nodes.at(-1)?.id).toBe(to);
  expect(path.edges.length).toBe(path.nodes.length - 1);
  const key = (edge: GraphEdge) => `${edge.source}|${edge.type}|${edge.target}`;
  const edges = new Map(snapshot.edges.map((edge) => [key(edge), edge]));
  path.edges.forEach((edge, index) => {
    const ends = [path.nodes[index]?.id, path.nodes[index + 1]?.id].sort();
    expect([edge.source, edge.target].sort()).toEqual(ends);
    expect(edge).toEqual(edges.get(key(edge)));
  });
  expect(path.nodes.slice(1, -1).some((node) => HUBS.has(node.label))).toBe(false);
  expect(new Set(ids(path.nodes)).size).toBe(path.nodes.length);
}
