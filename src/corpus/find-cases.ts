// Finds case headers (two title lines + association line) and chapter headings in the cleaned lines.
import { chineseNumber, type SourceLine } from './source-lines.js';
import { visualWidth } from './text-width.js';

/** Position of one case header among the cleaned lines. */
export interface CaseHeader {
  titleIndex: number;
  associationIndex: number;
  title: string;
  association: string;
}

/** A printed chapter heading: `第二篇` with its name on the next line when printed. */
export interface ChapterHeading {
  index: number;
  number: number;
  name: string | null;
  /** Lines the heading occupies (1 or 2), so the body parser can skip them. */
  span: number;
}

const ASSOCIATION = /(科协|科学技术协会)$/;
const SENTENCE_PUNCTUATION = /[，。；：！？,;!?]/;
const CHAPTER = /^第([一二三四五六七八九十]{1,2})篇$/;

/** True when a line reads like a short heading: no sentence punctuation, not too wide. */
function isShortLabel(line: SourceLine | undefined, maxWidth: number): boolean {
  if (!line) return false;
  return !SENTENCE_PUNCTUATION.test(line.text) && visualWidth(line.text) <= maxWidth && !CHAPTER.test(line.text);
}

/** Association lines are short names ending in 科协 with no punctuation. */
export function isAssociationLine(line: SourceLine | undefined): boolean {
  return !!line && ASSOCIATION.test(line.text) && isShortLabel(line, 32) && [...line.text].length >= 4;
}

/** Every case header in document order; overlapping candidates keep the first. */
export function findCaseHeaders(lines: readonly SourceLine[]): CaseHeader[] {
  const headers: CaseHeader[] = [];
  let lastUsed = -1;
  for (let index = 2; index < lines.length - 1; index++) {
    const line = lines[index];
    if (!isAssociationLine(line)) continue;
    const first = lines[index - 2];
    const second = lines[index - 1];
    if (!isShortLabel(first, 26) || !isShortLabel(second, 26)) continue;
    if (index - 2 <= lastUsed) continue; // the body's first line repeating the name is not a new case
    headers.push({
      titleIndex: index - 2,
      associationIndex: index,
      title: `${first!.text.trim()} ${second!.text.trim()}`,
      association: line!.text.replace(/\s+/g, ' ').trim(),
    });
    lastUsed = index;
  }
  return headers;
}

/** Printed chapter headings; the name line is taken only when it is not a case title. */
export function findChapterHeadings(lines: readonly SourceLine[], headers: readonly CaseHeader[]): ChapterHeading[] {
  const titleStarts = new Set(headers.map((header) => header.titleIndex));
  const out: ChapterHeading[] = [];
  lines.forEach((line, index) => {
    const match = CHAPTER.exec(line.text);
    if (!match) return;
    const number = chineseNumber(match[1] ?? '');
    if (number === null) return;
    const next = lines[index + 1];
    const hasName = !!next && !titleStarts.has(index + 1) && isShortLabel(next, 12);
    out.push({ index, number, name: hasName ? next.text.trim() : null, span: hasName ? 2 : 1 });
  });
  return out;
}
