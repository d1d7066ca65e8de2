// How-to: practice across cases. Quotes each relevant case's best sentences and names what several
// cases have in common (platforms, programmes, partners), each with its evidence.
import type { GraphNode } from '../../graph/graph-types.js';
import type { IndexedSentence } from '../../retrieve/sentence-index.js';
import { caseLabel, linkedNodes, notCovered, type ComposeContext, type Composition } from './compose-types.js';
import { inReadingOrder, pickSentences } from './sentence-picker.js';

const MAX_CASES = 6;
const COMMON_LABELS = new Set(['Platform', 'Initiative', 'University', 'Society', 'ResearchInstitute']);
const CONCRETE_LABELS = new Set(['Initiative', 'Academician', 'Expert', 'Platform', 'University', 'Society']);

/** Names of the programmes, people and platforms a case's text names (graph mode), to favour concrete sentences. */
export async function namesInCases(context: ComposeContext, cases: readonly number[]): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>();
  if (!context.useGraph) return out;
  const around = await Promise.all(cases.map((caseNumber) => context.store.neighbours(`case:${caseNumber}`, { types: ['MENTIONS'] })));
  cases.forEach((caseNumber, index) => {
    out.set(caseNumber, (around[index]?.nodes ?? []).filter((node) => CONCRETE_LABELS.has(node.label)).map((node) => node.name));
  });
  return out;
}

/** Per-case picks for cross-case answers (how-to and plan share this). */
export async function pickPerCase(context: ComposeContext, perCase: number, maxCases = MAX_CASES): Promise<Map<number, IndexedSentence[]>> {
  const linkedNames = context.linked.map((entity) => entity.matched);
  const caseNumbers = context.retrieval.cases.filter((n) => n > 0).slice(0, maxCases * 2);
  const names = await namesInCases(context, caseNumbers);
  const byCase = new Map<number, IndexedSentence[]>();
  let best = 0;
  const scored: Array<[number, IndexedSentence[]]> = [];
  for (const caseNumber of caseNumbers) {
    const pool = context.retrieval.candidates.filter((s) => s.caseNumber === caseNumber);
    const entityNames = [...linkedNames, ...(names.get(caseNumber) ?? [])];
    const picks = pickSentences(context.sentences, pool, { terms: context.terms, phrases: context.phrases, entityNames, limit: perCase, floor: 0.5 });
    if (picks.length === 0) continue;
    const top = context.sentences.score(picks[0]!, context.terms);
    best = Math.max(best, top);
    scored.push([caseNumber, picks]);
  }
  for (const [caseNumber, picks] of scored) {
    if (byCase.size >= maxCases) break;
    if (context.sentences.score(picks[0]!, context.terms) >= best * 0.3) byCase.set(caseNumber, picks);
  }
  return byCase;
}

export async function composeHowto(context: ComposeContext): Promise<Composition> {
  const byCase = await pickPerCase(context, 3);
  if (byCase.size === 0) return notCovered('没有找到相关做法');
  const lines = [`书中有 ${byCase.size} 个案例的做法可以参考：`];
  for (const [caseNumber, picks] of byCase) {
    const doc = context.sentences.cases.get(caseNumber);
    lines.push('', `**${caseLabel(context, caseNumber)}**《${doc?.title ?? ''}》`);
    for (const sentence of inReadingOrder(picks)) lines.push(`- ${sentence.text}${context.cites.cite(sentence)}`);
  }
  const common = context.useGraph ? await commonThreads(context, [...byCase.keys()]) : { lines: [], nodes: [] };
  if (common.lines.length > 0) lines.push('', '**多个案例的共同做法**', ...common.lines);
  return { answerable: true, text: lines.join('\n'), graph: { nodes: [...linkedNodes(context), ...common.nodes], edges: [] } };
}

/** Platforms, programmes and partners that two or more of the chosen cases name, with evidence. */
async function commonThreads(context: ComposeContext, cases: readonly number[]): Promise<{ lines: string[]; nodes: GraphNode[] }> {
  const seen = new Map<string, { node: GraphNode; evidence: Map<number, string> }>();
  const neighbourhoods = await Promise.all(cases.map((caseNumber) => context.store.neighbours(`case:${caseNumber}`, { types: ['MENTIONS'] })));
  for (const [index, caseNumber] of cases.entries()) {
    const around = neighbourhoods[index];
    for (const edge of around?.edges ?? []) {
      const node = around!.nodes.find((n) => n.id === edge.target);
      if (!node || !COMMON_LABELS.has(node.label) || !edge.evidence[0]) continue;
      const entry = seen.get(node.id) ?? { node, evidence: new Map<number, string>() };
      entry.evidence.set(caseNumber, edge.evidence[0].sentence);
      seen.set(node.id, entry);
    }
  }
  const shared = [...seen.values()].filter((entry) => entry.evidence.size >= 2).sort((a, b) => b.evidence.size - a.evidence.size).slice(0, 4);
  const lines = shared.map(({ node, evidence }) => {
    const refs = [...evidence.entries()].map(([caseNumber, sentenceId]) => {
      const sentence = context.sentences.byId.get(sentenceId);
      return `案例${caseNumber}${sentence ? context.cites.cite(sentence) : ''}`;
    });
    return `- ${node.name}：${refs.join('、')}`;
  });
  return { lines, nodes: shared.map((entry) => entry.node) };
}
