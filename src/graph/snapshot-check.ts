// Rejects snapshots a store could not hold faithfully, before anything is written (both stores).
import { ParkKgError } from '../errors.js';
import { NODE_LABELS, RELATION_TYPES, type GraphSnapshot } from './graph-types.js';
import { caseNodeId } from './node-ids.js';

const LABELS: ReadonlySet<string> = new Set(NODE_LABELS);
const TYPES: ReadonlySet<string> = new Set(RELATION_TYPES);

/** The key Neo4j merges a relationship on: one relationship per source, type and target. */
export function edgeKey(source: string, type: string, target: string): string {
  return JSON.stringify([source, type, target]);
}

/**
 * Throws INPUT_INVALID naming the first few problems. Checks what would otherwise be silently lost
 * or merged in Neo4j: unknown labels/types, duplicate ids or edges, dangling edge ends, non-integer
 * numbers, and case records without their `case:<number>` Case node.
 */
export function checkSnapshot(snapshot: GraphSnapshot): void {
  const problems: string[] = [];
  const labelOf = new Map<string, string>();
  for (const node of snapshot.nodes) {
    if (typeof node.id !== 'string' || node.id === '') problems.push('a node has an empty id');
    else if (labelOf.has(node.id)) problems.push(`duplicate node id ${node.id}`);
    labelOf.set(node.id, node.label);
    if (!LABELS.has(node.label)) problems.push(`node ${node.id} has unknown label ${String(node.label)}`);
    if (typeof node.name !== 'string') problems.push(`node ${node.id} has no name`);
    if (!isStringList(node.aliases)) problems.push(`node ${node.id} aliases must be strings`);
    if (!isIntegerList(node.cases)) problems.push(`node ${node.id} cases must be integers`);
  }
  const edges = new Set<string>();
  for (const edge of snapshot.edges) {
    const name = `${edge.source} -[${String(edge.type)}]-> ${edge.target}`;
    if (!TYPES.has(edge.type)) problems.push(`edge ${name} has unknown type`);
    if (!labelOf.has(edge.source) || !labelOf.has(edge.target)) problems.push(`edge ${name} points to a missing node`);
    const key = edgeKey(edge.source, edge.type, edge.target);
    if (edges.has(key)) problems.push(`duplicate edge ${name}`);
    edges.add(key);
    if (edge.date !== undefined && typeof edge.date !== 'string') problems.push(`edge ${name} date must be a string`);
    const evidenceOk = Array.isArray(edge.evidence) && edge.evidence.every(
      (item) => Number.isSafeInteger(item.case) && typeof item.sentence === 'string' && typeof item.text === 'string',
    );
    if (!evidenceOk) problems.push(`edge ${name} has malformed evidence`);
  }
  const numbers = new Set<number>();
  for (const record of snapshot.cases) {
    if (!Number.isSafeInteger(record.number)) {
      problems.push(`case number ${String(record.number)} is not an integer`);
      continue;
    }
    if (numbers.has(record.number)) problems.push(`duplicate case number ${record.number}`);
    numbers.add(record.number);
    if (labelOf.get(caseNodeId(record.number)) !== 'Case') {
      problems.push(`case ${record.number} has no Case node with id ${caseNodeId(record.number)}`);
    }
    if (record.founded !== null && !Number.isSafeInteger(record.founded)) problems.push(`case ${record.number} founded must be an integer or null`);
    if (record.province !== null && typeof record.province !== 'string') problems.push(`case ${record.number} province must be a string or null`);
  }
  if (problems.length > 0) {
    const shown = problems.slice(0, 5).join('; ');
    const more = problems.length > 5 ? ` (and ${problems.length - 5} more)` : '';
    throw new ParkKgError('INPUT_INVALID', `Graph snapshot is invalid: ${shown}${more}`);
  }
}

function isStringList(value: unknown): boolean {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function isIntegerList(value: unknown): boolean {
  return Array.isArray(value) && value.every((item) => Number.isSafeInteger(item));
}
