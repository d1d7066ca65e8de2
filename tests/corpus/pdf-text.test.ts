// PDF text extraction without a browser: line layout from hand-made PDFs, CJK variant folding,
// and one clear error for every PDF that cannot be a compilation.
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { foldCjkVariants, pdfToText } from '../../src/corpus/pdf-text.js';
import { readSource } from '../../src/corpus/read-source.js';
import { ParkKgError } from '../../src/errors.js';
import { BAD_PDFS, minimalPdf } from '../pipeline/synthetic-compilation.js';

/** A one-page PDF drawing each [x, y, text] with Helvetica 12 pt. */
function textPdf(runs: ReadonlyArray<readonly [number, number, string]>): Buffer {
  const content = runs.map(([x, y, text]) => `BT /F1 12 Tf 1 0 0 1 ${x} ${y} Tm (${text}) Tj ET`).join('\n');
  return minimalPdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
  ]);
}

async function errorOf(promise: Promise<unknown>): Promise<ParkKgError> {
  const error = await promise.then(() => null, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(ParkKgError);
  return error as ParkKgError;
}

describe('pdfToText', () => {
  it('joins runs on one baseline, keeps hard-wrapped lines and marks block starts with a leading space', async () => {
    const text = await pdfToText(
      new Uint8Array(
        textPdf([
          [72, 700, 'Title line'],
          [72, 680, 'Body one'],
          [150, 680, 'continues'],
          [72, 666, 'Body two'],
          [72, 652, 'Body three'],
          [72, 610, 'After a gap'],
          [72, 596, 'Next line'],
          [290, 30, '12'],
        ]),
      ),
      'layout.pdf',
    );
    expect(text).toBe(' Title line\nBody one continues\nBody two\nBody three\n After a gap\nNext line\n');
  });

  it('folds radicals and compatibility ideographs that CJK fonts report, leaving punctuation alone', () => {
    expect(foldCjkVariants('⼯作背景：湖南⻘山，⾼新区')).toBe('工作背景：湖南青山，高新区');
    expect(foldCjkVariants('全角，。“”（）')).toBe('全角，。“”（）');
  });

  it.each([
    ['an image-only PDF', BAD_PDFS.imageOnly, 'INPUT_NO_CASES', /no text layer/],
    ['an encrypted PDF', BAD_PDFS.encrypted, 'INPUT_INVALID', /encrypted/],
    ['a damaged PDF', BAD_PDFS.corrupt, 'INPUT_INVALID', /corrupt/],
    ['a truncated PDF', () => textPdf([[72, 700, 'x']]).subarray(0, 80), 'INPUT_INVALID', /unreadable|corrupt/],
  ])('rejects %s with one ParkKgError naming the file', async (_name, make, code, message) => {
    const error = await errorOf(pdfToText(new Uint8Array(make()), 'input.pdf'));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
    expect(error.message.startsWith('input.pdf: ')).toBe(true);
  });
});

describe('readSource', () => {
  const write = async (name: string, content: Buffer | string) => {
    const file = path.join(await mkdtemp(path.join(os.tmpdir(), 'park-kg-source-')), name);
    await writeFile(file, content);
    return file;
  };

  it('tells PDFs by their header, whatever the name', async () => {
    const source = await readSource(await write('export.txt', textPdf([[72, 700, 'Hello PDF']])));
    expect(source.format).toBe('pdf');
    expect(source.text).toBe(' Hello PDF\n');
  });

  it('rejects an empty .pdf and a .pdf that is not one', async () => {
    expect((await errorOf(readSource(await write('empty.pdf', '')))).code).toBe('INPUT_EMPTY');
    const notPdf = await errorOf(readSource(await write('notes.pdf', '这只是文字。\n')));
    expect(notPdf.code).toBe('INPUT_INVALID');
    expect(notPdf.message).toMatch(/not a PDF/);
  });

  it('still reads UTF-8 text and rejects other encodings', async () => {
    expect((await readSource(await write('cases.txt', '案例\n'))).text).toBe('案例\n');
    expect((await errorOf(readSource(await write('gbk.txt', Buffer.from([0xb0, 0xa1, 0xff]))))).code).toBe('INPUT_NOT_UTF8');
  });
});
