// Source ids name each ingested compilation; the default compilation keeps short sentence ids.
import path from 'node:path';
import { shortHash } from '../corpus/stable-id.js';

/** The compilation the case-numbering contract (1..53) refers to. */
export const DEFAULT_SOURCE_FILE = 'park-association-cases-2024.txt';

/** True for the default compilation, wherever it lies: it is numbered first and keeps bare ids. */
export function isDefaultSource(file: string): boolean {
  return path.basename(file) === DEFAULT_SOURCE_FILE;
}

/**
 * Source id from the file name (without extension), so it is stable across machines, re-ingests
 * and edits of the file. Names with characters a slug cannot keep (Chinese file names) get a
 * digest of the name, so 汇编2025.pdf and 选编2025.pdf stay apart.
 */
export function sourceIdFor(file: string): string {
  const base = path.basename(file).replace(/\.[^.]+$/, '');
  const slug = base.replace(/[^A-Za-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').toLowerCase();
  const lossless = /^[A-Za-z0-9._ -]*$/.test(base);
  if (slug.length >= 3 && lossless) return slug;
  const digest = shortHash(base.normalize('NFC').toLowerCase()).slice(0, 8);
  return slug.length > 0 ? `${slug}-${digest}` : `src-${digest}`;
}
