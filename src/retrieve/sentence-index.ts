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

/**
 * Sentence lookups over the whole corpus; built once per loaded corpus. Phrase look-ups go through
 * an index of the cases holding each two-character piece, so they test the sentences of the cases
 * that can match instead of every sentence of the corpus.
 */
export class SentenceIndex {
  readonly sentences: IndexedSentence[] = [];
  readonly byId = new Map<string, IndexedSentence>();
  readonly byCase = new Map<number, IndexedSentence[]>();
  readonly cases = new Map<number, CaseDoc>();
  private readonly documentFrequency = new Map<string, number>();
  /** Two characters (as one number) → positions in `caseLists` of the cases holding them, ascending. */
  private caseBigrams: Map<number, number[]> | null = null;
  private caseLists: IndexedSentence[][] = [];

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
    this.bigramIndex(); // at load, not on the first question
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
    if (!compact) return [];
    const lists = this.casesThatMayHold(compact);
    if (!lists) return this.sentences.filter((sentence) => sentence.compact.includes(compact));
    return lists.flatMap((list) => list.filter((sentence) => sentence.compact.includes(compact)));
  }

  /** Share of cases whose text contains a word: 园区 is everywhere, 经费 is not. */
  caseShare(word: string): number {
    let hits = 0;
    for (const sentences of this.casesThatMayHold(word) ?? this.byCase.values()) if (sentences.some((s) => s.compact.includes(word))) hits++;
    return this.byCase.size === 0 ? 0 : hits / this.byCase.size;
  }

  /**
   * The sentence lists (in document order) of the cases holding every two-character piece of
   * `text`: a superset of the cases whose sentences contain it. Null for texts under two characters.
   */
  private casesThatMayHold(text: string): IndexedSentence[][] | null {
    if (text.length < 2) return null;
    const index = this.bigramIndex();
    let rarest: number[] | undefined;
    for (let at = 0; at + 2 <= text.length; at++) {
      const list = index.get(bigramKey(text, at));
      if (!list) return [];
      if (!rarest || list.length < rarest.length) rarest = list;
    }
    return rarest!.map((position) => this.caseLists[position]!);
  }

  private bigramIndex(): Map<number, number[]> {
    if (this.caseBigrams) return this.caseBigrams;
    const index = new Map<number, number[]>();
    this.caseLists = [...this.byCase.values()];
    this.caseLists.forEach((list, position) => {
      for (const sentence of list) {
        const text = sentence.compact;
        for (let at = 0; at + 2 <= text.length; at++) {
          const key = bigramKey(text, at);
          const postings = index.get(key);
          if (!postings) index.set(key, [position]);
          else if (postings[postings.length - 1] !== position) postings.push(position);
        }
      }
    });
    this.caseBigrams = index;
    return index;
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

/** Two UTF-16 code units as one integer key (cheaper to hash than a two-character string). */
function bigramKey(text: string, at: number): number {
  return text.charCodeAt(at) * 65536 + text.charCodeAt(at + 1);
}
