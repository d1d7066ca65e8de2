// The pipeline with several extractors: merged in a fixed order whatever the concurrency, each
// item marked with its extractor, and the provenance report attributing graph nodes and edges.
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CaseDoc } from '../../src/corpus/types.js';
import { caseSentences } from '../../src/corpus/types.js';
import { AliasTable } from '../../src/extract/alias-table.js';
import { RuleExtractor } from '../../src/extract/rule-extractor.js';
import type { Extraction, Extractor } from '../../src/extract/types.js';
import { buildExtractionReport } from '../../src/pipeline/extraction-report.js';
import { ingest, type IngestProgress, type IngestResult } from '../../src/pipeline/ingest.js';
import { MemoryGraphStore } from '../../src/store/memory/memory-store.js';
import { syntheticText } from './synthetic-compilation.js';

/** A slow stand-in for the LLM: finds one partner the rules miss, answering out of order. */
class SlowPartnerExtractor implements Extractor {
  readonly name = 'llm';
  async extract(doc: CaseDoc): Promise<Extraction> {
    await new Promise((resolve) => setTimeout(resolve, doc.number === 1 ? 30 : 1));
    const sentence = caseSentences(doc).find((item) => item.text.includes('临江新材料联合研究院'));
    if (!sentence) return { mentions: [], relations: [] };
    const base = { caseNumber: doc.number, sentenceId: sentence.id };
    return {
      mentions: [{ ...base, label: 'ResearchInstitute', name: '临江新材料联合研究院' }],
      relations: [{ ...base, type: 'PARTNERS_WITH', source: { kind: 'association' }, target: { kind: 'entity', label: 'ResearchInstitute', name: '临江新材料联合研究院' } }],
    };
  }
}

describe('ingest with rules and a second extractor', () => {
  let result: IngestResult;
  let rulesOnly: IngestResult;
  const stages: IngestProgress[] = [];

  beforeAll(async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'park-kg-ingest-'));
    const file = path.join(dir, 'synthetic-cases.txt');
    await writeFile(file, syntheticText());
    const store = await MemoryGraphStore.open(path.join(dir, 'data'));
    const aliases = new AliasTable();
    rulesOnly = await ingest({ files: [file], store, extractors: [new RuleExtractor()], aliases });
    result = await ingest({ files: [file], store, extractors: [new RuleExtractor(), new SlowPartnerExtractor()], concurrency: 4, aliases, onProgress: (p) => stages.push(p) });
  });

  it('merges per case in extractor order, whatever order the cases finish in', () => {
    expect(result.extraction.mentions.map((mention) => mention.caseNumber)).toEqual([...result.extraction.mentions.map((m) => m.caseNumber)].sort());
    const first = result.extraction.mentions.filter((mention) => mention.caseNumber === 1).map((mention) => mention.extractor);
    expect(first.at(-1)).toBe('llm');
    expect(first.slice(0, -1).every((kind) => kind === 'rules')).toBe(true);
    expect(stages.filter((stage) => stage.stage === 'extract').map((stage) => stage.done)).toEqual([1, 2]);
  });

  it('adds the second extractor’s node and edge to the rule graph', () => {
    const ids = result.snapshot.nodes.map((node) => node.id);
    expect(ids).toEqual(expect.arrayContaining(rulesOnly.snapshot.nodes.map((node) => node.id)));
    expect(ids).toContain('institute:临江新材料联合研究院');
    expect(result.snapshot.edges.some((edge) => edge.type === 'PARTNERS_WITH' && edge.target === 'institute:临江新材料联合研究院')).toBe(true);
  });

  it('reports which extractor backs each node and edge', () => {
    const report = buildExtractionReport(result.compilations, result.extraction, result.snapshot, new AliasTable(), { mode: 'both', llm: null });
    expect(report.nodes['institute:临江新材料联合研究院']).toEqual({ label: 'ResearchInstitute', name: '临江新材料联合研究院', extractors: ['llm'], mentions: { llm: 1 } });
    expect(report.nodes['university:临江理工大学']?.extractors).toEqual(['rules']);
    expect(report.edges['association:浙江临江高新区科协 -[PARTNERS_WITH]-> institute:临江新材料联合研究院']).toEqual({ extractors: ['llm'], relations: { llm: 1 } });
    expect(report.totals.llm).toEqual({ mentions: 1, relations: 1, nodes: 1, edges: 1 });
    expect(Object.keys(report.nodes)).toEqual([...Object.keys(report.nodes)].sort());
    // Every extracted node of the graph is attributed.
    const structural = new Set(['Case', 'Chapter', 'Province', 'Park', 'Association']);
    expect(Object.keys(report.nodes).sort()).toEqual(result.snapshot.nodes.filter((node) => !structural.has(node.label)).map((node) => node.id).sort());
  });
});
