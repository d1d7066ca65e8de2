// The whole-graph layout: every node placed, the same picture on every load, a case's own
// entities around it and shared entities between the cases that mention them.
import { describe, expect, it } from 'vitest';
import type { GraphNode } from '../../src/graph/graph-types.js';
import { clusterPositions } from '../../web/src/graph/cluster-layout.js';

const node = (id: string, label: GraphNode['label'], cases: number[]): GraphNode => ({ id, label, name: id, aliases: [], cases });

const NODES: GraphNode[] = [
  node('case:1', 'Case', [1]),
  node('association:a', 'Association', [1]),
  node('park:a', 'Park', [1]),
  node('university:x', 'University', [1]),
  node('platform:y', 'Platform', [1]),
  node('case:2', 'Case', [2]),
  node('university:z', 'University', [2]),
  node('province:p', 'Province', [1, 2]),
  node('initiative:orphan', 'Initiative', []),
];

const distance = (a: { x: number; y: number }, b: { x: number; y: number }) => Math.hypot(a.x - b.x, a.y - b.y);

describe('clusterPositions', () => {
  it('places every node, deterministically', () => {
    const first = clusterPositions(NODES);
    expect([...first.keys()].sort()).toEqual(NODES.map((item) => item.id).sort());
    expect(clusterPositions([...NODES].reverse())).toEqual(first);
  });

  it('keeps a case with its own entities and puts shared ones between the cases', () => {
    const positions = clusterPositions(NODES);
    const one = positions.get('case:1')!;
    const two = positions.get('case:2')!;
    expect(distance(positions.get('university:x')!, one)).toBeLessThan(distance(positions.get('university:x')!, two));
    expect(distance(positions.get('university:z')!, two)).toBeLessThan(distance(positions.get('university:z')!, one));
    const shared = positions.get('province:p')!;
    const middle = { x: (one.x + two.x) / 2, y: (one.y + two.y) / 2 };
    expect(distance(shared, middle)).toBeLessThan(distance(one, two) / 2);
    expect(positions.get('association:a')!.y).toBeLessThan(one.y);
    expect(positions.get('park:a')!.y).toBeGreaterThan(one.y);
  });
});
