// Reads a compilation file and rejects what cannot be one: missing, empty, not UTF-8 text, or a
// PDF that is encrypted, damaged or has no text layer. PDFs become text in the parser's layout.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { ParkKgError } from '../errors.js';
import { pdfToText } from './pdf-text.js';

/** A source file as read: its bytes (for fingerprints) and its text (for the parser). */
export interface SourceContent {
  bytes: Buffer;
  text: string;
  format: 'text' | 'pdf';
}

/** The raw bytes of a source file, or a ParkKgError naming the file and the problem. */
export async function readSourceBytes(file: string): Promise<Buffer> {
  let info;
  try {
    info = await stat(file);
  } catch {
    throw new ParkKgError('INPUT_NOT_FOUND', `${file}: 文件不存在 (file not found)`);
  }
  if (!info.isFile()) throw new ParkKgError('INPUT_INVALID', `${file}: not a regular file`);
  const bytes = await readFile(file);
  if (bytes.length === 0 || (!isPdfBytes(bytes) && bytes.toString('utf8').trim() === '')) {
    throw new ParkKgError('INPUT_EMPTY', `${file}: 文件为空 (file is empty)`);
  }
  return bytes;
}

/** True when the bytes carry a PDF header (the format allows a little junk before it). */
export function isPdfBytes(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.subarray(0, 1024)).includes('%PDF-');
}

/** Reads a .txt (UTF-8) or .pdf compilation; the format is told by the header, not only the name. */
export async function readSource(file: string): Promise<SourceContent> {
  const bytes = await readSourceBytes(file);
  const namedPdf = path.extname(file).toLowerCase() === '.pdf';
  if (isPdfBytes(bytes)) return { bytes, text: await pdfToText(new Uint8Array(bytes), file), format: 'pdf' };
  if (namedPdf) throw new ParkKgError('INPUT_INVALID', `${file}: 不是 PDF 文件 (not a PDF: no %PDF- header)`);
  try {
    return { bytes, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), format: 'text' };
  } catch {
    throw new ParkKgError('INPUT_NOT_UTF8', `${file}: not UTF-8 text (convert it, e.g. iconv -f GBK -t UTF-8 "${path.basename(file)}")`);
  }
}

/** The decoded text of a source file (PDFs extracted), or a ParkKgError naming the file and the problem. */
export async function readSourceText(file: string): Promise<string> {
  return (await readSource(file)).text;
}
