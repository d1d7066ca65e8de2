// A hand-written ParkKgService for HTTP tests: records every call and returns fixed data.
import type { AnswerStream, ChatAnswer, ChatRequest } from '../../src/answer/types.js';
import type { CaseDetail, GraphOverview, ParkKgService, Readiness, SearchResult } from '../../src/app/service-types.js';
import type { CaseRecord, GraphNode, GraphStats } from '../../src/graph/graph-types.js';
import type { CypherParams, CypherResult } from '../../src/store/cypher-runner.js';
import type { CaseFilter, GraphPath, Neighbourhood, NodeQuery, SharedPartner, SharedPartnerQuery } from '../../src/store/graph-store.js';

export const UNIVERSITY: GraphNode = { id: 'university:天津大学', label: 'University', name: '天津大学', aliases: ['天大'], cases: [3, 7] };
export const ASSOCIATION: GraphNode = { id: 'association:滨海新区科协', label: 'Association', name: '滨海新区科协', aliases: [], cases: [3] };

export const CASE_RECORD: CaseRecord = {
  number: 3,
  title: '院士专家工作站建设',
  association: '滨海新区科协',
  park: '滨海高新区',
  province: '天津市',
  chapter: '第一篇',
  founded: 2018,
};

export const CASE_DETAIL: CaseDetail = {
  record: CASE_RECORD,
  sections: [{ kind: 'practice', heading: '主要做法', paragraphs: [{ sentences: [{ id: 'c3-s1', text: '邀请院士来园区考察。' }] }] }],
  captions: [],
  entities: [UNIVERSITY],
};

export const SEARCH_RESULT: SearchResult = {
  case: 3,
  title: CASE_RECORD.title,
  association: CASE_RECORD.association,
  section: '主要做法',
  text: '邀请院士来园区考察。',
  sentenceIds: ['c3-s1'],
  score: 1.5,
};

export const ANSWER: ChatAnswer = {
  answer: '园区邀请院士来园区考察[1]。',
  answerable: true,
  intent: 'howto',
  citations: [{ case: 3, title: CASE_RECORD.title, association: CASE_RECORD.association, section: '主要做法', sentence: 'c3-s1', quote: '邀请院士来园区考察' }],
  graph: { nodes: [UNIVERSITY], edges: [] },
  passages: [{ case: 3, title: CASE_RECORD.title, section: '主要做法', text: '邀请院士来园区考察。', score: 1 }],
  mode: 'hybrid',
  composer: 'offline',
  notes: [],
};

export const NEIGHBOURHOOD: Neighbourhood = {
  center: UNIVERSITY,
  nodes: [ASSOCIATION],
  edges: [{ source: ASSOCIATION.id, target: UNIVERSITY.id, type: 'PARTNERS_WITH', evidence: [{ case: 3, sentence: 'c3-s1', text: '与天津大学合作。' }] }],
};

export const SHARED: SharedPartner = { partner: UNIVERSITY, associations: [{ association: ASSOCIATION, cases: [3], evidence: [] }] };
export const STATS: GraphStats = { labels: { University: 1 }, relationships: { PARTNERS_WITH: 1 } };

export const CYPHER_RESULT: CypherResult = { columns: ['name', 'cases'], rows: [['天津大学', 2]], truncated: false };

/** One recorded call: the method name and its arguments as received. */
export interface RecordedCall {
  method: keyof ParkKgService;
  args: unknown[];
}

export type ChatBehaviour = (request: ChatRequest, stream: AnswerStream | undefined, signal: AbortSignal | undefined) => Promise<ChatAnswer>;

/** Every method records its arguments, then either throws `failure` or returns the fixed data. */
export class FakeParkKgService implements ParkKgService {
  readonly calls: RecordedCall[] = [];
  /** When set, every method (except readiness) rejects with it. */
  failure: unknown;
  readinessResult: Readiness = { ready: true, checks: { store: { ok: true } } };
  readinessFailure: unknown;
  /** Replaces the default chat (which streams two tokens and returns ANSWER). */
  chatBehaviour: ChatBehaviour | undefined;
  found = true;

  private record(method: keyof ParkKgService, args: unknown[]): void {
    this.calls.push({ method, args });
    if (this.failure !== undefined) throw this.failure;
  }

  /** Arguments of the last call to `method`. */
  lastArgs(method: keyof ParkKgService): unknown[] | undefined {
    return this.calls.filter((call) => call.method === method).at(-1)?.args;
  }

  async chat(request: ChatRequest, stream?: AnswerStream, signal?: AbortSignal): Promise<ChatAnswer> {
    this.record('chat', [request, stream, signal]);
    if (this.chatBehaviour) return this.chatBehaviour(request, stream, signal);
    stream?.onToken('园区邀请院士');
    stream?.onToken('来园区考察[1]。');
    return ANSWER;
  }

  async search(query: string, limit: number): Promise<SearchResult[]> {
    this.record('search', [query, limit]);
    return [SEARCH_RESULT];
  }

  async listCases(filter?: CaseFilter): Promise<CaseRecord[]> {
    this.record('listCases', [filter]);
    return [CASE_RECORD];
  }

  async getCase(number: number): Promise<CaseDetail | null> {
    this.record('getCase', [number]);
    return this.found ? CASE_DETAIL : null;
  }

  async findEntities(query: NodeQuery): Promise<GraphNode[]> {
    this.record('findEntities', [query]);
    return [UNIVERSITY];
  }

  async getEntity(id: string): Promise<Neighbourhood | null> {
    this.record('getEntity', [id]);
    return this.found ? NEIGHBOURHOOD : null;
  }

  async sharedPartners(query: SharedPartnerQuery): Promise<SharedPartner[]> {
    this.record('sharedPartners', [query]);
    return [SHARED];
  }

  async path(fromId: string, toId: string): Promise<GraphPath | null> {
    this.record('path', [fromId, toId]);
    return this.found ? { nodes: [ASSOCIATION, UNIVERSITY], edges: NEIGHBOURHOOD.edges } : null;
  }

  async stats(): Promise<GraphStats> {
    this.record('stats', []);
    return STATS;
  }

  async graphOverview(): Promise<GraphOverview> {
    this.record('graphOverview', []);
    return { cases: [], nodes: [ASSOCIATION, UNIVERSITY], edges: [{ source: ASSOCIATION.id, target: UNIVERSITY.id, type: 'PARTNERS_WITH', cases: [1] }] };
  }

  async cypher(query: string, params?: CypherParams): Promise<CypherResult> {
    this.record('cypher', [query, params]);
    return CYPHER_RESULT;
  }

  async readiness(): Promise<Readiness> {
    this.calls.push({ method: 'readiness', args: [] });
    if (this.readinessFailure !== undefined) throw this.readinessFailure;
    return this.readinessResult;
  }
}
