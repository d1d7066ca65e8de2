// Atomic JSON files with a checksum: write to a temp file, fsync, rename; verify on read.
import { createHash } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { ParkKgError } from '../errors.js';

interface Envelope<T> {
  format: number;
  checksum: string;
  payload: T;
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Writes `payload` so readers see the old file or the new one, never half of one. */
export async function writeJsonAtomic(file: string, payload: unknown, format = 1): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const body = JSON.stringify(payload);
  const text = `{"format":${format},"checksum":"${digest(body)}","payload":${body}}\n`;
  const temp = `${file}.tmp-${process.pid}-${Date.now()}`;
  const handle = await open(temp, 'w');
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** Reads a file written by writeJsonAtomic; null when absent, STORE_CORRUPT when damaged. */
export async function readJsonVerified<T>(file: string, format = 1): Promise<T | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const corrupt = (why: string) =>
    new ParkKgError('STORE_CORRUPT', `${file} is damaged (${why}); run \`npx park-kg ingest\` to rebuild it`);
  let envelope: Envelope<T>;
  try {
    envelope = JSON.parse(text) as Envelope<T>;
  } catch {
    throw corrupt('not valid JSON, possibly truncated');
  }
  if (envelope.format !== format) throw corrupt(`format ${String(envelope.format)}, expected ${format}`);
  if (digest(JSON.stringify(envelope.payload)) !== envelope.checksum) throw corrupt('checksum mismatch');
  return envelope.payload;
}
