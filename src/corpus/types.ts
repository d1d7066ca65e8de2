// The parsed compilation: cases, sections, paragraphs and sentences with stable ids.

/** Canonical section kinds; `heading` keeps the printed form (工作背景, 活动做法 …). */
export type SectionKind = 'background' | 'practice' | 'results' | 'lessons' | 'preface' | 'body';

export const SECTION_ORDER: readonly SectionKind[] = ['background', 'practice', 'results', 'lessons'];

/** A sentence as the book reads it; `id` is a hash of its text, so it survives re-ingest. */
export interface Sentence {
  id: string;
  text: string;
  /** A list lead printed in bold (一是…。), which the PDF text repeats; marks the top-level lists. */
  bold?: true;
}

export interface Paragraph {
  sentences: Sentence[];
}

export interface Section {
  kind: SectionKind;
  heading: string;
  paragraphs: Paragraph[];
}

export interface Chapter {
  number: number;
  name: string;
}

export interface CaseDoc {
  /** 1-based position in document order; a contract for the default compilation. */
  number: number;
  sourceId: string;
  title: string;
  association: string;
  /** Other printed forms of the association's name (以下简称 …, the long legal form). */
  associationAliases: string[];
  park: string;
  parkAliases: string[];
  province: string | null;
  chapter: Chapter;
  founded: number | null;
  sections: Section[];
  /** Photo captions, kept apart from the running text but still citable. */
  captions: Sentence[];
  /** Line of the source file where the case header starts (for error messages and debugging). */
  startLine: number;
}

export interface Compilation {
  sourceId: string;
  sourceFile: string;
  preface: Section;
  chapters: Chapter[];
  cases: CaseDoc[];
}

/** Every sentence of a case in reading order, captions last. */
export function caseSentences(doc: CaseDoc): Sentence[] {
  const out: Sentence[] = [];
  for (const section of doc.sections) for (const paragraph of section.paragraphs) out.push(...paragraph.sentences);
  out.push(...doc.captions);
  return out;
}

/** The case text that citation quotes must be substrings of: paragraphs on their own lines. */
export function caseText(doc: CaseDoc): string {
  const parts: string[] = [];
  for (const section of doc.sections) {
    for (const paragraph of section.paragraphs) parts.push(paragraph.sentences.map((s) => s.text).join(''));
  }
  for (const caption of doc.captions) parts.push(caption.text);
  return parts.join('\n');
}
