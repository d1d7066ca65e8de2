// PDF → the plain-text layout the compilation parser reads: one printed line per line, a leading
// space where a text block (page, column, paragraph after a gap) starts, blank lines between pages.
import { createRequire } from 'node:module';
import path from 'node:path';
import { ParkKgError } from '../errors.js';

/** One positioned run of text as pdf.js reports it (PDF user space: y grows upwards). */
interface TextRun {
  text: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A printed line: runs sharing a baseline, in reading order. */
interface PrintedLine {
  text: string;
  y: number;
  height: number;
}

// A gap wider than this share of the font size between two runs is printed as a space.
const SPACE_GAP = 0.3;
// A line starts a new block when the gap above it exceeds this many typical line pitches.
const BLOCK_GAP = 1.6;
const PAGE_NUMBER = /^(?:[-–—\s]*\d{1,4}[-–—\s]*|第\s*\d{1,4}\s*页(?:\s*[，,]?\s*共\s*\d{1,4}\s*页)?)$/;

// Folders of the predefined Adobe CMaps and standard fonts shipped with pdfjs-dist: CJK PDFs
// whose fonts are not embedded (UniGB-UCS2-H …) need the CMaps to map glyphs back to text.
const PDFJS_DIR = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
const asset = (folder: string) => `${path.join(PDFJS_DIR, folder)}${path.sep}`;

// CJK Radicals Supplement → the unified ideograph drawn with the same glyph (pairs of characters).
// Unicode gives these no decomposition; the pairs were read off the cmap of Noto Sans CJK, whose
// shared glyphs are exactly why a PDF's ToUnicode map can say ⻘ where the page shows 青.
const RADICAL_PAIRS =
  '⺂乛⺃乚⺅亻⺇𠘨⺉刂⺋㔾⺍𭕄⺎兀⺏尣⺐尢⺒巳⺓幺⺔彑⺕彐⺖忄⺘扌⺙攵⺛旡⺞歺⺟母⺠民⺡氵⺣灬⺤爫⺦丬⺨犭⺩𤣩⺫罒⺭礻⺮𥫗⺯糹⺰纟⺱罓⺲罒⺳㓁' +
  '⺹耂⺺肀⺽𦥑⺾艹⺿艹⻂衤⻃覀⻄西⻅见⻆角⻇𧢲⻈讠⻉贝⻊𧾷⻋车⻌辶⻍辶⻎辶⻐钅⻑長⻒镸⻓长⻔门⻕𨸏⻖阝⻘青⻙韦⻚页⻛风⻜飞⻝食⻞𩙿⻟飠⻠饣⻡𩠐' +
  '⻢马⻣骨⻤鬼⻥鱼⻦鸟⻧卤⻨麦⻩黄⻪黾⻫斉⻬齐⻭歯⻮齿⻯竜⻰龙⻱龜⻲亀⻳龟';
const RADICALS = new Map<string, string>();
for (let chars = [...RADICAL_PAIRS], index = 0; index + 1 < chars.length; index += 2) RADICALS.set(chars[index]!, chars[index + 1]!);

/**
 * Many CJK fonts map glyphs to radicals (⼯ U+2F2F, ⻘ U+2ED8) or compatibility ideographs instead
 * of the unified ideographs (工, 青); those fold to the characters the text means. Only these
 * blocks change, so full-width punctuation stays as printed.
 */
export function foldCjkVariants(text: string): string {
  return text.replace(/[\u2E80-\u2EFF\u2F00-\u2FDF\uF900-\uFAFF]|[\u{2F800}-\u{2FA1F}]/gu, (char) => RADICALS.get(char) ?? char.normalize('NFKC'));
}

/** Extracts the text of a PDF; throws INPUT_INVALID for encrypted or damaged files, INPUT_NO_CASES without text. */
export async function pdfToText(data: Uint8Array, file: string): Promise<string> {
  // Loaded on first use: pdf.js takes a few hundred ms to import, and most commands read no PDF.
  const { getDocument, VerbosityLevel } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const task = getDocument({
    data,
    useSystemFonts: false,
    isEvalSupported: false,
    cMapUrl: asset('cmaps'),
    cMapPacked: true,
    standardFontDataUrl: asset('standard_fonts'),
    wasmUrl: asset('wasm'),
    verbosity: VerbosityLevel.ERRORS,
  });
  try {
    const document = await task.promise.catch((error: unknown) => {
      throw openError(error, file);
    });
    const pages: PrintedLine[][] = [];
    for (let number = 1; number <= document.numPages; number++) {
      const page = await document.getPage(number);
      const content = await page.getTextContent();
      const runs: TextRun[] = [];
      for (const item of content.items) {
        if (!('str' in item) || item.str === '') continue;
        const [, , , scaleY = 0, x = 0, y = 0] = item.transform as number[];
        runs.push({ text: foldCjkVariants(item.str), x, y, width: item.width, height: item.height || Math.abs(scaleY) });
      }
      pages.push(dropPageNumbers(groupLines(runs)));
      page.cleanup();
    }
    const text = layoutText(pages);
    if (text.replace(/\s/g, '') === '') {
      throw new ParkKgError('INPUT_NO_CASES', `${file}: PDF 没有文字层 (no text layer: an image-only or scanned PDF; run OCR first, e.g. ocrmypdf)`);
    }
    return text;
  } catch (error) {
    if (error instanceof ParkKgError) throw error;
    throw new ParkKgError('INPUT_INVALID', `${file}: 无法读取的 PDF (unreadable PDF: ${error instanceof Error ? error.message : String(error)})`, { cause: error });
  } finally {
    await task.destroy();
  }
}

function openError(error: unknown, file: string): ParkKgError {
  const name = error instanceof Error ? error.name : '';
  if (name === 'PasswordException') {
    return new ParkKgError('INPUT_INVALID', `${file}: PDF 已加密 (encrypted PDF; remove the password first, e.g. qpdf --decrypt in.pdf out.pdf)`, { cause: error });
  }
  const why = error instanceof Error ? error.message : String(error);
  return new ParkKgError('INPUT_INVALID', `${file}: 无法读取的 PDF (corrupt or not a PDF: ${why})`, { cause: error });
}

/**
 * Groups runs into lines in content order: a run whose baseline is within half a line height of
 * the current line joins it. Content order keeps columns apart (a column is drawn before the next).
 */
function groupLines(runs: readonly TextRun[]): PrintedLine[] {
  const groups: TextRun[][] = [];
  for (const run of runs) {
    const current = groups[groups.length - 1];
    const anchor = current?.[0];
    if (current && anchor && Math.abs(anchor.y - run.y) <= Math.max(anchor.height, run.height, 1) * 0.5) current.push(run);
    else groups.push([run]);
  }
  return groups
    .map((group) => {
      const sorted = [...group].sort((a, b) => a.x - b.x);
      let text = '';
      let end: number | null = null;
      for (const run of sorted) {
        const gap = end === null ? 0 : run.x - end;
        if (end !== null && gap > SPACE_GAP * Math.max(run.height, 1) && !/\s$/.test(text) && !/^\s/.test(run.text)) text += ' ';
        text += run.text;
        end = run.x + run.width;
      }
      return { text: text.replace(/\s+/g, ' ').trim(), y: sorted[0]!.y, height: Math.max(...group.map((run) => run.height)) };
    })
    .filter((line) => line.text !== '');
}

/** Bare page numbers (`12`, `- 12 -`, `第 12 页`) at the top or bottom of a page are furniture. */
function dropPageNumbers(lines: PrintedLine[]): PrintedLine[] {
  const out = [...lines];
  if (out.length > 0 && PAGE_NUMBER.test(out[out.length - 1]!.text)) out.pop();
  if (out.length > 0 && PAGE_NUMBER.test(out[0]!.text)) out.shift();
  return out;
}

/** The most common distance between consecutive baselines: the body's line pitch. */
function typicalPitch(pages: readonly PrintedLine[][]): number {
  const counts = new Map<number, number>();
  for (const lines of pages) {
    for (let index = 1; index < lines.length; index++) {
      const pitch = Math.round((lines[index - 1]!.y - lines[index]!.y) * 2) / 2;
      if (pitch > 0) counts.set(pitch, (counts.get(pitch) ?? 0) + 1);
    }
  }
  let best = 0;
  let bestCount = 0;
  for (const [pitch, count] of counts) {
    if (count > bestCount || (count === bestCount && pitch < best)) [best, bestCount] = [pitch, count];
  }
  return best;
}

/** Renders pages as text; block starts (page top, new column, gap above) get a leading space. */
function layoutText(pages: readonly PrintedLine[][]): string {
  const pitch = typicalPitch(pages);
  const rendered = pages.map((lines) =>
    lines
      .map((line, index) => {
        const previous = lines[index - 1];
        const gap = previous ? previous.y - line.y : Number.POSITIVE_INFINITY;
        const blockStart = !previous || gap < 0 || (pitch > 0 && gap > BLOCK_GAP * Math.max(pitch, line.height));
        return blockStart ? ` ${line.text}` : line.text;
      })
      .join('\n'),
  );
  return `${rendered.filter((page) => page !== '').join('\n\n')}\n`;
}
