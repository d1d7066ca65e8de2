// Answers one question: link entities, classify, retrieve, compose (offline, or with the LLM over
// the same evidence), and return the chat contract with citations that resolve.
import type { GraphEdge, GraphNode, NodeLabel } from '../graph/graph-types.js';
import type { EntityLinker, LinkedEntity } from '../retrieve/entity-linker.js';
import { contentTerms, quotedPhrases } from '../retrieve/question-terms.js';
import { retrieve, type RetrieverIndexes } from '../retrieve/retriever.js';
import type { SentenceIndex } from '../retrieve/sentence-index.js';
import type { GraphStore } from '../store/graph-store.js';
import { CitationBuilder } from './citation-builder.js';
import { entitiesFromHistory } from './follow-up.js';
import { classifyIntent } from './intent.js';
import { composeAggregate } from './offline/compose-aggregate.js';
import { composeHowto } from './offline/compose-howto.js';
import { composeLookup } from './offline/compose-lookup.js';
import { composePlan } from './offline/compose-plan.js';
import { composeSharedPartner } from './offline/compose-shared-partner.js';
import { notCovered, type ComposeContext, type Composition } from './offline/compose-types.js';
import type { AnswerStream, ChatAnswer, ChatRequest, Intent, Passage } from './types.js';

/** Writes the final answer from the offline composition (the LLM composer plugs in here). */
export type AnswerWriter = (input: {
  request: ChatRequest;
  intent: Intent;
  composition: Composition;
  citations: ChatAnswer['citations'];
  stream?: AnswerStream;
  signal?: AbortSignal;
}) => Promise<{ answer: string; citations: ChatAnswer['citations']; notes: string[]; answerable: boolean }>;

export interface AnswerDeps {
  sentences: SentenceIndex;
  linker: EntityLinker;
  indexes: RetrieverIndexes;
  store: GraphStore;
  /** Set when an LLM is configured; otherwise the offline composition is the answer. */
  writer?: AnswerWriter;
}

const MAX_GRAPH_NODES = 40;

export async function answerQuestion(request: ChatRequest, deps: AnswerDeps, stream?: AnswerStream, signal?: AbortSignal): Promise<ChatAnswer> {
  const question = request.question.trim();
  const mode = request.mode ?? 'graph';
  const own = deps.linker.link(question);
  const carried = entitiesFromHistory(question, own, request.history ?? [], deps.linker);
  const linked: LinkedEntity[] = [...own, ...carried];
  const intent = classifyIntent(question, linked);

  const unknown = deps.linker.unknownNames(question, own);
  const printed = unknown.filter((name) => deps.sentences.withPhrase(name).length > 0);
  const phrases = [...quotedPhrases(question), ...printed].map((phrase) => phrase.replace(/\s+/g, ''));
  const searchText = [question, ...carried.map((entity) => entity.node.name)].join(' ');
  const kindCases = casesHoldingKinds(question, deps.linker);
  const retrieval = await retrieve(searchText, mode, deps.indexes, deps.sentences, { linked, phrases, kindCases });

  const cites = new CitationBuilder(deps.sentences.cases);
  const context: ComposeContext = {
    question,
    intent,
    terms: contentTerms(searchText),
    phrases,
    linked,
    retrieval,
    sentences: deps.sentences,
    store: deps.store,
    cites,
    useGraph: mode === 'graph',
  };
  let composition: Composition;
  const missing = unknown.filter((name) => !printed.includes(name));
  if (intent === 'out_of_scope') composition = notCovered('这个问题不在《全国园区科协典型案例汇编》的范围内');
  else if (missing.length > 0 && !linked.some((e) => e.node.label === 'Association' || e.node.label === 'Park')) {
    composition = notCovered(`书中没有关于“${missing.join('、')}”的案例`);
  } else composition = await compose(intent, context);

  const passages: Passage[] = retrieval.hits.slice(0, 6).map((hit) => ({
    case: hit.chunk.caseNumber,
    title: hit.chunk.title,
    section: hit.chunk.section,
    text: hit.chunk.text,
    score: Number(hit.score.toFixed(4)),
  }));
  const graph = composition.answerable ? await graphAround(deps.store, composition.graph.nodes) : { nodes: [], edges: [] };
  const base = { intent, graph, passages, mode } as const;

  if (!composition.answerable || !deps.writer) {
    if (stream) await streamByLine(composition.text, stream, signal);
    return { ...base, answer: composition.text, answerable: composition.answerable, citations: composition.answerable ? cites.citations : [], composer: 'offline', notes: [] };
  }
  const written = await deps.writer({ request, intent, composition, citations: cites.citations, stream, signal });
  return { ...base, answer: written.answer, answerable: written.answerable, citations: written.citations, composer: 'llm', notes: written.notes };
}

const KIND_WORDS: Array<[RegExp, NodeLabel]> = [
  [/院士/, 'Academician'],
  [/(高校|大学)/, 'University'],
  [/学会/, 'Society'],
  [/(研究院|科研院所)/, 'ResearchInstitute'],
  [/(工作站|孵化器|实验室)/, 'Platform'],
];

/** Cases holding nodes of the kinds a question names, weighted by how many (院士 → cases with academicians). */
function casesHoldingKinds(question: string, linker: EntityLinker): Map<number, number> {
  const weights = new Map<number, number>();
  for (const [pattern, label] of KIND_WORDS) {
    if (!pattern.test(question)) continue;
    for (const node of linker.nodesOf(label)) {
      for (const caseNumber of node.cases) weights.set(caseNumber, Math.min(0.03, (weights.get(caseNumber) ?? 0) + 0.01));
    }
  }
  return weights;
}

/**
 * The offline composer writes the whole answer at once; sending it line by line (yielding to the
 * event loop between lines) lets clients render it progressively, exactly as with an LLM.
 */
async function streamByLine(text: string, stream: AnswerStream, signal?: AbortSignal): Promise<void> {
  for (const piece of text.split(/(?<=\n)/)) {
    if (signal?.aborted) return;
    stream.onToken(piece);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

async function compose(intent: Intent, context: ComposeContext): Promise<Composition> {
  switch (intent) {
    case 'lookup':
      return composeLookup(context);
    case 'howto':
      return composeHowto(context);
    case 'shared_partner':
      return composeSharedPartner(context);
    case 'aggregate':
      return composeAggregate(context);
    case 'plan':
      return composePlan(context);
    default:
      return notCovered('这个问题不在汇编的范围内');
  }
}

/** The answer's nodes and the relationships among them, for the "built from" graph view. */
async function graphAround(store: GraphStore, nodes: readonly GraphNode[]): Promise<{ nodes: GraphNode[]; edges: GraphEdge[] }> {
  const chosen = [...new Map(nodes.map((node) => [node.id, node])).values()].slice(0, MAX_GRAPH_NODES);
  const ids = new Set(chosen.map((node) => node.id));
  const edges = new Map<string, GraphEdge>();
  const neighbourhoods = await Promise.all(chosen.map((node) => store.neighbours(node.id, { limit: 200 })));
  for (const around of neighbourhoods) {
    for (const edge of around?.edges ?? []) {
      if (ids.has(edge.source) && ids.has(edge.target)) edges.set(`${edge.source}|${edge.type}|${edge.target}`, edge);
    }
  }
  return { nodes: chosen, edges: [...edges.values()] };
}
