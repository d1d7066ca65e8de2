// The application facade the HTTP API, the CLI and the web app talk to.
import type { AnswerStream, ChatAnswer, ChatRequest } from '../answer/types.js';
import type { CaseRecord, GraphNode, GraphStats } from '../graph/graph-types.js';
import type { CypherParams, CypherResult } from '../store/cypher-runner.js';
import type { CaseFilter, GraphPath, Neighbourhood, NodeQuery, SharedPartner, SharedPartnerQuery } from '../store/graph-store.js';

/** A case as the reader shows it: its record, its text by section, and the entities it names. */
export interface CaseDetail {
  record: CaseRecord;
  sections: Array<{ kind: string; heading: string; paragraphs: Array<{ sentences: Array<{ id: string; text: string }> }> }>;
  captions: Array<{ id: string; text: string }>;
  entities: GraphNode[];
}

/** One text search result, pointing at the sentences it holds. */
export interface SearchResult {
  case: number;
  title: string;
  association: string;
  section: string;
  text: string;
  sentenceIds: string[];
  score: number;
}

/** The explorer's whole-graph view; evidence stays behind /api/entities/:id to keep it small. */
export interface GraphOverview {
  cases: CaseRecord[];
  nodes: GraphNode[];
  edges: Array<{ source: string; target: string; type: string; cases: number[] }>;
}

/** Readiness of each dependency; the HTTP layer maps `ready: false` to 503. */
export interface Readiness {
  ready: boolean;
  checks: Record<string, { ok: boolean; detail?: string }>;
}

export interface ParkKgService {
  chat(request: ChatRequest, stream?: AnswerStream, signal?: AbortSignal): Promise<ChatAnswer>;
  search(query: string, limit: number): Promise<SearchResult[]>;
  listCases(filter?: CaseFilter): Promise<CaseRecord[]>;
  getCase(number: number): Promise<CaseDetail | null>;
  findEntities(query: NodeQuery): Promise<GraphNode[]>;
  /** The entity with its neighbours and the evidence on each edge; null when unknown. */
  getEntity(id: string): Promise<Neighbourhood | null>;
  sharedPartners(query: SharedPartnerQuery): Promise<SharedPartner[]>;
  path(fromId: string, toId: string): Promise<GraphPath | null>;
  stats(): Promise<GraphStats>;
  /** The whole graph for the explorer: nodes, and edges without their evidence text. */
  graphOverview(): Promise<GraphOverview>;
  readiness(): Promise<Readiness>;
  /**
   * Analysts' read-only Cypher (POST /api/cypher). NOT_FOUND when CYPHER_ENDPOINT is off or the
   * store is not Neo4j; INPUT_INVALID when the guard rejects the query or it runs too long.
   */
  cypher(query: string, params?: CypherParams): Promise<CypherResult>;
}
