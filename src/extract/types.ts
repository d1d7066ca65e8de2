// Extraction output: entity mentions and relation candidates, each tied to the sentence stating it.
import type { CaseDoc } from '../corpus/types.js';
import type { NodeLabel, RelationType } from '../graph/graph-types.js';

/** Entity labels an extractor may emit (structural ones come from the corpus itself). */
export type EntityLabel = Exclude<NodeLabel, 'Case' | 'Chapter' | 'Province' | 'Park' | 'Association'>;

/** One place where the text names an entity. `name` is the printed surface form. */
export interface Mention {
  label: EntityLabel;
  name: string;
  caseNumber: number;
  sentenceId: string;
  /** How the text prints it when that differs from `name` (quoted initiatives: “院士行”). */
  form?: string;
  /** Which extractor found it (provenance for the extraction report); unset means unknown. */
  extractor?: 'rules' | 'llm';
}

/** Endpoint of a relation: an extracted entity, or the case's own association or park. */
export type RelationEnd = { kind: 'entity'; label: EntityLabel; name: string } | { kind: 'association' } | { kind: 'park' };

export interface RelationCandidate {
  type: RelationType;
  source: RelationEnd;
  target: RelationEnd;
  caseNumber: number;
  sentenceId: string;
  date?: string;
  /** Which extractor found it (provenance for the extraction report); unset means unknown. */
  extractor?: 'rules' | 'llm';
}

export interface Extraction {
  mentions: Mention[];
  relations: RelationCandidate[];
}

/**
 * The extractor port: rules today, an LLM later; results from several extractors are merged
 * by `mergeExtractions`, so each keeps its provenance in the sentence ids it cites.
 */
export interface Extractor {
  readonly name: string;
  extract(doc: CaseDoc): Promise<Extraction> | Extraction;
}

/** Concatenates extractions; duplicates are folded later when the graph is built. */
export function mergeExtractions(parts: readonly Extraction[]): Extraction {
  return {
    mentions: parts.flatMap((part) => part.mentions),
    relations: parts.flatMap((part) => part.relations),
  };
}
