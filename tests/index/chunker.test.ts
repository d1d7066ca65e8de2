// Chunk invariants on the real compilation: no chunk crosses a case or section, full coverage, stable ids.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { caseSentences, caseText, type Compilation } from '../../src/corpus/types.js';
import {
  CAPTION_SECTION,
  chunkCompilations,
  FIXED_OVERLAP_CHARS,
  FIXED_WINDOW_CHARS,
  indexedText,
  PREFACE_TITLE,
  SECTION_CHUNK_CHARS,
} from '../../src/index/chunker.js';
import { parseSources, seedFiles } from '../../src/pipeline/ingest.js';
import { realCorpus } from './real-corpus.js';

const { compilations } = await realCorpus();
const compilation = compilations[0]!;
const sections = chunkCompilations(compilations, 'sections');
const fixed = chunkCompilations(compilations, 'fixed');

/** Where each sentence lives: case number and section heading (captions and preface included). */
function sentenceHomes(source: Compilation): Map<string, { caseNumber: number; section: string; text: string }> {
  const homes = new Map<string, { caseNumber: number; section: string; text: string }>();
  for (const paragraph of source.preface.paragraphs) {
    for (const s of paragraph.sentences) homes.set(s.id, { caseNumber: 0, section: PREFACE_TITLE, text: s.text });
  }
  for (const doc of source.cases) {
    for (const section of doc.sections) {
      for (const paragraph of section.paragraphs) {
        for (const s of paragraph.sentences) homes.set(s.id, { caseNumber: doc.number, section: section.heading, text: s.text });
      }
    }
    for (const s of doc.captions) homes.set(s.id, { caseNumber: doc.number, section: CAPTION_SECTION, text: s.text });
  }
  return homes;
}

const homes = sentenceHomes(compilation);
const weight = (text: string) => text.replace(/\s/g, '').length;

describe("chunkCompilations 'sections'", () => {
  it('never crosses a case or a section, and carries the case metadata', () => {
    for (const chunk of sections) {
      const places = new Set(chunk.sentenceIds.map((id) => `${homes.get(id)?.caseNumber}/${homes.get(id)?.section}`));
      expect(places, chunk.id).toEqual(new Set([`${chunk.caseNumber}/${chunk.section}`]));
      if (chunk.caseNumber === 0) {
        expect(chunk).toMatchObject({ title: PREFACE_TITLE, association: '', section: PREFACE_TITLE });
      } else {
        const doc = compilation.cases[chunk.caseNumber - 1]!;
        expect(chunk).toMatchObject({ title: doc.title, association: doc.association });
      }
    }
  });

  it('puts every sentence of every case (captions and preface too) in exactly one chunk', () => {
    const seen = new Map<string, number>();
    for (const chunk of sections) for (const id of chunk.sentenceIds) seen.set(id, (seen.get(id) ?? 0) + 1);
    const expected = [...compilation.preface.paragraphs.flatMap((p) => p.sentences), ...compilation.cases.flatMap(caseSentences)];
    expect(seen.size).toBe(expected.length);
    for (const sentence of expected) expect(seen.get(sentence.id), sentence.text).toBe(1);
  });

  it('keeps reading order and reproduces the sentence text exactly', () => {
    for (const chunk of sections) expect(chunk.text).toBe(chunk.sentenceIds.map((id) => homes.get(id)!.text).join(''));
    const order = compilation.cases.flatMap(caseSentences).map((s) => s.id);
    const chunked = sections.filter((c) => c.caseNumber > 0).flatMap((c) => c.sentenceIds);
    expect(chunked).toEqual(order);
  });

  it('packs to about the budget: only a long sentence, or one joined by a short lead or tail, exceeds it', () => {
    for (const chunk of sections) {
      if (weight(chunk.text) <= SECTION_CHUNK_CHARS) continue;
      expect(weight(chunk.text), chunk.text).toBeLessThanOrEqual(SECTION_CHUNK_CHARS * 1.5);
      if (chunk.sentenceIds.length === 1) continue;
      const ends = [chunk.sentenceIds[0]!, chunk.sentenceIds.at(-1)!].map((id) => weight(homes.get(id)!.text));
      expect(Math.min(...ends), chunk.text).toBeLessThan(SECTION_CHUNK_CHARS / 5);
    }
    const sizes = sections.map((c) => weight(c.text)).sort((a, b) => a - b);
    expect(sizes[Math.floor(sizes.length / 2)]).toBeGreaterThan(SECTION_CHUNK_CHARS / 2);
  });

  it('gives captions and the preface their own chunks', () => {
    const captionCases = new Set(sections.filter((c) => c.section === CAPTION_SECTION).map((c) => c.caseNumber));
    expect(captionCases).toEqual(new Set(compilation.cases.filter((d) => d.captions.length > 0).map((d) => d.number)));
    expect(sections.filter((c) => c.caseNumber === 0).map((c) => c.text).join('').replace(/\s/g, '')).toContain('全国共有园区科协1454家');
  });

  it('gives unique ids that are stable across a fresh parse', async () => {
    expect(new Set(sections.map((c) => c.id)).size).toBe(sections.length);
    const again = await parseSources(await seedFiles(path.resolve('seeds')));
    expect(chunkCompilations(again.compilations, 'sections').map((c) => c.id)).toEqual(sections.map((c) => c.id));
    expect(chunkCompilations(again.compilations, 'fixed').map((c) => c.id)).toEqual(fixed.map((c) => c.id));
    const fixedIds = new Set(fixed.map((c) => c.id));
    expect(sections.some((c) => fixedIds.has(c.id))).toBe(false);
  });

  it('refuses the same compilation twice (colliding ids)', () => {
    expect(() => chunkCompilations([compilation, compilation], 'sections')).toThrow(expect.objectContaining({ code: 'INPUT_INVALID' }));
  });

  it('indexes sections chunks with a title/section header and fixed windows bare', () => {
    const chunk = sections.find((c) => c.caseNumber === 4)!;
    expect(indexedText(chunk, 'sections')).toBe(`${chunk.title} · ${chunk.association} · ${chunk.section}\n${chunk.text}`);
    expect(indexedText(fixed[0]!, 'fixed')).toBe(fixed[0]!.text);
  });
});

describe("chunkCompilations 'fixed' (the naive baseline)", () => {
  it('cuts each case text into overlapping windows that never cross cases', () => {
    for (const doc of compilation.cases) {
      const text = caseText(doc);
      const windows = fixed.filter((c) => c.caseNumber === doc.number);
      expect(windows.length).toBeGreaterThan(0);
      let cursor = 0;
      for (const [index, window] of windows.entries()) {
        expect(window).toMatchObject({ section: '', title: doc.title, association: doc.association });
        expect(window.text.length).toBeLessThanOrEqual(FIXED_WINDOW_CHARS);
        expect(text.slice(cursor, cursor + window.text.length)).toBe(window.text);
        if (index < windows.length - 1) expect(window.text.length).toBe(FIXED_WINDOW_CHARS);
        cursor += FIXED_WINDOW_CHARS - FIXED_OVERLAP_CHARS;
      }
      expect(text.endsWith(windows.at(-1)!.text)).toBe(true);
    }
  });

  it('lists exactly the sentences each window overlaps, all from its own case', () => {
    for (const window of fixed) {
      expect(window.sentenceIds.length).toBeGreaterThan(0);
      for (const id of window.sentenceIds) expect(homes.get(id)?.caseNumber).toBe(window.caseNumber);
      // Inner sentences lie wholly inside the window; the first and last overlap its edges.
      for (const id of window.sentenceIds.slice(1, -1)) expect(window.text).toContain(homes.get(id)!.text);
      const first = homes.get(window.sentenceIds[0]!)!.text;
      const last = homes.get(window.sentenceIds.at(-1)!)!.text;
      expect(first.includes(window.text.slice(0, 1)) || window.text.startsWith('\n')).toBe(true);
      expect(last.includes(window.text.slice(-1)) || window.text.endsWith('\n')).toBe(true);
    }
  });
});
