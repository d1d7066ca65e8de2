// The application service behind the CLI, the HTTP API and the web app.
import { answerQuestion, type AnswerDeps } from '../answer/answer-question.js';
import type { AnswerStream, ChatAnswer, ChatRequest } from '../answer/types.js';
import { caseNodeId } from '../graph/node-ids.js';
import { fuse } from '../retrieve/retriever.js';
import type { CaseFilter, NodeQuery, SharedPartnerQuery } from '../store/graph-store.js';
import type { CaseDetail, GraphOverview, ParkKgService, Readiness, SearchResult } from './service-types.js';

/** ParkKgService over a loaded runtime (store, corpus, indexes, optional LLM writer). */
export class DefaultParkKgService implements ParkKgService {
  constructor(
    private readonly deps: AnswerDeps,
    private readonly checks: () => Promise<Readiness>,
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
}
