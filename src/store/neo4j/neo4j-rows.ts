// Converts between the graph model and the flat property maps Neo4j stores (see graph/schema.cypher).
import { caseNodeId } from '../../graph/node-ids.js';
import neo4j, { type Integer } from 'neo4j-driver';
import { ParkKgError } from '../../errors.js';
import { nodeSearchKeys } from '../read-rules.js';
import type { CaseRecord, Evidence, GraphEdge, GraphNode, GraphSnapshot, NodeLabel, RelationType } from '../../graph/graph-types.js';

/** One UNWIND row for a node: its id plus the exact property map it must end up with. */
export interface NodeRow {
  id: string;
  properties: Record<string, unknown>;
}

/** One UNWIND row for a relationship between two Entity nodes. */
export interface EdgeRow {
  source: string;
  target: string;
  properties: Record<string, unknown>;
}

/** Node rows grouped by label, because a label cannot be a query parameter. */
export function nodeRowsByLabel(snapshot: GraphSnapshot): Map<NodeLabel, NodeRow[]> {
  const records = new Map(snapshot.cases.map((record) => [caseNodeId(record.number), record]));
  const groups = new Map<NodeLabel, NodeRow[]>();
  for (const node of snapshot.nodes) {
    const properties: Record<string, unknown> = {
      id: node.id,
      name: node.name,
      aliases: [...node.aliases],
      cases: node.cases.map(toInteger),
      // findNodes compares folded forms; folding here (not in Cypher) keeps it identical to memory.
      searchKeys: nodeSearchKeys(node),
    };
    const record = node.label === 'Case' ? records.get(node.id) : undefined;
    if (record) Object.assign(properties, caseProperties(record));
    pushTo(groups, node.label, { id: node.id, properties });
  }
  return groups;
}

/** Edge rows grouped by relationship type, for the same reason. */
export function edgeRowsByType(snapshot: GraphSnapshot): Map<RelationType, EdgeRow[]> {
  const groups = new Map<RelationType, EdgeRow[]>();
  for (const edge of snapshot.edges) {
    const properties: Record<string, unknown> = {
      evidenceCases: edge.evidence.map((item) => toInteger(item.case)),
      evidenceSentences: edge.evidence.map((item) => item.sentence),
      evidenceTexts: edge.evidence.map((item) => item.text),
    };
    if (edge.date !== undefined) properties.date = edge.date;
    pushTo(groups, edge.type, { source: edge.source, target: edge.target, properties });
  }
  return groups;
}

// Null values are left out: `SET n = map` then removes the property, and reads give null back.
function caseProperties(record: CaseRecord): Record<string, unknown> {
  const properties: Record<string, unknown> = {
    number: toInteger(record.number),
    title: record.title,
    association: record.association,
    park: record.park,
    chapter: record.chapter,
  };
  if (record.province !== null) properties.province = record.province;
  if (record.founded !== null) properties.founded = toInteger(record.founded);
  return properties;
}

// JS numbers would be sent as floats; Neo4j Browser users should see 12, not 12.0.
function toInteger(value: number): Integer {
  return neo4j.int(value);
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** A node as read back (driver configured with disableLosslessIntegers, so integers are numbers). */
export function nodeFromRow(row: Record<string, unknown>, label: NodeLabel): GraphNode {
  const id = readString(row, 'id');
  return {
    id,
    label,
    name: readString(row, 'name'),
    aliases: readList(row, 'aliases', 'string', id) as string[],
    cases: readList(row, 'cases', 'number', id) as number[],
  };
}

/** The case record stored on a Case node, in the export contract's field order. */
export function caseFromRow(row: Record<string, unknown>): CaseRecord {
  return {
    number: readNumber(row, 'number'),
    title: readString(row, 'title'),
    association: readString(row, 'association'),
    park: readString(row, 'park'),
    province: row.province === null || row.province === undefined ? null : readString(row, 'province'),
    chapter: readString(row, 'chapter'),
    founded: row.founded === null || row.founded === undefined ? null : readNumber(row, 'founded'),
  };
}

/** An edge as read back; the three evidence lists must line up item by item. */
export function edgeFromRow(row: Record<string, unknown>, type: RelationType): GraphEdge {
  const source = readString(row, 'source');
  const target = readString(row, 'target');
  const edge: GraphEdge = { source, target, type, evidence: evidenceFromRow(row, `${source} -[${type}]-> ${target}`) };
  if (row.date !== null && row.date !== undefined) edge.date = readString(row, 'date');
  return edge;
}

/** The evidence of one relationship from its parallel lists; `where` names it in errors. */
export function evidenceFromRow(row: Record<string, unknown>, where: string): Evidence[] {
  const cases = readList(row, 'evidenceCases', 'number', where) as number[];
  const sentences = readList(row, 'evidenceSentences', 'string', where) as string[];
  const texts = readList(row, 'evidenceTexts', 'string', where) as string[];
  if (cases.length !== sentences.length || cases.length !== texts.length) {
    throw corrupt(`relationship ${where} has evidence lists of different lengths`);
  }
  return cases.map((caseNumber, index) => ({
    case: caseNumber,
    sentence: sentences[index] as string,
    text: texts[index] as string,
  }));
}

function readString(row: Record<string, unknown>, key: string): string {
  const value = row[key];
  if (typeof value !== 'string') throw corrupt(`property ${key} should be a string, found ${describe(value)}`);
  return value;
}

function readNumber(row: Record<string, unknown>, key: string): number {
  const value = row[key];
  if (typeof value !== 'number' || !Number.isInteger(value)) throw corrupt(`property ${key} should be an integer, found ${describe(value)}`);
  return value;
}

// A missing list reads as empty: Neo4j cannot tell an absent property from a never-set one.
function readList(row: Record<string, unknown>, key: string, type: 'string' | 'number', where: string): unknown[] {
  const value = row[key] ?? [];
  if (!Array.isArray(value) || !value.every((item) => typeof item === type)) {
    throw corrupt(`${where}: property ${key} should be a list of ${type}s, found ${describe(value)}`);
  }
  return value;
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  return Array.isArray(value) ? 'a list of mixed values' : typeof value;
}

function corrupt(message: string): ParkKgError {
  return new ParkKgError('STORE_CORRUPT', `Neo4j graph does not match the park-kg model: ${message}. Re-run ingest to repair it.`);
}
