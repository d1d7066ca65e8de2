// What a question asks for, in words: content terms, quoted phrases, years, attribute nouns.
import { cutForSearch } from '../extract/segmenter.js';

// Question scaffolding and function words carry no content (general Chinese, not book terms).
const STOP = new Set(
  ('的 了 和 与 及 或 是 在 有 又 也 都 就 还 把 被 对 从 到 给 让 为 以 于 等 吗 呢 吧 啊 呀 么 请 帮 我 我们 你 您 它 它们 他们 她们 ' +
    '这 那 这些 那些 这个 那个 其 该 哪 哪些 哪个 哪几 几 几个 多少 什么 怎么 怎样 怎么样 如何 为什么 是否 有没有 能否 可以 ' +
    '一下 一些 一个 一共 总共 共 具体 主要 分别 指 指的是 包括 包含 有关 相关 关于 书 书中 书里 本书 汇编 案例 里 中 上 下 ' +
    '做 做法 开展 进行 参考 帮我 给我 拟 一份 一个 方案 计划 设计 列 列出 写 ？ ? ， , 。 、 “ ” ！ ! ： :').split(/\s+/),
);

// A few general synonyms so attribute words find the text's wording (评价 → 评为/获评).
const EXPANSIONS: Record<string, string[]> = {
  评价: ['评为', '获评', '荣获', '称号', '评价'],
  经费: ['经费', '资金', '费用', '预算', '拨款'],
  成立: ['成立', '组建', '创建'],
  合作: ['合作', '共建', '签约', '对接', '携手', '联合'],
  规模: ['规模', '人次', '场次', '余人', '家'],
  效果: ['成效', '效果', '成果'],
  标准: ['标准', '要求', '规范'],
  多少期: ['期'],
};

/** Quoted phrases (“…” or "…"), which the text usually prints the same way. */
export function quotedPhrases(question: string): string[] {
  return [...question.matchAll(/[“"「]([^”"」]{2,30})[”"」]/g)].map((match) => (match[1] ?? '').trim()).filter(Boolean);
}

/** Four-digit years the question names. */
export function questionYears(question: string): number[] {
  return [...question.matchAll(/(19|20)\d{2}(?=\s*年)/g)].map((match) => Number(match[0]));
}

/** Content terms of a question (search-mode words minus scaffolding), with general synonyms added. */
export function contentTerms(question: string): string[] {
  const words = cutForSearch(question.replace(/\s+/g, '')).filter((word) => word.trim() && !STOP.has(word) && !/^[\p{P}\s]+$/u.test(word));
  const out = new Set<string>();
  for (const word of words) {
    out.add(word);
    for (const extra of EXPANSIONS[word] ?? []) out.add(extra);
  }
  return [...out];
}

/**
 * The nouns a question asks about: the word right before 多少/什么/哪些/几 (工作经费有多少 → 经费),
 * or right after 哪些/什么 (哪些产业 → 产业). Used to tell whether the text can answer at all.
 */
export function askedAttributes(question: string): string[] {
  const compact = question.replace(/\s+/g, '');
  const out = new Set<string>();
  for (const match of compact.matchAll(/([\p{Script=Han}]{2,4}?)(?:有|是|为|达到|共有|一共有)?(?:多少|什么|几)/gu)) {
    const words = cutForSearch(match[1] ?? '').filter((word) => !STOP.has(word) && word.length >= 2);
    if (words.length > 0) out.add(words[words.length - 1]!);
  }
  for (const match of compact.matchAll(/(?:哪些|什么|哪几个|几个|哪几)([\p{Script=Han}]{1,4})/gu)) {
    const words = cutForSearch(match[1] ?? '').filter((word) => !STOP.has(word));
    if (words[0]) out.add(words[0]);
  }
  return [...out];
}

/** Terms a found sentence may use for an asked attribute (itself plus general synonyms). */
export function attributeForms(attribute: string): string[] {
  return [...new Set([attribute, ...(EXPANSIONS[attribute] ?? [])])];
}
