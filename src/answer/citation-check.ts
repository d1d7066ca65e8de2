// The last gate before an answer leaves the service: every `[n]` in the answer must resolve to a
// citation whose quote is an exact substring of the text it came from (GUIDE §4).
import type { Citation } from './types.js';

/** A retrieved passage as numbered for the writer; `citation.quote` is an exact substring of `text`. */
export interface NumberedSource {
  n: number;
  citation: Citation;
  text: string;
}

/** The checked answer: markers renumbered 1..k in order of first use, `[k]` ↔ `citations[k-1]`. */
export interface CitationCheckResult {
  answer: string;
  citations: Citation[];
  /** The source number the writer used for each citation: `sourceNumbers[k-1]` became `[k]`. */
  sourceNumbers: number[];
  /** Chinese notes for the user about markers that were removed. */
  notes: string[];
}

// A marker candidate: an ASCII or full-width bracket pair around a short body on one line.
const MAX_BODY = 24;
const MARKER = new RegExp(`[[【]([^[\\]【】\\n]{1,${MAX_BODY}})[\\]】]`, 'g');
const OPENERS = new Set(['[', '【']);
const CLOSERS = /[\]】\n]/;
const MAX_RANGE = 20;

type ParsedBody = { kind: 'text' } | { kind: 'malformed' } | { kind: 'numbers'; numbers: number[] };

function toAsciiDigits(text: string): string {
  return text.replace(/[０-９]/g, (digit) => String.fromCharCode(digit.charCodeAt(0) - 0xfee0));
}

/** `1`, `1,2`, `1、2`, `1-3`, `^1`, `来源1` are markers; bodies not starting with a digit are plain text. */
function parseBody(body: string): ParsedBody {
  const core = toAsciiDigits(body)
    .trim()
    .replace(/^\^\s*/, '')
    .replace(/^(?:来源|资料|source)\s*[:：]?\s*/i, '');
  if (!/^\d/.test(core)) return { kind: 'text' };
  const parts = core
    .replace(/\s*[-–—~～]\s*/g, '-')
    .split(/[\s,，、;；]+/)
    .filter((part) => part !== '');
  const numbers: number[] = [];
  for (const part of parts) {
    const match = /^(\d{1,4})(?:-(\d{1,4}))?$/.exec(part);
    if (match === null) return { kind: 'malformed' };
    const from = Number(match[1]);
    const to = match[2] === undefined ? from : Number(match[2]);
    if (to < from || to - from > MAX_RANGE) return { kind: 'malformed' };
    for (let n = from; n <= to; n += 1) numbers.push(n);
  }
  return { kind: 'numbers', numbers };
}

/** Where a streamed text must be held back: an opening bracket whose marker may still complete. */
function holdBackIndex(text: string): number {
  for (let index = text.length - 1; index >= 0 && text.length - index <= MAX_BODY + 1; index -= 1) {
    const char = text.charAt(index);
    if (CLOSERS.test(char)) return text.length;
    if (OPENERS.has(char)) return index;
  }
  return text.length;
}

function pushUnique<T>(list: T[], value: T): void {
  if (!list.includes(value)) list.push(value);
}

function listMarkers(numbers: readonly number[]): string {
  return numbers.map((n) => `[${n}]`).join('、');
}

/**
 * Incremental citation check, so streamed tokens already carry the final numbering: feed the
 * answer with `push`, then `end`; the concatenated outputs equal `checkCitations(answer).answer`.
 */
export class CitationRewriter {
  private readonly usable = new Map<number, NumberedSource>();
  private readonly unverifiable = new Set<number>();
  private readonly assigned = new Map<number, number>();
  private readonly sourceNumbers: number[] = [];
  private readonly unknown: number[] = [];
  private readonly unverified: number[] = [];
  private readonly malformed: string[] = [];
  private carry = '';

  constructor(sources: readonly NumberedSource[]) {
    for (const source of sources) {
      if (this.usable.has(source.n) || this.unverifiable.has(source.n)) continue;
      const quote = source.citation.quote;
      if (quote !== '' && source.text.includes(quote)) this.usable.set(source.n, source);
      else this.unverifiable.add(source.n);
    }
  }

  /** Returns the part of the text seen so far that can no longer change. */
  push(text: string): string {
    const pending = this.carry + text;
    const cut = holdBackIndex(pending);
    this.carry = pending.slice(cut);
    return this.rewrite(pending.slice(0, cut));
  }

  /** Returns whatever was held back; call once, after the last `push`. */
  end(): string {
    const rest = this.carry;
    this.carry = '';
    return this.rewrite(rest);
  }

  /** Citations and notes for everything pushed so far; `answer` is the concatenated output. */
  result(answer: string): CitationCheckResult {
    const citations = this.sourceNumbers.map((n) => {
      const source = this.usable.get(n);
      if (source === undefined) throw new Error(`citation check lost source ${n}`);
      return source.citation;
    });
    const notes: string[] = [];
    if (this.unknown.length > 0) notes.push(`已移除未在检索结果中的引用 ${listMarkers(this.unknown)}`);
    if (this.unverified.length > 0) notes.push(`已移除原文无法核对的引用 ${listMarkers(this.unverified)}`);
    if (this.malformed.length > 0) notes.push(`已移除格式不正确的引用标记 ${this.malformed.join('、')}`);
    return { answer, citations, sourceNumbers: [...this.sourceNumbers], notes };
  }

  private rewrite(text: string): string {
    return text.replace(MARKER, (marker: string, body: string) => {
      const parsed = parseBody(body);
      if (parsed.kind === 'text') return marker;
      if (parsed.kind === 'malformed') {
        pushUnique(this.malformed, marker);
        return '';
      }
      const kept: number[] = [];
      for (const n of parsed.numbers) {
        const k = this.numberFor(n);
        if (k !== undefined) pushUnique(kept, k);
      }
      return kept.map((k) => `[${k}]`).join('');
    });
  }

  private numberFor(n: number): number | undefined {
    if (!this.usable.has(n)) {
      pushUnique(this.unverifiable.has(n) ? this.unverified : this.unknown, n);
      return undefined;
    }
    let k = this.assigned.get(n);
    if (k === undefined) {
      this.sourceNumbers.push(n);
      k = this.sourceNumbers.length;
      this.assigned.set(n, k);
    }
    return k;
  }
}

/**
 * Checks a finished answer against the sources it was written from: renumbers `[n]`, `[1,2]`,
 * `[1][2]`, `【1】` markers to `[1]..[k]` in order of first use, drops markers for sources that were
 * never given (or whose quote cannot be found in their text) and malformed ones, and says so in
 * `notes`. Pure: the same input always gives the same output.
 */
export function checkCitations(answer: string, sources: readonly NumberedSource[]): CitationCheckResult {
  const rewriter = new CitationRewriter(sources);
  const text = rewriter.push(answer) + rewriter.end();
  return rewriter.result(text);
}
