// Shared tokenisation for the text index: jieba search-mode words and Han character n-grams.
import { cutForSearch } from '../extract/segmenter.js';

/**
 * Function words and question words that carry no topic; dropping them keeps BM25 scores and
 * hashed vectors driven by content words (a question's 如何/哪些 must not match every chunk).
 */
const STOPWORDS = new Set([
  '的', '了', '和', '与', '及', '以及', '或', '或者', '在', '是', '为', '对', '等', '并', '将', '把',
  '被', '由', '也', '就', '都', '而', '之', '其', '及其', '个', '这', '那', '这些', '那些', '有',
  '我', '我们', '你', '你们', '他', '他们', '它', '哪', '哪些', '哪个', '什么', '如何', '怎么',
  '怎样', '是否', '吗', '呢', '啊', '吧', '请', '一个', '进行', '通过', '一些', '所', '于', '从',
  '向', '到', '给', '让', '着', '过', '又', '还', '即', '则', '但', '各',
]);

const CONTENT_CHAR = /[\p{Script=Han}\p{L}\p{N}]/u;
const HAN_RUN = /\p{Script=Han}+/gu;

/** Case-folds Latin letters and full-width forms so 'ＴＲＩＺ', 'triz' and 'TRIZ' meet. */
export function foldText(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/** True for a token that should never be indexed (punctuation, spaces, function words). */
export function isStopword(token: string): boolean {
  return STOPWORDS.has(token) || !CONTENT_CHAR.test(token);
}

/** A bigram of two function characters (的了, 和在) says nothing about the topic. */
export function isFunctionBigram(gram: string): boolean {
  const [first, second] = [...gram];
  return STOPWORDS.has(gram) || (first !== undefined && second !== undefined && STOPWORDS.has(first) && STOPWORDS.has(second));
}

/** jieba search-mode words, folded, without punctuation or stopwords (order kept, repeats kept). */
export function searchWords(text: string): string[] {
  const out: string[] = [];
  for (const word of cutForSearch(foldText(text))) {
    const trimmed = word.trim();
    if (trimmed !== '' && !isStopword(trimmed)) out.push(trimmed);
  }
  return out;
}

/** Runs of Han characters: bigrams never bridge punctuation, spaces or Latin text. */
export function hanRuns(text: string): string[] {
  return foldText(text).match(HAN_RUN) ?? [];
}

/** Overlapping character n-grams of one run (code points, so surrogate pairs stay whole). */
export function characterNgrams(run: string, size: number): string[] {
  const chars = [...run];
  const out: string[] = [];
  for (let start = 0; start + size <= chars.length; start += 1) out.push(chars.slice(start, start + size).join(''));
  return out;
}
