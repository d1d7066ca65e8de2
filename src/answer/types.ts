// The chat contract (GUIDE §4): what `ask --json` prints and `POST /api/chat` returns.
import type { GraphEdge, GraphNode } from '../graph/graph-types.js';

export const INTENTS = ['lookup', 'howto', 'shared_partner', 'aggregate', 'plan', 'out_of_scope'] as const;
export type Intent = (typeof INTENTS)[number];

export const RETRIEVAL_MODES = ['naive', 'keyword', 'vector', 'hybrid', 'graph'] as const;
export type RetrievalMode = (typeof RETRIEVAL_MODES)[number];

/** One cited sentence; `quote` is an exact substring of that case's text. */
export interface Citation {
  case: number;
  title: string;
  association: string;
  section: string;
  sentence: string;
  quote: string;
}

export interface HistoryTurn {
  role: 'user' | 'assistant';
  content: string;
}

export interface ChatRequest {
  question: string;
  history?: HistoryTurn[];
  mode?: RetrievalMode;
}

/** A retrieved passage shown to the user as "what the answer was built from". */
export interface Passage {
  case: number;
  title: string;
  section: string;
  text: string;
  score: number;
}

/**
 * Every `[n]` marker in `answer` refers to `citations[n-1]`. `answerable: false` means the
 * compilation does not cover the question; then `citations` is empty.
 */
export interface ChatAnswer {
  answer: string;
  answerable: boolean;
  intent: Intent;
  citations: Citation[];
  graph: { nodes: GraphNode[]; edges: GraphEdge[] };
  passages: Passage[];
  mode: RetrievalMode;
  /** Which composer wrote the answer: the offline composer or the configured LLM. */
  composer: 'offline' | 'llm';
  /** Notes for the user, e.g. citations the check removed. */
  notes: string[];
}

/** Streaming callbacks: tokens of the answer text as they are produced. */
export interface AnswerStream {
  onToken(text: string): void;
}
