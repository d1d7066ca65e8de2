// The answer formatter's grammar, kept free of the DOM: lines become headings (a line that is all
// **bold**), bullets (`- `, `* `, `• `) or paragraphs; inside a line, **bold** and [n] markers.
// Anything else, including markup, stays literal text.

export type Inline = { kind: 'text'; text: string } | { kind: 'bold'; text: string } | { kind: 'cite'; n: number };

export interface Block {
  kind: 'heading' | 'bullet' | 'paragraph';
  inlines: Inline[];
}

const BULLET = /^\s*[-*•·]\s+/;
const HEADING = /^\s*\*\*([^*]+)\*\*\s*[:：]?\s*$/;

/** Splits answer text into blocks; empty lines only separate. */
export function parseRichText(text: string): Block[] {
  const blocks: Block[] = [];
  for (const rawLine of text.split(/\r?\n/)) {
    if (rawLine.trim() === '') continue;
    const heading = HEADING.exec(rawLine);
    if (heading) {
      blocks.push({ kind: 'heading', inlines: [{ kind: 'text', text: heading[1]!.trim() }] });
      continue;
    }
    const bullet = BULLET.exec(rawLine);
    if (bullet) {
      blocks.push({ kind: 'bullet', inlines: parseInlines(rawLine.slice(bullet[0].length)) });
      continue;
    }
    blocks.push({ kind: 'paragraph', inlines: parseInlines(rawLine.trim()) });
  }
  return blocks;
}

/** **bold** spans and [n] citation markers inside one line. */
export function parseInlines(line: string): Inline[] {
  const inlines: Inline[] = [];
  const pattern = /\*\*([^*]+)\*\*|\[(\d{1,3})\]/g;
  let last = 0;
  for (const match of line.matchAll(pattern)) {
    const index = match.index;
    if (index > last) pushText(inlines, line.slice(last, index));
    if (match[1] !== undefined) inlines.push({ kind: 'bold', text: match[1] });
    else inlines.push({ kind: 'cite', n: Number(match[2]) });
    last = index + match[0].length;
  }
  if (last < line.length) pushText(inlines, line.slice(last));
  return inlines;
}

function pushText(inlines: Inline[], text: string): void {
  const previous = inlines[inlines.length - 1];
  if (previous?.kind === 'text') previous.text += text;
  else inlines.push({ kind: 'text', text });
}

/** The plain text of inlines, markers written as `[n]`. */
export function inlinesToText(inlines: Inline[]): string {
  return inlines.map((inline) => (inline.kind === 'cite' ? `[${inline.n}]` : inline.text)).join('');
}
