// Turns raw PDF text into typed lines: drops page footers, lifts vertical page tabs out of the flow.

/** A non-blank line of the source with the facts later stages need. */
export interface SourceLine {
  /** 1-based line number in the file. */
  lineNo: number;
  text: string;
  /** The extraction marks the start of a text block (column, page) with a leading space. */
  leading: boolean;
}

/** A vertical page tab such as 第/四/篇/产/业/服/务, printed one character per line. */
export interface PageTab {
  /** Index into the cleaned line list before which the tab stood. */
  beforeIndex: number;
  chapterNumber: number | null;
  name: string;
}

const CHINESE_DIGITS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };

/** 一..十九 as a number; null for anything else. */
export function chineseNumber(text: string): number | null {
  if (text.length === 1) return CHINESE_DIGITS[text] ?? null;
  if (text.length === 2 && text[0] === '十') return 10 + (CHINESE_DIGITS[text[1] ?? ''] ?? NaN) || null;
  return null;
}

// Footers look like `015|书名` or `书名 |214`: a page number on one side of a bar.
const FOOTER = /^(\d{1,4}\s*[|｜]\s*\S.{0,40}|\S.{0,40}?\s*[|｜]\s*\d{1,4})$/;
const TAB_HEAD = /^第([一二三四五六七八九十]{1,2})篇(.*)$/;

/** Cleans the file into lines, returning the vertical tabs separately. */
export function readSourceLines(raw: string): { lines: SourceLine[]; tabs: PageTab[] } {
  const rawLines = raw.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n');
  const lines: SourceLine[] = [];
  const tabs: PageTab[] = [];
  let index = 0;
  while (index < rawLines.length) {
    const text = normaliseSpaces(rawLines[index] ?? '');
    if (text.trim() === '') {
      index++;
      continue;
    }
    // A run of one-character lines (blank lines between allowed) is a vertical tab, not text.
    const run = collectSingleCharRun(rawLines, index);
    if (run.chars.length >= 3) {
      const joined = run.chars.join('');
      const head = TAB_HEAD.exec(joined);
      tabs.push({
        beforeIndex: lines.length,
        chapterNumber: head ? chineseNumber(head[1] ?? '') : null,
        name: head ? (head[2] ?? '') : joined,
      });
      index = run.next;
      continue;
    }
    if (!FOOTER.test(text.trim())) {
      lines.push({ lineNo: index + 1, text: text.trim(), leading: /^\s/.test(text) });
    }
    index++;
  }
  return { lines, tabs };
}

function collectSingleCharRun(rawLines: readonly string[], start: number): { chars: string[]; next: number } {
  const chars: string[] = [];
  let index = start;
  while (index < rawLines.length) {
    const text = (rawLines[index] ?? '').trim();
    if (text === '') {
      index++;
      continue;
    }
    if ([...text].length !== 1 || !/\p{Script=Han}/u.test(text)) break;
    chars.push(text);
    index++;
  }
  return { chars, next: index };
}

/** Full-width and no-break spaces become ASCII spaces; runs collapse to one. */
export function normaliseSpaces(text: string): string {
  return text.replace(/[\u00A0\u3000\u2002-\u200A]/g, ' ').replace(/[ \t]+/g, ' ').replace(/\s+$/, '');
}
