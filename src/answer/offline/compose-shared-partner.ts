// Shared partners: who a partner (university, academician, society …) connects, or whom an
// association works with, answered from the graph with the evidence sentences; names the graph
// does not hold (北京市科协, “光谷科创大走廊”) are found as exact phrases in the text.
import type { GraphNode, NodeLabel } from '../../graph/graph-types.js';
import type { IndexedSentence } from '../../retrieve/sentence-index.js';
import type { PartnerLink } from '../../store/graph-store.js';
import { caseLabel, linkedNodes, notCovered, type ComposeContext, type Composition } from './compose-types.js';

const HOLDER_LABELS = new Set<NodeLabel>(['Association', 'Park', 'Province', 'Chapter', 'Case']);
const TYPE_WORDS: Array<[RegExp, NodeLabel[]]> = [
  [/(高校|大学|学院)/, ['University']],
  [/(学会|协会)/, ['Society']],
  [/(院士)/, ['Academician']],
  [/(专家|教授)/, ['Expert', 'Academician']],
  [/(企业|公司)/, ['Enterprise']],
  [/(研究院|科研院所|院所|研究所)/, ['ResearchInstitute']],
  [/(平台|基地|工作站)/, ['Platform']],
];

export async function composeSharedPartner(context: ComposeContext): Promise<Composition> {
  const partner = context.linked.find((entity) => !HOLDER_LABELS.has(entity.node.label));
  const holders = context.linked.filter((entity) => entity.node.label === 'Association').map((entity) => entity.node);
  if (context.useGraph && partner) return partnerAnswer(context, partner.node, holders);
  const labels = TYPE_WORDS.filter(([pattern]) => pattern.test(context.question)).flatMap(([, list]) => list);
  if (context.useGraph && holders.length > 0 && labels.length > 0) return partnersOfHolders(context, holders, labels);
  const phrase = context.phrases[0] ?? (partner ? partner.matched : undefined);
  if (phrase) return phraseAnswer(context, phrase);
  if (context.useGraph) return topShared(context, labels);
  return notCovered('没有找到问题中的合作方');
}

async function partnerAnswer(context: ComposeContext, partner: GraphNode, holders: readonly GraphNode[]): Promise<Composition> {
  const [shared] = await context.store.sharedPartners({ partner: partner.id, minAssociations: 1 });
  const links = shared?.associations ?? [];
  if (links.length === 0) return notCovered(`书中没有记载与${partner.name}有关的园区科协`);
  const excluding = /除了|以外|之外/.test(context.question) ? new Set(holders.map((node) => node.id)) : new Set<string>();
  const others = links.filter((link) => !excluding.has(link.association.id));
  const lines: string[] = [];
  if (excluding.size > 0) {
    const excluded = links.filter((link) => excluding.has(link.association.id));
    for (const link of excluded) lines.push(`${partner.name}在${describe(context, link)}`);
    lines.push(others.length === 0 ? `除此之外，书中没有记载${partner.name}与其他园区的合作。` : `此外还有 ${others.length} 个园区科协：`);
  } else {
    lines.push(`书中有 ${others.length} 个园区科协的案例与${partner.name}有关：`);
  }
  for (const link of others) lines.push(`- ${describe(context, link)}`);
  return { answerable: true, text: lines.join('\n'), graph: { nodes: [partner, ...(await linkNodes(context, links))], edges: [] } };
}

/** The associations and the case nodes behind links, so the answer's graph shows how partner and association meet. */
async function linkNodes(context: ComposeContext, links: readonly PartnerLink[]): Promise<GraphNode[]> {
  const cases = await context.store.getNodes([...new Set(links.flatMap((link) => link.cases))].map((n) => `case:${n}`));
  return [...links.map((link) => link.association), ...cases];
}

/** 案例8（…）：quote[n] — the first evidence sentence of a link. */
function describe(context: ComposeContext, link: PartnerLink): string {
  const caseNumber = link.cases[0] ?? 0;
  const sentence = link.evidence.map((item) => context.sentences.byId.get(item.sentence)).find(Boolean);
  return `${caseLabel(context, caseNumber)}：${sentence ? `${sentence.text}${context.cites.cite(sentence)}` : ''}`;
}

async function partnersOfHolders(context: ComposeContext, holders: readonly GraphNode[], labels: NodeLabel[]): Promise<Composition> {
  const lines: string[] = [];
  const nodes: GraphNode[] = [...holders];
  for (const holder of holders) {
    const partners = await context.store.sharedPartners({ association: holder.id, labels, minAssociations: 1 });
    if (partners.length === 0) continue;
    lines.push(`**${holder.name}**`);
    for (const { partner, associations } of partners.slice(0, 12)) {
      const own = associations.find((link) => link.association.id === holder.id);
      const sentence = own?.evidence.map((item) => context.sentences.byId.get(item.sentence)).find(Boolean);
      const others = associations.filter((link) => link.association.id !== holder.id).length;
      lines.push(`- ${partner.name}${sentence ? `：${sentence.text}${context.cites.cite(sentence)}` : ''}${others > 0 ? `（另有 ${others} 个园区科协也与其有关）` : ''}`);
      nodes.push(partner);
    }
  }
  if (lines.length === 0) return notCovered('书中没有记载这些园区科协的此类合作方');
  return { answerable: true, text: lines.join('\n'), graph: { nodes, edges: [] } };
}

/** Exact phrase search: every case whose text prints the phrase, with the sentence. */
function phraseAnswer(context: ComposeContext, phrase: string): Composition {
  const pool = context.useGraph ? context.sentences.withPhrase(phrase) : context.retrieval.candidates.filter((s) => s.compact.includes(phrase));
  const byCase = new Map<number, IndexedSentence>();
  for (const sentence of pool) if (sentence.caseNumber > 0 && !byCase.has(sentence.caseNumber)) byCase.set(sentence.caseNumber, sentence);
  if (byCase.size === 0) return notCovered(`书中没有提到“${phrase}”`);
  const lines = [`书中有 ${byCase.size} 个案例提到“${phrase}”：`];
  for (const [caseNumber, sentence] of [...byCase].sort((a, b) => a[0] - b[0])) {
    lines.push(`- ${caseLabel(context, caseNumber)}：${sentence.text}${context.cites.cite(sentence)}`);
  }
  return { answerable: true, text: lines.join('\n'), graph: { nodes: linkedNodes(context), edges: [] } };
}

/** No partner named: partners of the kinds asked (院士 → every academician), else those most shared. */
async function topShared(context: ComposeContext, labels: NodeLabel[]): Promise<Composition> {
  const byKind = labels.length > 0;
  const shared = await context.store.sharedPartners({ ...(byKind ? { labels } : {}), minAssociations: byKind ? 1 : 2, limit: byKind ? 15 : 6 });
  if (shared.length === 0) return notCovered(byKind ? '书中没有记载这类合作方' : '书中没有多个园区科协共同的合作方');
  const lines = [byKind ? '书中记载的相关合作方及园区科协：' : '书中多个园区科协共同的合作方：'];
  for (const { partner, associations } of shared) {
    lines.push(`- **${partner.name}**：${associations.map((link) => describe(context, link)).join('；')}`);
  }
  const nodes = [...shared.map((entry) => entry.partner), ...(await linkNodes(context, shared.flatMap((entry) => entry.associations)))];
  return { answerable: true, text: lines.join('\n'), graph: { nodes, edges: [] } };
}
