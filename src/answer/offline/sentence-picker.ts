// Chooses the sentences an extractive answer quotes: by overlap with the question, preferring
// practice sections and bold list leads, and completing lists (一是 … 二是 … 三是 …).
import type { IndexedSentence, SentenceIndex } from '../../retrieve/sentence-index.js';

const LEAD = /^(?:[一二三四五六七八九十]是|(?:另)?一方面|首先|其次|再次|最后|第[一二三四五六七八九十])/;

/** True for a bold list lead such as `一是发挥上下沟通职能，促进前期靶向定位。` (not an inner list item). */
export function isLead(sentence: IndexedSentence): boolean {
  return sentence.bold && LEAD.test(sentence.text);
}

export interface PickOptions {
  terms: readonly string[];
  /** Phrases that must count heavily when present (quoted names from the question). */
  phrases?: readonly string[];
  /** Extra weight for sentences naming these entities (initiatives, academicians …). */
  entityNames?: readonly string[];
  limit: number;
  /** Keep sentences scoring at least this share of the best one. */
  floor?: number;
}

/** Scores a sentence for a question. */
export function scoreSentence(index: SentenceIndex, sentence: IndexedSentence, options: PickOptions): number {
  // Long sentences match many words by chance; damp them like BM25's length normalisation.
  let score = index.score(sentence, options.terms) / (1 + 0.25 * Math.log2(Math.max(1, sentence.compact.length / 40)));
  for (const phrase of options.phrases ?? []) if (phrase && sentence.compact.includes(phrase.replace(/\s+/g, ''))) score += 6;
  const named = (options.entityNames ?? []).filter((name) => name.length >= 2 && sentence.compact.includes(name)).length;
  score += Math.min(3, named) * 1.5;
  // Quoted names (“院士行”, “三期管理”) are the distinctive practices a reader looks for.
  score += Math.min(2, (sentence.text.match(/“[^”]{2,20}”/g) ?? []).length) * 0.8;
  if (sentence.sectionKind === 'practice') score *= 1.15;
  if (isLead(sentence)) score *= 1.1;
  if (sentence.sectionKind === 'caption') score *= 0.6;
  return score;
}

/** The best sentences among candidates, in descending score, above the floor. */
export function pickSentences(index: SentenceIndex, candidates: readonly IndexedSentence[], options: PickOptions): IndexedSentence[] {
  const scored = candidates
    .map((sentence) => ({ sentence, score: scoreSentence(index, sentence, options) }))
    .filter((entry) => entry.score > 0)
    .sort((a, b) => b.score - a.score || a.sentence.caseNumber - b.sentence.caseNumber || a.sentence.position - b.sentence.position);
  const best = scored[0]?.score ?? 0;
  const floor = best * (options.floor ?? 0.35);
  return scored.filter((entry) => entry.score >= floor).slice(0, options.limit).map((entry) => entry.sentence);
}

/** The bold leads of the list a sentence belongs to (same case and section), in order. */
export function listSiblings(index: SentenceIndex, sentence: IndexedSentence): IndexedSentence[] {
  const sameSection = (index.byCase.get(sentence.caseNumber) ?? []).filter((s) => s.section === sentence.section);
  return sameSection.filter(isLead);
}

/** The sentence right after, when a sentence only introduces what follows (ends with ：). */
export function continuation(index: SentenceIndex, sentence: IndexedSentence): IndexedSentence | null {
  if (!/[：:]$/.test(sentence.text) && [...sentence.compact].length > 14) return null;
  const next = index.byCase.get(sentence.caseNumber)?.[sentence.position + 1];
  return next && next.section === sentence.section ? next : null;
}

/** Reading order inside a case, so quoted sentences read as the book reads. */
export function inReadingOrder(sentences: readonly IndexedSentence[]): IndexedSentence[] {
  const unique = [...new Map(sentences.map((s) => [s.id, s])).values()];
  return unique.sort((a, b) => a.caseNumber - b.caseNumber || a.position - b.position);
}
