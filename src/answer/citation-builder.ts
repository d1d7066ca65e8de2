// Numbers cited sentences in order of first use, so every [n] in an answer resolves to citations[n-1].
import type { CaseDoc } from '../corpus/types.js';
import type { IndexedSentence } from '../retrieve/sentence-index.js';
import type { Citation } from './types.js';

/** Collects citations while an answer is written; the same sentence keeps its number. */
export class CitationBuilder {
  readonly citations: Citation[] = [];
  private readonly numberOf = new Map<string, number>();

  constructor(private readonly cases: ReadonlyMap<number, CaseDoc>) {}

  /** The marker for a sentence, e.g. `[3]`. */
  cite(sentence: IndexedSentence): string {
    let number = this.numberOf.get(sentence.id);
    if (number === undefined) {
      const doc = this.cases.get(sentence.caseNumber);
      this.citations.push({
        case: sentence.caseNumber,
        title: doc?.title ?? '前言',
        association: doc?.association ?? '',
        section: sentence.section,
        sentence: sentence.id,
        quote: sentence.text,
      });
      number = this.citations.length;
      this.numberOf.set(sentence.id, number);
    }
    return `[${number}]`;
  }
}
