// The application service behind the CLI, the HTTP API and the web app.
import { answerQuestion, type AnswerDeps } from '../answer/answer-question.js';
import type { AnswerStream, ChatAnswer, ChatRequest } from '../answer/types.js';
import type { Config } from '../config/config.js';
import { ParkKgError } from '../errors.js';
import { caseNodeId } from '../graph/node-ids.js';
import { fuse } from '../retrieve/retriever.js';
import { isCypherRunner, type CypherParams, type CypherResult } from '../store/cypher-runner.js';
import type { CaseFilter, NodeQuery, SharedPartnerQuery } from '../store/graph-store.js';
import type { CaseDetail, GraphOverview, ParkKgService, Readiness, SearchResult } from './service-types.js';

/** The config keys the analyst Cypher endpoint reads; pass the whole Config. */
export type CypherSettings = Pick<Config, 'CYPHER_ENDPOINT' | 'CYPHER_ROW_LIMIT' | 'CYPHER_TIMEOUT_MS'>;

/** Off unless the composition root passes the config: the endpoint is opt-in (CYPHER_ENDPOINT). */
const CYPHER_OFF: CypherSettings = { CYPHER_ENDPOINT: false, CYPHER_ROW_LIMIT: 1_000, CYPHER_TIMEOUT_MS: 5_000 };

/** ParkKgService over a loaded runtime (store, corpus, indexes, optional LLM writer). */
export class DefaultParkKgService implements ParkKgService {
  constructor(
    private readonly deps: AnswerDeps,
    private readonly checks: () => Promise<Readiness>,
    private readonly cypherSettings: CypherSettings = CYPHER_OFF,
  ) {}

  chat(request: ChatRequest, stream?: AnswerStream, signal?: AbortSignal): Promise<ChatAnswer> {
    return answerQuestion(request, this.deps, stream, signal);
  }

  async search(query: string, limit: number): Promise<SearchResult[]> {
    const index = this.deps.indexes.sections;
    const hits = fuse([index.keyword.search(query, limit * 3), await index.vector.search(query, limit * 3)]).slice(0, limit);
    return hits.map((hit) => ({
      case: hit.chunk.caseNumber,
      title: hit.chunk.title,
      association: hit.chunk.association,
      section: hit.chunk.section,
      text: hit.chunk.text,
      sentenceIds: hit.chunk.sentenceIds,
      score: Number(hit.score.toFixed(5)),
    }));
  }

  listCases(filter?: CaseFilter) {
    return this.deps.store.listCases(filter);
  }

  async getCase(number: number): Promise<CaseDetail | null> {
    if (number === 0) return this.preface();
    const doc = this.deps.sentences.cases.get(number);
    if (!doc) return null;
    const [record] = await this.deps.store.listCases({ mentions: caseNodeId(number) });
    const around = await this.deps.store.neighbours(caseNodeId(number), { types: ['MENTIONS', 'ABOUT', 'IN_CHAPTER'] });
    return {
      record: record ?? { number, title: doc.title, association: doc.association, park: doc.park, province: doc.province, chapter: doc.chapter.name, founded: doc.founded },
      sections: doc.sections.map((section) => ({ kind: section.kind, heading: section.heading, paragraphs: section.paragraphs })),
      captions: doc.captions,
      entities: around?.nodes ?? [],
    };
  }

  /** Case 0 is the preface: answers cite its national statistics like any case. */
  private preface(): CaseDetail | null {
    const sentences = this.deps.sentences.byCase.get(0) ?? [];
    if (sentences.length === 0) return null;
    return {
      record: { number: 0, title: '前言', association: '', park: '', province: null, chapter: '', founded: null },
      sections: [{ kind: 'preface', heading: '前言', paragraphs: [{ sentences: sentences.map((s) => ({ id: s.id, text: s.text })) }] }],
      captions: [],
      entities: [],
    };
  }

  findEntities(query: NodeQuery) {
    return this.deps.store.findNodes(query);
  }

  getEntity(id: string) {
    return this.deps.store.neighbours(id, { limit: 300 });
  }

  sharedPartners(query: SharedPartnerQuery) {
    return this.deps.store.sharedPartners(query);
  }

  path(fromId: string, toId: string) {
    return this.deps.store.shortestPath(fromId, toId, 4);
  }

  stats() {
    return this.deps.store.stats();
  }

  async graphOverview(): Promise<GraphOverview> {
    const snapshot = await this.deps.store.exportSnapshot();
    return {
      cases: snapshot.cases,
      nodes: snapshot.nodes,
      edges: snapshot.edges.map((edge) => ({ source: edge.source, target: edge.target, type: edge.type, cases: [...new Set(edge.evidence.map((e) => e.case))] })),
    };
  }

  readiness(): Promise<Readiness> {
    return this.checks();
  }

  async cypher(query: string, params: CypherParams = {}): Promise<CypherResult> {
    if (!this.cypherSettings.CYPHER_ENDPOINT) {
      throw new ParkKgError('NOT_FOUND', 'Read-only Cypher is off; start the server with CYPHER_ENDPOINT=true and GRAPH_STORE=neo4j (只读 Cypher 接口未开启)');
    }
    const store = this.deps.store;
    if (!isCypherRunner(store)) {
      throw new ParkKgError('NOT_FOUND', `Read-only Cypher needs the Neo4j store; this server uses GRAPH_STORE=${store.kind} (set GRAPH_STORE=neo4j and CYPHER_ENDPOINT=true)`);
    }
    return store.runReadOnlyCypher(query, params, { rowLimit: this.cypherSettings.CYPHER_ROW_LIMIT, timeoutMs: this.cypherSettings.CYPHER_TIMEOUT_MS });
  }
}
