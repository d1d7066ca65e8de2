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

/** Per-case sentence index built once per ingest. */
export class MentionScanner {
  private readonly byCase = new Map<number, { compact: string; sentences: IndexedSentence[] }>();

  constructor(cases: readonly CaseDoc[]) {
    for (const doc of cases) {
      const sentences = caseSentences(doc).map((sentence) => ({ ...sentence, compact: compactText(sentence.text) }));
      this.byCase.set(doc.number, { compact: sentences.map((s) => s.compact).join('\n'), sentences });
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
    const out: Evidence[] = [];
    const numbers = options.caseNumbers ?? [...this.byCase.keys()];
    for (const number of numbers) {
      const entry = this.byCase.get(number);
      if (!entry || !compactForms.some((form) => entry.compact.includes(form))) continue;
      for (const sentence of entry.sentences) {
        const text = mask(sentence.compact, options.longerNames ?? []);
        const hit = patterns ? patterns.some((pattern) => pattern.test(text)) : compactForms.some((form) => text.includes(form));
        if (hit) out.push({ case: number, sentence: sentence.id, text: sentence.text });
      }
    }
    return out;
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
