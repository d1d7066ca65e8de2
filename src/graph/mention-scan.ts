// Finds every sentence that names a node, so a node's `cases` lists each case whose text
// mentions it, not only the cases the extractor happened to read it in.
import { caseSentences, type CaseDoc } from '../corpus/types.js';
import type { Evidence } from './graph-types.js';

const PERSON_TITLE = '(院士|教授|研究员|博士|专家|团队|总工程师|高级工程师)';

/** A sentence with its compact (space-free) form precomputed for substring tests. */
interface IndexedSentence {
  id: string;
  text: string;
  compact: string;
}

interface CaseEntry {
  number: number;
  compact: string;
  sentences: IndexedSentence[];
}

/**
 * Per-case sentence index built once per ingest. A scan over all cases looks up the cases that
 * hold the rarest two-character piece of each form (an inverted index built on first use) and
 * tests only those, so building the graph does not test every node against every case.
 */
export class MentionScanner {
  private readonly byCase = new Map<number, CaseEntry>();
  private readonly entries: CaseEntry[] = [];
  /** Bigram → positions in `entries` (ascending) of the cases whose text holds it. */
  private bigramCases: Map<string, number[]> | null = null;

  constructor(cases: readonly CaseDoc[]) {
    for (const doc of cases) {
      const sentences = caseSentences(doc).map((sentence) => ({ ...sentence, compact: compactText(sentence.text) }));
      const entry = { number: doc.number, compact: sentences.map((s) => s.compact).join('\n'), sentences };
      if (!this.byCase.has(doc.number)) this.entries.push(entry);
      else this.entries[this.entries.findIndex((other) => other.number === doc.number)] = entry;
      this.byCase.set(doc.number, entry);
    }
  }

  /** Evidence sentences in `caseNumbers` (all cases when omitted) that contain one of `forms`. */
  scan(
    forms: readonly string[],
    options: { person?: boolean; caseNumbers?: readonly number[]; longerNames?: readonly string[] } = {},
  ): Evidence[] {
    const compactForms = [...new Set(forms.map(compactText).filter((form) => form.length >= 2))];
    if (compactForms.length === 0) return [];
    const patterns = options.person ? compactForms.map((form) => personPattern(form)) : null;
    const longerNames = options.longerNames ?? [];
    const out: Evidence[] = [];
    const entries = options.caseNumbers
      ? options.caseNumbers.map((number) => this.byCase.get(number)).filter((entry): entry is CaseEntry => !!entry && compactForms.some((form) => entry.compact.includes(form)))
      : this.casesContaining(compactForms);
    const hits = (text: string) => (patterns ? patterns.some((pattern) => pattern.test(text)) : compactForms.some((form) => text.includes(form)));
    // Masking only removes names, so a sentence that misses unmasked misses masked too (unless a
    // masked name held the 。/； a person pattern stops at, or a form held the mask character).
    const precheck = !compactForms.some((form) => form.includes('\u0000')) && !(patterns && longerNames.some((name) => /[。；]/.test(name)));
    for (const entry of entries) {
      for (const sentence of entry.sentences) {
        if (precheck && !hits(sentence.compact)) continue;
        if (hits(mask(sentence.compact, longerNames))) out.push({ case: entry.number, sentence: sentence.id, text: sentence.text });
      }
    }
    return out;
  }

  /** Cases (in document order) whose text contains at least one of the forms (each ≥ 2 characters). */
  private casesContaining(forms: readonly string[]): CaseEntry[] {
    const index = this.bigramIndex();
    const positions = new Set<number>();
    for (const form of forms) {
      let rarest: number[] | undefined;
      for (let at = 0; at + 2 <= form.length; at++) {
        const list = index.get(form.slice(at, at + 2));
        if (!list) {
          rarest = [];
          break;
        }
        if (!rarest || list.length < rarest.length) rarest = list;
      }
      for (const position of rarest ?? []) if (!positions.has(position) && this.entries[position]!.compact.includes(form)) positions.add(position);
    }
    return [...positions].sort((a, b) => a - b).map((position) => this.entries[position]!);
  }

  private bigramIndex(): Map<string, number[]> {
    if (this.bigramCases) return this.bigramCases;
    const index = new Map<string, number[]>();
    this.entries.forEach((entry, position) => {
      const text = entry.compact;
      for (let at = 0; at + 2 <= text.length; at++) {
        const bigram = text.slice(at, at + 2);
        const list = index.get(bigram);
        if (!list) index.set(bigram, [position]);
        else if (list[list.length - 1] !== position) list.push(position);
      }
    });
    this.bigramCases = index;
    return index;
  }
}

/** Which strings of a fixed list contain a given text, found through their two-character pieces. */
export class SubstringIndex {
  private readonly bigrams = new Map<string, number[]>();

  constructor(readonly forms: readonly string[]) {
    forms.forEach((form, position) => {
      for (let at = 0; at + 2 <= form.length; at++) {
        const bigram = form.slice(at, at + 2);
        const list = this.bigrams.get(bigram);
        if (!list) this.bigrams.set(bigram, [position]);
        else if (list[list.length - 1] !== position) list.push(position);
      }
    });
  }

  /** Positions (ascending) of the forms that contain `text`. */
  containing(text: string): number[] {
    if (text.length < 2) return this.forms.flatMap((form, position) => (form.includes(text) ? [position] : []));
    let rarest: number[] | undefined;
    for (let at = 0; at + 2 <= text.length; at++) {
      const list = this.bigrams.get(text.slice(at, at + 2));
      if (!list) return [];
      if (!rarest || list.length < rarest.length) rarest = list;
    }
    return rarest!.filter((position) => this.forms[position]!.includes(text));
  }
}

/** Blanks out longer names of the same kind, so 专家工作站 inside 院士专家工作站 is no mention. */
function mask(text: string, longerNames: readonly string[]): string {
  let out = text;
  for (const name of longerNames) if (out.includes(name)) out = out.split(name).join('\u0000');
  return out;
}

/** A person's bare name counts only next to a title: 孙安院士, 院士孙安, 王为教授团队. */
function personPattern(name: string): RegExp {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`${escaped}${PERSON_TITLE}|${PERSON_TITLE}${escaped}|(、${escaped}|${escaped}、)[^。；]*院士`);
}

/** Text without any whitespace: the PDF puts spaces inside numbers and Latin names. */
export function compactText(text: string): string {
  return text.replace(/\s+/g, '');
}
