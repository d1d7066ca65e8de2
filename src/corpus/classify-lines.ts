// Line roles inside a case body: section heading, photo caption, or running text.
import type { SectionKind } from './types.js';
import type { SourceLine } from './source-lines.js';
import { visualWidth } from './text-width.js';

const HEADING = /^(?:(?:工作|活动|项目)(背景|做法|成效|启示|经验)|主要(做法|成效)|(背景|做法|成效|启示|经验))$/;
const KIND_BY_WORD: Record<string, SectionKind> = {
  背景: 'background',
  做法: 'practice',
  成效: 'results',
  启示: 'lessons',
  经验: 'lessons',
};
const TERMINAL = /[。！？；：，、”’）)…—.!?;:,]$/;
const INNER_PUNCTUATION = /[，。；：！？、]/;
const QUOTED = /“[^”]*”/g;

/** The section kind of a heading line, or null when the line is not a section heading. */
export function headingKind(text: string): SectionKind | null {
  const match = HEADING.exec(text.trim());
  if (!match) return null;
  const word = match[1] ?? match[2] ?? match[3] ?? '';
  return KIND_BY_WORD[word] ?? null;
}

/** True when the line ends a sentence (or at least a clause), so it cannot be a caption. */
export function endsWithPunctuation(text: string): boolean {
  return TERMINAL.test(text.trim());
}

/**
 * Photo captions sit between paragraphs without punctuation. Body lines wrap at `wrapWidth`, so an
 * unpunctuated line of a different width, or one right before a new text block, is a caption.
 */
export function isCaption(line: SourceLine, next: SourceLine | undefined, wrapWidth: number): boolean {
  const text = line.text.trim();
  if (endsWithPunctuation(text) || headingKind(text)) return false;
  if (INNER_PUNCTUATION.test(text.replace(QUOTED, ''))) return false;
  const width = visualWidth(text);
  if (width <= wrapWidth - 5 || width >= wrapWidth + 3) return true;
  return !!next && next.leading;
}

/** Position in a bold-lead list: 一是/二是… (series 是) or 一方面/另一方面 (series 方面). */
export interface ListOrdinal {
  series: '是' | '方面';
  value: number;
}

/** The list position of a bold lead, which the PDF prints twice (`二是X。二是X。`); else null. */
export function boldLeadOrdinal(text: string): ListOrdinal | null {
  const trimmed = text.trim();
  const match = /^(?:([一二三四五六七八九十])是|(另)?一方面)([^。；]{2,60}[。；])/.exec(trimmed);
  if (!match) return null;
  const lead = trimmed.slice(0, match[0].length);
  if (!trimmed.slice(lead.length).startsWith(lead.slice(0, Math.min(lead.length, 6)))) return null;
  if (match[1]) return { series: '是', value: '一二三四五六七八九十'.indexOf(match[1]) + 1 };
  return { series: '方面', value: match[2] ? 2 : 1 };
}

/**
 * Collapses duplicated bold lead phrases (`一是X。一是X。正文` → `一是X。正文`) and reports the
 * phrases, which are the bold leads of the book's lists.
 */
export function collapseDuplicatedLeads(text: string): { text: string; leads: string[] } {
  const leads: string[] = [];
  const collapsed = text.replace(/(^|[。！？；])([^。！？；]{3,80}?[。，：；！？])\2/g, (_all, before: string, lead: string) => {
    leads.push(lead.trim());
    return `${before}${lead}`;
  });
  return { text: collapsed, leads };
}
