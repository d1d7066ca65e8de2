// What every offline composer receives and returns.
import type { GraphEdge, GraphNode } from '../../graph/graph-types.js';
import type { Retrieval } from '../../retrieve/retriever.js';
import type { LinkedEntity } from '../../retrieve/entity-linker.js';
import type { SentenceIndex } from '../../retrieve/sentence-index.js';
import type { GraphStore } from '../../store/graph-store.js';
import type { CitationBuilder } from '../citation-builder.js';
import type { Intent } from '../types.js';

export interface ComposeContext {
  question: string;
  intent: Intent;
  terms: string[];
  /** Exact phrases to look for: quoted names, and names the graph does not know but the text prints. */
  phrases: string[];
  linked: LinkedEntity[];
  retrieval: Retrieval;
  sentences: SentenceIndex;
  store: GraphStore;
  cites: CitationBuilder;
  /** True for the graph mode: composers may ask the store; other modes answer from text alone. */
  useGraph: boolean;
}

export interface Composition {
  answerable: boolean;
  text: string;
  graph: { nodes: GraphNode[]; edges: GraphEdge[] };
}

/** A plain refusal: the compilation does not cover the question. */
export function notCovered(reason: string): Composition {
  return { answerable: false, text: `汇编中没有相关内容：${reason}。`, graph: { nodes: [], edges: [] } };
}

/** Case label used in answers: 案例12（福建泉州鲤城高新区科协）. */
export function caseLabel(context: ComposeContext, caseNumber: number): string {
  if (caseNumber === 0) return '前言';
  const doc = context.sentences.cases.get(caseNumber);
  return doc ? `案例${caseNumber}（${doc.association}）` : `案例${caseNumber}`;
}

/** Nodes worth showing for a set of cases: the linked entities plus the cases' associations. */
export function linkedNodes(context: ComposeContext): GraphNode[] {
  return [...new Map(context.linked.map((entity) => [entity.node.id, entity.node])).values()];
}
