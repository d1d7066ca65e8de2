// The corpus stage: compilation text → preface, chapters and numbered cases with stable sentence ids.
import { ParkKgError } from '../errors.js';
import { caseRegion, declaredShortNames, foundingYear, normaliseName, parkNames } from './case-facts.js';
import { findCaseHeaders, findChapterHeadings, type CaseHeader, type ChapterHeading } from './find-cases.js';
import { parseBody, SentenceIds } from './parse-body.js';
import { readSourceLines, type PageTab, type SourceLine } from './source-lines.js';
import { estimateWrapWidth } from './text-width.js';
import type { CaseDoc, Chapter, Compilation, Section } from './types.js';

export interface ParseOptions {
  sourceId: string;
  sourceFile: string;
  /** Prefix for sentence ids; empty for the default compilation so its ids stay short. */
  idPrefix?: string;
  /** Number of the first case, so numbers stay unique across several compilations. */
  firstCaseNumber?: number;
}

/** Parses a whole compilation; throws INPUT_NO_CASES when the text holds no recognisable case. */
export function parseCompilation(raw: string, options: ParseOptions): Compilation {
  const { lines, tabs } = readSourceLines(raw);
  const headers = findCaseHeaders(lines);
  if (headers.length === 0) {
    throw new ParkKgError('INPUT_NO_CASES', `${options.sourceFile}: no case found (expected a two-line title followed by a line naming a 科协)`);
  }
  const chapterHeadings = findChapterHeadings(lines, headers);
  const wrapWidth = estimateWrapWidth(lines.map((line) => line.text));
  const prefix = options.idPrefix ?? '';

  const firstBoundary = Math.min(headers[0]!.titleIndex, ...chapterHeadings.map((heading) => heading.index));
  const prefaceIds = new SentenceIds(prefix, 0);
  const prefaceBody = parseBody(lines.slice(0, firstBoundary), wrapWidth, prefaceIds, { kind: 'preface', heading: '前言' });
  const preface: Section = {
    kind: 'preface',
    heading: '前言',
    paragraphs: prefaceBody.sections.flatMap((section) => section.paragraphs),
  };
  const chapterNames = namesFromPreface(preface);
  const chapterOf = assignChapters(headers, chapterHeadings, tabs, chapterNames);

  const cases: CaseDoc[] = headers.map((header, index) => {
    const number = (options.firstCaseNumber ?? 1) + index;
    const end = Math.min(
      headers[index + 1]?.titleIndex ?? lines.length,
      ...chapterHeadings.filter((heading) => heading.index > header.associationIndex).map((heading) => heading.index),
    );
    const bodyLines = lines.slice(header.associationIndex + 1, end);
    const body = parseBody(bodyLines, wrapWidth, new SentenceIds(prefix, number), { kind: 'body', heading: '正文' });
    const opening = body.sections.flatMap((section) => section.paragraphs.flatMap((p) => p.sentences.map((s) => s.text))).slice(0, 8);
    const openingText = opening.join('');
    const association = normaliseName(header.association);
    const shortNames = declaredShortNames(openingText).filter((name) => name !== association);
    const longForm = longAssociationForm(bodyLines, association);
    const { park, aliases } = parkNames(association, longForm ? [...shortNames, longForm] : shortNames);
    return {
      number,
      sourceId: options.sourceId,
      title: header.title,
      association,
      associationAliases: [...new Set([...shortNames, ...(longForm ? [longForm] : []), ...aliases.map((form) => `${form}科协`)])].filter(
        (form) => form !== association,
      ),
      park,
      parkAliases: aliases,
      province: caseRegion(association, openingText),
      chapter: chapterOf[index]!,
      founded: foundingYear(opening),
      sections: body.sections,
      captions: body.captions,
      startLine: lines[header.titleIndex]!.lineNo,
    };
  });

  const chapters = [...new Map(cases.map((doc) => [doc.chapter.number, doc.chapter])).values()];
  return { sourceId: options.sourceId, sourceFile: options.sourceFile, preface, chapters, cases };
}

/** The body's first line sometimes restates the association in its long legal form. */
function longAssociationForm(bodyLines: readonly SourceLine[], association: string): string | null {
  const match = /^([\p{Script=Han}A-Za-z_+·（）() ]{4,40}?(?:科协|科学技术协会))(?:（|\(|成立|自|于|是)/u.exec(bodyLines[0]?.text.replace(/\s+/g, ' ') ?? '');
  const form = match ? normaliseName(match[1] ?? '') : null;
  return form && form !== association ? form : null;
}

/** Chapter names listed in the preface (`在学术交流、人才培养…等 7 个方面`), in order. */
function namesFromPreface(preface: Section): string[] {
  const text = preface.paragraphs.flatMap((p) => p.sentences.map((s) => s.text)).join('');
  const match = /([^。，]*、[^。，]*)等\s*(?:\d+|[一二三四五六七八九十]+)\s*个方面/.exec(text);
  if (!match) return [];
  const list = (match[1] ?? '').split('在').pop() ?? '';
  return list.split('、').map((item) => item.trim()).filter(Boolean);
}

/**
 * Chapter per case. Chapters only move forward; a printed heading opens its chapter, and a chapter
 * with no printed heading opens at the first case that carries its vertical page tab.
 */
function assignChapters(
  headers: readonly CaseHeader[],
  headings: readonly ChapterHeading[],
  tabs: readonly PageTab[],
  prefaceNames: readonly string[],
): Chapter[] {
  const printed = new Set(headings.map((heading) => heading.number));
  const nameOf = (number: number): string =>
    headings.find((heading) => heading.number === number && heading.name)?.name ??
    tabs.find((tab) => tab.chapterNumber === number && tab.name)?.name ??
    prefaceNames[number - 1] ??
    `第${number}篇`;
  let current = 1;
  return headers.map((header, index) => {
    const end = headers[index + 1]?.titleIndex ?? Number.POSITIVE_INFINITY;
    for (const heading of headings) if (heading.index < header.titleIndex) current = Math.max(current, heading.number);
    for (const tab of tabs) {
      const number = tab.chapterNumber;
      if (number !== null && !printed.has(number) && tab.beforeIndex > header.titleIndex && tab.beforeIndex < end) {
        current = Math.max(current, number);
      }
    }
    return { number: current, name: nameOf(current) };
  });
}
