// Stable ids: derived from content, so the same text gets the same id on every ingest.
import { createHash } from 'node:crypto';

/** Short hex digest of the given parts, used for sentence and source ids. */
export function shortHash(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 10);
}

/** Id for a sentence: case number plus a digest of its text and repeat count within the case. */
export function sentenceId(sourcePrefix: string, caseNumber: number, text: string, occurrence: number): string {
  const base = `${sourcePrefix}c${String(caseNumber).padStart(2, '0')}`;
  return `${base}-${shortHash(text, String(occurrence))}`;
}
