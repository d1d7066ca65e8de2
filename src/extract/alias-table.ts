// The curated alias table in seeds/aliases.json: abbreviation → canonical name, per label.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { ParkKgError } from '../errors.js';
import { NODE_LABELS, type NodeLabel } from '../graph/graph-types.js';

const schema = z.object({
  about: z.string().optional(),
  entities: z.array(
    z.object({
      label: z.enum(NODE_LABELS),
      name: z.string().min(1),
      aliases: z.array(z.string().min(1)),
    }),
  ),
});

/** Lookup from (label, printed form without spaces) to the canonical name. */
export class AliasTable {
  private readonly canonical = new Map<string, string>();
  private readonly aliasesOf = new Map<string, string[]>();

  constructor(entries: ReadonlyArray<{ label: NodeLabel; name: string; aliases: string[] }> = []) {
    for (const entry of entries) {
      this.aliasesOf.set(key(entry.label, entry.name), entry.aliases);
      for (const form of [entry.name, ...entry.aliases]) this.canonical.set(key(entry.label, form), entry.name);
    }
  }

  /** Canonical name for a printed form, or the form itself (spaces removed) when unknown. */
  resolve(label: NodeLabel, form: string): string {
    return this.canonical.get(key(label, form)) ?? compact(form);
  }

  /** Curated aliases of a canonical name. */
  aliases(label: NodeLabel, name: string): string[] {
    return this.aliasesOf.get(key(label, name)) ?? [];
  }
}

function key(label: NodeLabel, form: string): string {
  return `${label}\u0000${compact(form)}`;
}

function compact(form: string): string {
  return form.replace(/\s+/g, '');
}

/** Reads and validates the alias table; a malformed file is a clear INPUT_INVALID error. */
export async function loadAliasTable(file: string): Promise<AliasTable> {
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch {
    return new AliasTable();
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    throw new ParkKgError('INPUT_INVALID', `${file}: not valid JSON (${(error as Error).message})`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const where = parsed.error.issues.map((issue) => issue.path.join('.')).join(', ');
    throw new ParkKgError('INPUT_INVALID', `${file}: unexpected shape at ${where}`);
  }
  return new AliasTable(parsed.data.entities);
}
