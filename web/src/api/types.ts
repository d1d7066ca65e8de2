// The server's contracts, imported as types only: the bundle carries no server code, and a change
// to a contract breaks the web build instead of the page.
import type { HistoryTurn, RetrievalMode } from '../../../src/answer/types.js';

export type { ChatAnswer, Citation, HistoryTurn, Intent, Passage, RetrievalMode } from '../../../src/answer/types.js';
export type { CaseDetail, GraphOverview, Readiness, SearchResult } from '../../../src/app/service-types.js';
export type { CaseRecord, Evidence, GraphEdge, GraphNode, GraphSnapshot, GraphStats, NodeLabel, RelationType } from '../../../src/graph/graph-types.js';
export type { GraphPath, Neighbourhood, PartnerLink, SharedPartner } from '../../../src/store/graph-store.js';

/** The body of POST /api/chat as the web app sends it. */
export interface ChatBody {
  question: string;
  history?: HistoryTurn[];
  mode?: RetrievalMode;
  stream?: boolean;
}
