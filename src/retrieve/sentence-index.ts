// Every sentence of the corpus (preface = case 0) with word sets and IDF, for picking the sentences
// an answer quotes and for exact phrase look-ups.
import type { CaseDoc, Compilation, Section } from '../corpus/types.js';
import { cutForSearch } from '../extract/segmenter.js';

/** A sentence with where it sits: the unit answers cite. */
export interface IndexedSentence {
  id: string;
  caseNumber: number;
  /** Position in the case's reading order, for neighbours and list siblings. */
  position: number;
  section: string;
  sectionKind: Section['kind'] | 'caption';
  text: string;
  compact: string;
  words: Set<string>;
  /** Printed in bold in the book: a top-level list lead. */
  bold: boolean;
}

/** Sentence lookups over the whole corpus; built once per loaded corpus. */
export class SentenceIndex {
  readonly sentences: IndexedSentence[] = [];
  readonly byId = new Map<string, IndexedSentence>();
  readonly byCase = new Map<number, IndexedSentence[]>();
  readonly cases = new Map<number, CaseDoc>();
  private readonly documentFrequency = new Map<string, number>();

  constructor(compilations: readonly Compilation[]) {
    const preface = compilations[0]?.preface;
    if (preface) this.addSection(0, preface);
    for (const doc of compilations.flatMap((compilation) => compilation.cases)) {
      this.cases.set(doc.number, doc);
      for (const section of doc.sections) this.addSection(doc.number, section);
      for (const caption of doc.captions) this.add(doc.number, '图片说明', 'caption', caption.id, caption.text);
    }
    for (const sentence of this.sentences) {
      for (const word of sentence.words) this.documentFrequency.set(word, (this.documentFrequency.get(word) ?? 0) + 1);
    }
  }

  /** Inverse document frequency over sentences: rare words weigh more. */
  idf(word: string): number {
    const df = this.documentFrequency.get(word) ?? 0;
    return Math.log(1 + (this.sentences.length - df + 0.5) / (df + 0.5));
  }

  /** Weighted overlap of query terms with a sentence; exact multi-character terms count by IDF. */
  score(sentence: IndexedSentence, terms: readonly string[]): number {
    let total = 0;
    for (const term of terms) {
      if (sentence.words.has(term) || (term.length >= 2 && sentence.compact.includes(term))) total += this.idf(term);
    }
    return total;
  }

  /** Sentences whose text (spaces ignored) contains the phrase, in document order. */
  withPhrase(phrase: string): IndexedSentence[] {
    const compact = phrase.replace(/\s+/g, '');
    return compact ? this.sentences.filter((sentence) => sentence.compact.includes(compact)) : [];
  }

  /** Share of cases whose text contains a word: 园区 is everywhere, 经费 is not. */
  caseShare(word: string): number {
    let hits = 0;
    for (const sentences of this.byCase.values()) if (sentences.some((s) => s.compact.includes(word))) hits++;
    return this.byCase.size === 0 ? 0 : hits / this.byCase.size;
  }

  private addSection(caseNumber: number, section: Section): void {
    for (const paragraph of section.paragraphs) {
      for (const sentence of paragraph.sentences) this.add(caseNumber, section.heading, section.kind, sentence.id, sentence.text, sentence.bold === true);
    }
  }

  private add(caseNumber: number, heading: string, kind: IndexedSentence['sectionKind'], id: string, text: string, bold = false): void {
    const list = this.byCase.get(caseNumber) ?? [];
    const compact = text.replace(/\s+/g, '');
    const entry: IndexedSentence = {
      id,
      caseNumber,
      position: list.length,
      section: heading,
      sectionKind: kind,
      text,
      compact,
      words: new Set(cutForSearch(compact)),
      bold,
    };
    list.push(entry);
    this.byCase.set(caseNumber, list);
    this.sentences.push(entry);
    this.byId.set(id, entry);
  }
}
