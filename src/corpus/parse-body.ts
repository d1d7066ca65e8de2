// Case body → sections of paragraphs of sentences, with captions kept apart.
import { assignSections, type BodyItem, type Label, type TextUnit } from './assign-sections.js';
import { boldLeadOrdinal, collapseDuplicatedLeads, endsWithPunctuation, headingKind, isCaption } from './classify-lines.js';
import type { SourceLine } from './source-lines.js';
import { splitSentences } from './split-sentences.js';
import { sentenceId } from './stable-id.js';
import { visualWidth } from './text-width.js';
import { SECTION_ORDER, type Paragraph, type Section, type Sentence } from './types.js';

export interface ParsedBody {
  sections: Section[];
  captions: Sentence[];
}

/** Issues ids unique within one case: the same text twice gets occurrence 0 and 1. */
export class SentenceIds {
  private readonly seen = new Map<string, number>();
  constructor(
    private readonly prefix: string,
    private readonly caseNumber: number,
  ) {}

  make(text: string): Sentence {
    const occurrence = this.seen.get(text) ?? 0;
    this.seen.set(text, occurrence + 1);
    return { id: sentenceId(this.prefix, this.caseNumber, text, occurrence), text };
  }
}

/** Parses the lines between a case header and the next case into sections. */
export function parseBody(lines: readonly SourceLine[], wrapWidth: number, ids: SentenceIds, fallback: Label): ParsedBody {
  const items: BodyItem[] = [];
  const captionLines: string[] = [];
  let current: TextUnit | null = null;
  let afterHeading = true;
  let previousText: string | null = null;

  lines.forEach((line, index) => {
    const kind = headingKind(line.text);
    if (kind) {
      items.push({ type: 'heading', kind, heading: line.text.trim(), leads: line.leading });
      current = null;
      afterHeading = true;
      return;
    }
    if (index > 0 && isCaption(line, lines[index + 1], wrapWidth)) {
      captionLines.push(line.text.trim());
      return;
    }
    const ordinal = boldLeadOrdinal(`${line.text}${lines[index + 1]?.text ?? ''}`);
    const endedSentence = previousText === null || endsWithPunctuation(previousText);
    const blockStart = line.leading || ordinal !== null || (afterHeading && endedSentence);
    if (!current || blockStart) {
      current = { lines: [], blockStart, ordinal };
      items.push({ type: 'unit', unit: current });
    }
    current.lines.push(line);
    afterHeading = false;
    previousText = line.text;
  });

  const labels = assignSections(items, fallback);
  const sections: Section[] = [];
  const kinds = [...SECTION_ORDER, fallback.kind];
  for (const kind of kinds) {
    if (sections.some((section) => section.kind === kind)) continue;
    const units = items.flatMap((item) => (item.type === 'unit' && labels.get(item.unit)?.kind === kind ? [item.unit] : []));
    if (units.length === 0) continue;
    const heading = labels.get(units[0]!)?.heading ?? fallback.heading;
    sections.push({ kind, heading, paragraphs: buildParagraphs(units, wrapWidth, ids) });
  }
  return { sections, captions: captionLines.map((text) => ids.make(text)) };
}

/** Joins hard-wrapped lines; a short line ending a sentence closes the paragraph. */
function buildParagraphs(units: readonly TextUnit[], wrapWidth: number, ids: SentenceIds): Paragraph[] {
  const texts: string[] = [];
  let buffer = '';
  const flush = () => {
    if (buffer.trim()) texts.push(buffer.trim());
    buffer = '';
  };
  for (const unit of units) {
    if (unit.blockStart && endsWithPunctuation(buffer)) flush();
    for (const line of unit.lines) {
      buffer += line.text.trim();
      if (/[。！？!?][”’）)]?$/.test(line.text.trim()) && visualWidth(line.text) < wrapWidth - 1.5) flush();
    }
  }
  flush();
  return texts
    .map((text) => {
      const { text: clean, leads } = collapseDuplicatedLeads(text);
      const sentences = splitSentences(clean).map((sentence): Sentence => {
        const made = ids.make(sentence);
        return leads.includes(sentence) ? { ...made, bold: true } : made;
      });
      return { sentences };
    })
    .filter((paragraph) => paragraph.sentences.length > 0);
}
