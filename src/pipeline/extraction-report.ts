// DATA_DIR/extraction-report.json: which extractor found each node and relation of the graph.
// The graph export stays as the contract says; provenance lives only in this side file.
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { CaseDoc, Compilation } from '../corpus/types.js';
import type { AliasTable } from '../extract/alias-table.js';
import type { LlmExtractionStats } from '../extract/llm-extractor.js';
import type { EntityLabel, Extraction, Mention, RelationEnd } from '../extract/types.js';
import { compareText, type GraphSnapshot, type NodeLabel } from '../graph/graph-types.js';
import { compactText } from '../graph/mention-scan.js';
import { nodeId } from '../graph/node-ids.js';
import { resolveEntityName } from '../graph/resolve-names.js';
import type { ExtractorMode } from './extractors.js';

type ExtractorKind = NonNullable<Mention['extractor']> | 'unknown';
type Counts = Partial<Record<ExtractorKind, number>>;

export interface ExtractionReport {
  mode: ExtractorMode;
  llm: LlmExtractionStats | null;
  /** Per extractor: mentions and relations it proposed, nodes and edges of the graph it backs. */
  totals: Partial<Record<ExtractorKind, { mentions: number; relations: number; nodes: number; edges: number }>>;
  nodes: Record<string, { label: NodeLabel; name: string; extractors: ExtractorKind[]; mentions: Counts }>;
  /** Keyed `source -[TYPE]-> target`, as the edge appears in the graph. */
  edges: Record<string, { extractors: ExtractorKind[]; relations: Counts }>;
}

export const EXTRACTION_REPORT_FILE = 'extraction-report.json';

/** Attributes every extracted mention and relation to the graph node or edge it became. */
export function buildExtractionReport(
  compilations: readonly Compilation[],
  extraction: Extraction,
  snapshot: GraphSnapshot,
  aliases: AliasTable,
  meta: { mode: ExtractorMode; llm: LlmExtractionStats | null },
): ExtractionReport {
  const docs = new Map(compilations.flatMap((compilation) => compilation.cases).map((doc) => [doc.number, doc]));
  const namesByCase = new Map<number, Set<string>>();
  for (const mention of extraction.mentions) {
    const set = namesByCase.get(mention.caseNumber) ?? new Set<string>();
    set.add(`${mention.label}\u0000${compactText(mention.name)}`);
    namesByCase.set(mention.caseNumber, set);
  }
  // The same resolution buildGraph applies, so ids here are the ids in the graph.
  const entityId = (label: EntityLabel, name: string, caseNumber: number) =>
    nodeId(label, resolveEntityName(label, name, docs.get(caseNumber), namesByCase.get(caseNumber) ?? new Set(), aliases));
  const endpoint = (end: RelationEnd, doc: CaseDoc) =>
    end.kind === 'association' ? nodeId('Association', doc.association) : end.kind === 'park' ? nodeId('Park', doc.park) : entityId(end.label, end.name, doc.number);

  const nodesInGraph = new Map(snapshot.nodes.map((node) => [node.id, node]));
  const edgeKey = (source: string, type: string, target: string) => `${source} -[${type}]-> ${target}`;
  const edgesInGraph = new Set(snapshot.edges.map((edge) => edgeKey(edge.source, edge.type, edge.target)));
  const nodes = new Map<string, Counts>();
  const edges = new Map<string, Counts>();
  const totals: ExtractionReport['totals'] = {};
  const total = (kind: ExtractorKind) => (totals[kind] ??= { mentions: 0, relations: 0, nodes: 0, edges: 0 });
  const bump = (counts: Counts, kind: ExtractorKind) => (counts[kind] = (counts[kind] ?? 0) + 1);

  for (const mention of extraction.mentions) {
    const kind = mention.extractor ?? 'unknown';
    total(kind).mentions++;
    const id = entityId(mention.label, mention.name, mention.caseNumber);
    if (!nodesInGraph.has(id)) continue;
    bump(nodes.get(id) ?? nodes.set(id, {}).get(id)!, kind);
  }
  for (const relation of extraction.relations) {
    const kind = relation.extractor ?? 'unknown';
    total(kind).relations++;
    const doc = docs.get(relation.caseNumber);
    if (!doc) continue;
    const key = edgeKey(endpoint(relation.source, doc), relation.type, endpoint(relation.target, doc));
    if (!edgesInGraph.has(key)) continue;
    bump(edges.get(key) ?? edges.set(key, {}).get(key)!, kind);
  }

  const kindsOf = (counts: Counts) => (Object.keys(counts) as ExtractorKind[]).sort(compareText);
  const sorted = <T>(map: Map<string, T>) => [...map.entries()].sort(([a], [b]) => compareText(a, b));
  const report: ExtractionReport = { mode: meta.mode, llm: meta.llm, totals, nodes: {}, edges: {} };
  for (const [id, counts] of sorted(nodes)) {
    const node = nodesInGraph.get(id)!;
    report.nodes[id] = { label: node.label, name: node.name, extractors: kindsOf(counts), mentions: counts };
    for (const kind of kindsOf(counts)) total(kind).nodes++;
  }
  for (const [key, counts] of sorted(edges)) {
    report.edges[key] = { extractors: kindsOf(counts), relations: counts };
    for (const kind of kindsOf(counts)) total(kind).edges++;
  }
  return report;
}

/** Writes the report so readers see the old file or the new one, never half of one. */
export async function saveExtractionReport(dataDir: string, report: ExtractionReport): Promise<void> {
  const file = path.join(dataDir, EXTRACTION_REPORT_FILE);
  await mkdir(dataDir, { recursive: true });
  const temp = `${file}.tmp-${process.pid}-${Date.now()}`;
  try {
    const handle = await open(temp, 'w');
    try {
      await handle.writeFile(`${JSON.stringify(report, null, 2)}\n`, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
