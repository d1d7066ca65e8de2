// Checks that adding a compilation leaves the default compilation's part of the graph as it was.
import { expect } from 'vitest';
import type { GraphSnapshot } from '../../src/graph/graph-types.js';

const DEFAULT_CASES = 53;

/** Cases 1..53, their node ids, names and evidence (sentence ids) are identical in `combined`. */
export function expectDefaultPartUnchanged(defaultOnly: GraphSnapshot, combined: GraphSnapshot): void {
  expect(combined.cases.slice(0, DEFAULT_CASES)).toEqual(defaultOnly.cases);
  const nodes = new Map(combined.nodes.map((node) => [node.id, node]));
  for (const node of defaultOnly.nodes) {
    const after = nodes.get(node.id);
    expect(after, node.id).toBeDefined();
    expect({ ...after!, cases: after!.cases.filter((n) => n <= DEFAULT_CASES) }).toEqual(node);
  }
  const key = (edge: GraphSnapshot['edges'][number]) => `${edge.source} ${edge.type} ${edge.target}`;
  const edges = new Map(combined.edges.map((edge) => [key(edge), edge]));
  for (const edge of defaultOnly.edges) {
    const after = edges.get(key(edge));
    expect(after, key(edge)).toBeDefined();
    expect({ ...after!, evidence: after!.evidence.filter((item) => item.case <= DEFAULT_CASES) }).toEqual(edge);
  }
}
