// Cutting the parsed compilations into retrieval chunks, by section (default) or fixed windows.
import type { CaseDoc, Compilation, Section, Sentence } from '../corpus/types.js';
import { shortHash } from '../corpus/stable-id.js';
import { ParkKgError } from '../errors.js';
import type { Chunk, ChunkingStrategy } from './types.js';

/** Budget of a 'sections' chunk: a few sentences, small enough to cite and to embed sharply. */
export const SECTION_CHUNK_CHARS = 220;
/** Below this a piece is too thin to retrieve on its own (a lead phrase, a closing line). */
const SHORT_PIECE = SECTION_CHUNK_CHARS / 5;
/** The naive baseline's window, as a stock LangChain splitter would be set up. */
export const FIXED_WINDOW_CHARS = 300;
/** Overlap between baseline windows, so a sentence cut at one edge appears whole in the next. */
export const FIXED_OVERLAP_CHARS = 50;

/** Section name of photo-caption chunks: captions are citable but are not running text. */
export const CAPTION_SECTION = '图片说明';
/** Title and section of the preface's chunks (case number 0), which hold the national figures. */
export const PREFACE_TITLE = '前言';

/** What a chunk belongs to, before its sentences are known. */
interface Owner {
  caseNumber: number;
  title: string;
  association: string;
}

/** Chunks of every compilation, in reading order; ids are stable across re-ingests. */
export function chunkCompilations(compilations: readonly Compilation[], strategy: ChunkingStrategy): Chunk[] {
  const chunks: Chunk[] = [];
  for (const compilation of compilations) {
    const preface: Owner = { caseNumber: 0, title: PREFACE_TITLE, association: '' };
    const prefaceSections = compilation.preface.paragraphs.length > 0 ? [compilation.preface] : [];
    if (strategy === 'sections') {
      for (const section of prefaceSections) chunks.push(...packSection(preface, PREFACE_TITLE, section.paragraphs.map((p) => p.sentences)));
      for (const doc of compilation.cases) chunks.push(...sectionChunks(doc));
    } else {
      if (prefaceSections.length > 0) chunks.push(...windowChunks(preface, layout(prefaceSections, [])));
      for (const doc of compilation.cases) chunks.push(...windowChunks(ownerOf(doc), layout(doc.sections, doc.captions)));
    }
  }
  assertUniqueIds(chunks);
  return chunks;
}

/**
 * The text that is indexed for a chunk. 'sections' chunks get a contextual header (case title,
 * association, section) so a chunk about "the activity" still matches the activity's name;
 * the 'fixed' baseline indexes the bare window, as a stock RAG would.
 */
export function indexedText(chunk: Chunk, strategy: ChunkingStrategy): string {
  if (strategy === 'fixed') return chunk.text;
  const header = [chunk.title, chunk.association, chunk.section].filter((part) => part !== '').join(' · ');
  return `${header}\n${chunk.text}`;
}

function ownerOf(doc: CaseDoc): Owner {
  return { caseNumber: doc.number, title: doc.title, association: doc.association };
}

function sectionChunks(doc: CaseDoc): Chunk[] {
  const owner = ownerOf(doc);
  const out: Chunk[] = [];
  for (const section of doc.sections) out.push(...packSection(owner, section.heading, section.paragraphs.map((p) => p.sentences)));
  if (doc.captions.length > 0) out.push(...packSection(owner, CAPTION_SECTION, [doc.captions]));
  return out;
}

/** Length that counts toward the budget: characters other than whitespace. */
function weight(text: string): number {
  let count = 0;
  for (const char of text) if (!/\s/u.test(char)) count += 1;
  return count;
}

/**
 * Greedy packing of consecutive sentences up to the budget. A paragraph break closes a chunk
 * that is already half full, so chunks follow the author's topic breaks. A short piece (a bold
 * lead such as 二是创新引领。 or a closing sentence) is never left alone: it joins its neighbour
 * even if that overshoots the budget a little.
 */
function packSection(owner: Owner, section: string, paragraphs: readonly Sentence[][]): Chunk[] {
  const groups: Sentence[][] = [];
  let current: Sentence[] = [];
  let size = 0;
  const flush = () => {
    if (current.length > 0) groups.push(current);
    current = [];
    size = 0;
  };
  for (const sentences of paragraphs) {
    if (size >= SECTION_CHUNK_CHARS / 2) flush();
    for (const sentence of sentences) {
      const length = weight(sentence.text);
      const fits = size + length <= SECTION_CHUNK_CHARS || (size < SHORT_PIECE && size + length <= SECTION_CHUNK_CHARS * 1.5);
      if (current.length > 0 && !fits) flush();
      current.push(sentence);
      size += length;
    }
  }
  flush();
  const last = groups.at(-1);
  const previous = groups.at(-2);
  if (last && previous && groupWeight(last) < SHORT_PIECE && groupWeight(previous) + groupWeight(last) <= SECTION_CHUNK_CHARS * 1.25) {
    previous.push(...last);
    groups.pop();
  }
  return groups.map((group) => makeChunk(owner, section, group, 'sections', group.map((s) => s.text).join('')));
}

function groupWeight(sentences: readonly Sentence[]): number {
  return sentences.reduce((total, sentence) => total + weight(sentence.text), 0);
}

/** A case's text laid out as caseText() prints it, with each sentence's character span. */
interface Layout {
  text: string;
  spans: { sentence: Sentence; start: number; end: number }[];
}

function layout(sections: readonly Section[], captions: readonly Sentence[]): Layout {
  const lines: Sentence[][] = [];
  for (const section of sections) for (const paragraph of section.paragraphs) lines.push(paragraph.sentences);
  for (const caption of captions) lines.push([caption]);
  let text = '';
  const spans: Layout['spans'] = [];
  for (const [index, line] of lines.entries()) {
    if (index > 0) text += '\n';
    for (const sentence of line) {
      spans.push({ sentence, start: text.length, end: text.length + sentence.text.length });
      text += sentence.text;
    }
  }
  return { text, spans };
}

/** Fixed windows with overlap over the whole text; each window knows the sentences it touches. */
function windowChunks(owner: Owner, { text, spans }: Layout): Chunk[] {
  const out: Chunk[] = [];
  const step = FIXED_WINDOW_CHARS - FIXED_OVERLAP_CHARS;
  for (let start = 0; start < text.length; start += step) {
    const end = Math.min(text.length, start + FIXED_WINDOW_CHARS);
    const touched = spans.filter((span) => span.start < end && span.end > start).map((span) => span.sentence);
    if (touched.length > 0) out.push(makeChunk(owner, '', touched, 'fixed', text.slice(start, end), start));
    if (end === text.length) break;
  }
  return out;
}

function makeChunk(owner: Owner, section: string, sentences: readonly Sentence[], strategy: ChunkingStrategy, text: string, offset?: number): Chunk {
  const sentenceIds = sentences.map((s) => s.id);
  const parts = [strategy, String(owner.caseNumber), ...sentenceIds];
  // Two windows can touch the same sentences (a very long sentence); the offset tells them apart.
  if (offset !== undefined) parts.push(`@${offset}`);
  const prefix = `c${String(owner.caseNumber).padStart(2, '0')}-${strategy === 'sections' ? 's' : 'f'}`;
  return { id: `${prefix}-${shortHash(...parts)}`, ...owner, section, sentenceIds, text };
}

function assertUniqueIds(chunks: readonly Chunk[]): void {
  const seen = new Set<string>();
  for (const chunk of chunks) {
    if (seen.has(chunk.id)) {
      throw new ParkKgError('INPUT_INVALID', `Chunk id ${chunk.id} occurs twice (case ${chunk.caseNumber}); was the same compilation passed twice?`);
    }
    seen.add(chunk.id);
  }
}
