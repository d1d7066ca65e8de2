// zod helpers for HTTP input: query strings, route params and JSON bodies become typed values or
// a 400 INPUT_INVALID that names the field.
import { z } from 'zod';
import { ParkKgError } from '../errors.js';
import { NODE_LABELS, type NodeLabel } from '../graph/graph-types.js';
import { describeZodError } from './error-handler.js';

/** Parses or throws INPUT_INVALID; the error handler maps it to 400. */
export function parseInput<Schema extends z.ZodType>(schema: Schema, value: unknown): z.infer<Schema> {
  const result = schema.safeParse(value);
  if (!result.success) throw new ParkKgError('INPUT_INVALID', describeZodError(result.error));
  return result.data;
}

/** One query value: a repeated parameter (`?q=a&q=b`) is rejected rather than silently picked. */
const single = z.string({ error: 'must be given once, as text' });

/** Required trimmed text of bounded length. */
export function requiredText(max: number) {
  return single.trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
}

/** Optional trimmed text; an empty value counts as absent. */
export function optionalText(max: number) {
  return z.preprocess((value) => (value === '' ? undefined : value), requiredText(max).optional());
}

/** A decimal integer in a range, as it arrives in a query string or path ("1e3", "0x10" are refused). */
export function integerText(min: number, max: number) {
  return single
    .regex(/^[0-9]{1,15}$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));
}

/** An optional integer with a default, for `limit` style parameters. */
export function integerWithDefault(min: number, max: number, fallback: number) {
  return integerText(min, max)
    .optional()
    .transform((value) => value ?? fallback);
}

const LABEL_SET: ReadonlySet<string> = new Set(NODE_LABELS);

/** Node labels given as `?type=A&type=B` or `?type=A,B`; each must be a known label. */
export const labelList = z
  .union([z.string(), z.array(z.string()).max(NODE_LABELS.length * 2)], { error: 'must be node labels' })
  .optional()
  .transform((value, context) => {
    if (value === undefined) return undefined;
    const names = (Array.isArray(value) ? value : [value])
      .flatMap((part) => part.split(','))
      .map((part) => part.trim())
      .filter((part) => part !== '');
    const unknown = names.filter((name) => !LABEL_SET.has(name));
    if (unknown.length > 0) {
      context.addIssue({ code: 'custom', message: `unknown label ${unknown[0]!.slice(0, 40)}; expected one of ${NODE_LABELS.join(', ')}` });
      return z.NEVER;
    }
    return names.length > 0 ? [...new Set(names)] as NodeLabel[] : undefined;
  });

/** One node label; the set is closed so labels never reach Cypher from user text. */
export const nodeLabel = z.enum(NODE_LABELS, { error: `must be one of ${NODE_LABELS.join(', ')}` });
