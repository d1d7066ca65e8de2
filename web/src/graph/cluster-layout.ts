// Positions for the whole graph in linear time. A force layout (cose) needs seconds of blocked main
// thread for ~600 nodes; this graph is a set of case "flowers" anyway: each case in its own cell of
// a grid (in document order, so a chapter's cases sit together), what only that case mentions on
// a ring around it, and what several cases share between them, at the centre of those cases.
import type { GraphNode } from '../api/types.js';

export interface Point {
  x: number;
  y: number;
}

const CELL = 300;
const CORE_LABELS = new Set(['Case', 'Association', 'Park']);

/** A position for every node; deterministic, so reloading shows the same picture. */
export function clusterPositions(nodes: readonly GraphNode[]): Map<string, Point> {
  const cases = [...new Set(nodes.flatMap((node) => node.cases))].sort((a, b) => a - b);
  const columns = Math.max(1, Math.ceil(Math.sqrt(cases.length * 1.5)));
  const centres = new Map<number, Point>();
  cases.forEach((number, index) => {
    const row = Math.floor(index / columns);
    // Odd rows shift half a cell: a honeycomb packs the rings more evenly than a square grid.
    centres.set(number, { x: (index % columns) * CELL + (row % 2) * (CELL / 2), y: row * CELL * 0.87 });
  });

  const positions = new Map<string, Point>();
  const members = new Map<number, GraphNode[]>();
  const shared: GraphNode[] = [];
  const homeless: GraphNode[] = [];
  for (const node of nodes) {
    if (node.cases.length === 0) homeless.push(node);
    else if (node.cases.length === 1) members.set(node.cases[0]!, [...(members.get(node.cases[0]!) ?? []), node]);
    else shared.push(node);
  }

  for (const [number, group] of members) {
    const centre = centres.get(number)!;
    const core = group.filter((node) => CORE_LABELS.has(node.label));
    const ring = group.filter((node) => !CORE_LABELS.has(node.label)).sort((a, b) => a.label.localeCompare(b.label) || a.id.localeCompare(b.id));
    // The case in the middle, its association above and its park below, so their labels
    // (drawn under each node) do not collide.
    const rows: Record<string, number> = { Association: -58, Case: 0, Park: 64 };
    const perRow = new Map<string, number>();
    for (const node of core) {
      const index = perRow.get(node.label) ?? 0;
      perRow.set(node.label, index + 1);
      positions.set(node.id, { x: centre.x + index * 90, y: centre.y + (rows[node.label] ?? 0) });
    }
    const radius = Math.min(CELL * 0.42, 55 + ring.length * 4);
    ring.forEach((node, index) => positions.set(node.id, around(centre, radius, index, ring.length)));
  }

  for (const node of shared) {
    const points = node.cases.map((number) => centres.get(number)!);
    const centroid = { x: average(points.map((point) => point.x)), y: average(points.map((point) => point.y)) };
    // A small fixed offset per node keeps shared nodes with the same cases from stacking.
    const angle = (hash(node.id) % 360) * (Math.PI / 180);
    const offset = 20 + (hash(`${node.id}#`) % 40);
    positions.set(node.id, { x: centroid.x + offset * Math.cos(angle), y: centroid.y + offset * Math.sin(angle) });
  }

  // Nodes no case mentions get a row above the grid.
  homeless.forEach((node, index) => positions.set(node.id, { x: (index % (columns * 2)) * (CELL / 2), y: -CELL * 0.8 - Math.floor(index / (columns * 2)) * 60 }));
  return positions;
}

function around(centre: Point, radius: number, index: number, count: number): Point {
  const angle = (2 * Math.PI * index) / Math.max(1, count) - Math.PI / 2;
  return { x: centre.x + radius * Math.cos(angle), y: centre.y + radius * Math.sin(angle) };
}

function average(values: number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);
}

function hash(text: string): number {
  let value = 2166136261;
  for (const char of text) value = Math.imul(value ^ (char.codePointAt(0) ?? 0), 16777619) >>> 0;
  return value;
}
