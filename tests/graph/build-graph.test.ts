// The built graph: contract shape, evidence that quotes the text, precise names, mentions.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { caseText } from '../../src/corpus/types.js';
import { NODE_LABELS, RELATION_TYPES } from '../../src/graph/graph-types.js';
import { realGraph } from '../support/real-graph.js';

const { compilations, snapshot } = await realGraph();
const cases = compilations.flatMap((c) => c.cases);
const textOf = new Map(cases.map((doc) => [doc.number, caseText(doc)]));
const compactTextOf = new Map([...textOf].map(([n, t]) => [n, t.replace(/\s/g, '')]));
const nodesOf = (label: string) => snapshot.nodes.filter((n) => n.label === label);

// GUIDE §4: the export contract other tools rely on.
const exportSchema = z.object({
  cases: z.array(z.object({
    number: z.number().int(), title: z.string(), association: z.string(), park: z.string(),
    province: z.string().nullable(), chapter: z.string(), founded: z.number().int().nullable(),
  }).strict()),
  nodes: z.array(z.object({
    id: z.string(), label: z.enum(NODE_LABELS), name: z.string(), aliases: z.array(z.string()), cases: z.array(z.number().int()),
  }).strict()),
  edges: z.array(z.object({
    source: z.string(), target: z.string(), type: z.enum(RELATION_TYPES),
    evidence: z.array(z.object({ case: z.number().int(), sentence: z.string(), text: z.string() }).strict()),
    date: z.string().optional(),
  }).strict()),
}).strict();

describe('buildGraph on the real compilation', () => {
  it('matches the export contract', () => {
    expect(() => exportSchema.parse(snapshot)).not.toThrow();
    expect(snapshot.cases.map((c) => c.number)).toEqual(Array.from({ length: 53 }, (_, i) => i + 1));
  });

  it('cites evidence that is a real sentence of the cited case', () => {
    const ids = new Map(cases.flatMap((doc) => doc.sections.flatMap((s) => s.paragraphs.flatMap((p) => p.sentences))).concat(cases.flatMap((d) => d.captions)).map((s) => [s.id, s.text]));
    let checked = 0;
    for (const edge of snapshot.edges) {
      for (const item of edge.evidence) {
        expect(ids.get(item.sentence)).toBe(item.text);
        expect(textOf.get(item.case)).toContain(item.text);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(500);
  });

  it('gives every relationship except the structural IN_CHAPTER some evidence', () => {
    const bare = snapshot.edges.filter((e) => e.type !== 'IN_CHAPTER' && e.type !== 'MENTIONS' && e.evidence.length === 0);
    expect(bare.map((e) => `${e.source}-${e.type}->${e.target}`)).toEqual([]);
  });

  it('lists in `cases` every case whose text names a node', () => {
    for (const name of ['天津大学', '西安交通大学', '中国科学院']) {
      const node = snapshot.nodes.find((n) => n.name === name)!;
      const forms = [node.name, ...node.aliases];
      const expected = [...compactTextOf].filter(([, text]) => forms.some((f) => text.includes(f))).map(([n]) => n);
      expect(node.cases).toEqual(expected);
    }
  });

  it('keeps the six design-card types precise', () => {
    for (const node of nodesOf('University')) {
      expect(node.name).toMatch(/(大学|学院)$/);
      expect(node.name).not.toMatch(/^(与|和|及|国家|牵线|助推|培育)/);
    }
    for (const node of [...nodesOf('Academician'), ...nodesOf('Expert')]) {
      expect(node.name).toMatch(/^\p{Script=Han}{2,4}$/u);
      expect(node.name).not.toMatch(/院士|教授|专家|博士/);
    }
    expect(nodesOf('Academician').map((n) => n.name)).toEqual(expect.arrayContaining(['朱蓓薇', '孙安', '周远', '马伟民', '李德仁', '钱清泉']));
    expect(nodesOf('Association')).toHaveLength(53);
    expect(nodesOf('Platform').map((n) => n.name)).toEqual(expect.arrayContaining(['院士专家工作站', '企业实验室']));
    expect(nodesOf('Initiative').map((n) => n.name)).toEqual(expect.arrayContaining(['院士行', '启悦私享会', '科创中国']));
  });

  it('resolves aliases: curated abbreviations and region-less society names', () => {
    const cas = snapshot.nodes.find((n) => n.id === 'institute:中国科学院')!;
    expect(cas.aliases).toContain('中科院');
    expect(snapshot.nodes.some((n) => n.name === '中科院')).toBe(false);
    const society = snapshot.nodes.find((n) => n.id === 'society:河南省机械工程学会')!;
    expect(society.aliases).toContain('省机械工程学会');
  });

  it('links shared partners across cases (universities used by several associations)', () => {
    const partnersOf = new Map<string, Set<string>>();
    for (const edge of snapshot.edges.filter((e) => e.type === 'PARTNERS_WITH')) {
      partnersOf.set(edge.target, (partnersOf.get(edge.target) ?? new Set()).add(edge.source));
    }
    const shared = [...partnersOf.values()].filter((sources) => sources.size >= 2);
    expect(shared.length).toBeGreaterThan(0);
  });
});
