// Source ids name each ingested compilation; the default compilation keeps short sentence ids.
import path from 'node:path';
import { shortHash } from '../corpus/stable-id.js';

/** The compilation the case-numbering contract (1..53) refers to. */
export const DEFAULT_SOURCE_FILE = 'park-association-cases-2024.txt';

/** Source id from the file name: readable and stable across machines and re-ingests. */
export function sourceIdFor(file: string, text: string): string {
  const base = path.basename(file).replace(/\.[^.]+$/, '');
  const slug = base.replace(/[^A-Za-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').toLowerCase();
  return slug.length >= 3 ? slug : `src-${shortHash(text)}`;
}
