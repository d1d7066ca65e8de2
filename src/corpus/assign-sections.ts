// Puts displaced section headings back with their text. In two-column extractions a heading can
// follow its text (工作背景 after the background) or precede it; list numbering repairs interleaving.
import type { SectionKind } from './types.js';
import { SECTION_ORDER } from './types.js';
import type { SourceLine } from './source-lines.js';
import type { ListOrdinal } from './classify-lines.js';

/** A run of text lines that starts a block (new column, bold lead) or continues the previous one. */
export interface TextUnit {
  lines: SourceLine[];
  blockStart: boolean;
  /** Position of the bold list lead (一是 = 1) the unit opens with, if any. */
  ordinal: ListOrdinal | null;
}

export interface HeadingItem {
  type: 'heading';
  kind: SectionKind;
  heading: string;
  /** Printed at the top of a text block (leading space), so it introduces the text below it. */
  leads: boolean;
}

export type BodyItem = HeadingItem | { type: 'unit'; unit: TextUnit };

export interface Label {
  kind: SectionKind;
  heading: string;
}

/** Labels every unit with a section. Units without any heading in reach get `fallback`. */
export function assignSections(items: readonly BodyItem[], fallback: Label): Map<TextUnit, Label> {
  const labels = new Map<TextUnit, Label>();
  let pending: TextUnit[] = [];
  let active: Label | null = null;
  let lastLabelled: Label | null = null;
  let segment: TextUnit[] = [];

  items.forEach((item, index) => {
    if (item.type === 'unit') {
      const unit = item.unit;
      segment.push(unit);
      const dangling = unit.blockStart ? undefined : danglingLabel(items, index, labels);
      if (dangling) labels.set(unit, dangling);
      else if (!unit.blockStart && pending.length === 0 && lastLabelled) labels.set(unit, lastLabelled);
      else if (active) labels.set(unit, active);
      else pending.push(unit);
      lastLabelled = labels.get(unit) ?? lastLabelled;
      return;
    }
    const label: Label = { kind: item.kind, heading: item.heading };
    const nextIsHeading = items[index + 1]?.type === 'heading';
    if (item.leads) {
      // Unlabelled text before a heading that opens its own block lies between the sections:
      // a missing heading (成效 right after 背景 means the 做法 heading was not printed).
      const gap = gapLabel(lastLabelled, label) ?? lastLabelled ?? fallback;
      for (const unit of pending) labels.set(unit, gap);
      pending = [];
      active = label;
    } else if (pending.length > 0) {
      // Text with no heading yet, then a heading: the heading was printed after its text.
      for (const unit of pending) labels.set(unit, label);
      pending = [];
      active = null;
    } else if (nextIsHeading || lastLeadingUnit(segment) > 0) {
      // Two headings together, or a heading under a new column: it closes the last block above it.
      let from = lastLeadingUnit(segment);
      if (from < 0) from = Math.max(0, segment.findLastIndex((unit) => unit.blockStart));
      for (const unit of segment.slice(from)) labels.set(unit, label);
      active = null;
    } else {
      active = label;
    }
    lastLabelled = label;
    segment = [];
  });
  for (const unit of pending) labels.set(unit, lastLabelled ?? fallback);
  repairByOrdinals(items, labels);
  return labels;
}

/** Index of the last unit that opens a new column or page (leading space), or -1. */
function lastLeadingUnit(segment: readonly TextUnit[]): number {
  return segment.findLastIndex((unit) => unit.lines[0]?.leading === true);
}

/** A unit that does not start a block finishes the latest sentence left hanging before it. */
function danglingLabel(items: readonly BodyItem[], index: number, labels: Map<TextUnit, Label>): Label | undefined {
  for (let at = index - 1; at >= 0; at--) {
    const item = items[at]!;
    if (item.type !== 'unit') continue;
    const last = item.unit.lines[item.unit.lines.length - 1]?.text ?? '';
    if (!/[。！？!?][”’」）)]?$/.test(last.trim())) return labels.get(item.unit);
  }
  return undefined;
}

/** The one canonical section between two labels, named in the same style (工作/活动), if any. */
function gapLabel(before: Label | null, after: Label): Label | null {
  if (!before) return null;
  const from = SECTION_ORDER.indexOf(before.kind);
  const to = SECTION_ORDER.indexOf(after.kind);
  if (from < 0 || to - from !== 2) return null;
  const kind = SECTION_ORDER[from + 1]!;
  const style = after.heading.startsWith('活动') ? '活动' : kind === 'practice' ? '主要' : '工作';
  const word = { background: '背景', practice: '做法', results: '成效', lessons: '启示', preface: '', body: '' }[kind];
  return { kind, heading: `${style}${word}` };
}

/** A block opening with 三是 belongs to the section whose list last reached 二是. */
function repairByOrdinals(items: readonly BodyItem[], labels: Map<TextUnit, Label>): void {
  const lastOrdinal = new Map<string, number>();
  const labelOfKind = new Map<SectionKind, Label>();
  let previousMoved: Label | null = null;
  for (const item of items) {
    if (item.type !== 'unit') continue;
    const unit = item.unit;
    let label = labels.get(unit);
    if (!label) continue;
    if (!unit.blockStart && previousMoved) {
      labels.set(unit, previousMoved);
      continue;
    }
    previousMoved = null;
    const ordinal = unit.ordinal;
    const key = (kind: SectionKind) => `${kind}:${ordinal?.series}`;
    if (ordinal && ordinal.value > 1 && (lastOrdinal.get(key(label.kind)) ?? 0) !== ordinal.value - 1) {
      const owner = SECTION_ORDER.find((kind) => lastOrdinal.get(key(kind)) === ordinal.value - 1 && labelOfKind.has(kind));
      if (owner) {
        label = labelOfKind.get(owner)!;
        labels.set(unit, label);
        previousMoved = label;
      }
    }
    labelOfKind.set(label.kind, labelOfKind.get(label.kind) ?? label);
    if (ordinal) lastOrdinal.set(key(label.kind), ordinal.value);
  }
}
