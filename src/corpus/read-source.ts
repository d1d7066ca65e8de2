// Reads a compilation file and rejects what cannot be one: missing, empty, not UTF-8 text.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { ParkKgError } from '../errors.js';

/** The decoded text of a source file, or a ParkKgError naming the file and the problem. */
export async function readSourceText(file: string): Promise<string> {
  let info;
  try {
    info = await stat(file);
  } catch {
    throw new ParkKgError('INPUT_NOT_FOUND', `${file}: 文件不存在 (file not found)`);
  }
  if (!info.isFile()) throw new ParkKgError('INPUT_INVALID', `${file}: not a regular file`);
  const bytes = await readFile(file);
  if (bytes.length === 0 || bytes.toString('utf8').trim() === '') {
    throw new ParkKgError('INPUT_EMPTY', `${file}: 文件为空 (file is empty)`);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ParkKgError('INPUT_NOT_UTF8', `${file}: not UTF-8 text (convert it, e.g. iconv -f GBK -t UTF-8 "${path.basename(file)}")`);
  }
}
