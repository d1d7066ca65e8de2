// Lookup: a fact in one case. Quotes the sentences that answer, completing bold-lead lists.
import { attributeForms, askedAttributes } from '../../retrieve/question-terms.js';
import { anchorCases } from '../../retrieve/retriever.js';
import type { IndexedSentence } from '../../retrieve/sentence-index.js';
import { caseLabel, linkedNodes, notCovered, type ComposeContext, type Composition } from './compose-types.js';
import { continuation, inReadingOrder, isLead, listSiblings, pickSentences } from './sentence-picker.js';

const MONEY = /(经费|资金|费用|预算|投资|拨款)/;
const ASKS_FOR_LIST = /(具体|分别|哪些|哪几|包括|是什么|指什么|有哪些|什么内容|几个)/;

export function composeLookup(context: ComposeContext): Composition {
  const anchors = context.useGraph ? anchorCases(context.linked) : [];
  const targetCases = anchors.length > 0 ? anchors : context.retrieval.cases.slice(0, 1);
  const pool = context.retrieval.candidates.filter((s) => targetCases.includes(s.caseNumber));
  if (pool.length === 0) return notCovered('没有找到与问题对应的案例');

  const { asked, missing } = attributeCoverage(context, pool);
  if (asked > 0 && missing.length === asked) return notCovered(`${caseLabel(context, targetCases[0]!)}没有提到${missing.join('、')}`);

  const entityNames = context.linked.map((entity) => entity.matched);
  const best = pickSentences(context.sentences, pool, { terms: context.terms, phrases: context.phrases, entityNames, limit: 4, floor: 0.45 });
  if (best.length === 0) return notCovered('案例中没有与问题相符的内容');

  const chosen: IndexedSentence[] = [...best];
  for (const sentence of best) {
    const next = continuation(context.sentences, sentence);
    if (next) chosen.push(next);
  }
  if (ASKS_FOR_LIST.test(context.question)) chosen.push(...listFor(context, best));

  const ordered = inReadingOrder(chosen).slice(0, 10);
  const byCase = new Map<number, IndexedSentence[]>();
  for (const sentence of ordered) byCase.set(sentence.caseNumber, [...(byCase.get(sentence.caseNumber) ?? []), sentence]);
  const lines: string[] = [];
  for (const [caseNumber, sentences] of byCase) {
    lines.push(`据${caseLabel(context, caseNumber)}：`);
    for (const sentence of sentences) lines.push(`- ${sentence.text}${context.cites.cite(sentence)}`);
  }
  return { answerable: true, text: lines.join('\n'), graph: { nodes: linkedNodes(context), edges: [] } };
}

/**
 * The list a question asks for. A numbered name (“三创新”, 三期管理, 五化) picks the bold-lead list
 * of that length whose items share its key word; otherwise the best hit's own list, else the
 * case's practice list.
 */
function listFor(context: ComposeContext, best: readonly IndexedSentence[]): IndexedSentence[] {
  const top = best[0]!;
  const leads = (context.sentences.byCase.get(top.caseNumber) ?? []).filter(isLead);
  const lists = new Map<string, IndexedSentence[]>();
  for (const lead of leads) lists.set(lead.section, [...(lists.get(lead.section) ?? []), lead]);
  const numbered = numberedName(context.question);
  if (numbered) {
    let chosen: IndexedSentence[] = [];
    let bestScore = 0;
    for (const list of lists.values()) {
      const sharing = list.filter((item) => [...numbered.key].every((char) => item.compact.includes(char))).length;
      const score = (list.length === numbered.count ? 2 : 0) + sharing / list.length;
      if (score > bestScore) [chosen, bestScore] = [list, score];
    }
    if (bestScore >= 1) return chosen;
  }
  const own = listSiblings(context.sentences, top);
  if (own.length >= 2 && own.some((s) => best.includes(s))) return own;
  const practice = leads.filter((s) => s.sectionKind === 'practice');
  return practice.length <= 6 ? practice : [];
}

const CHINESE_COUNT = '一二三四五六七八九十';

/** `三创新` → 3 items sharing 创新; `七项标准` → 7 sharing 标准 (measure words dropped). */
function numberedName(question: string): { count: number; key: string } | null {
  const match = /([一二三四五六七八九十两])(?:项|个|大|种|条|类)?([\p{Script=Han}]{1,3})/u.exec(quotedFirst(question));
  if (!match) return null;
  const count = match[1] === '两' ? 2 : CHINESE_COUNT.indexOf(match[1]!) + 1;
  const key = (match[2] ?? '').replace(/(管理|建设|机制|工作|标准)$/, (word) => (match[2] === word ? word : '')) || match[2]!;
  return count >= 2 ? { count, key: key.slice(0, 2) } : null;
}

/** Quoted text first (where numbered names usually are), then the whole question. */
function quotedFirst(question: string): string {
  const quoted = /[“"]([^”"]+)[”"]/.exec(question)?.[1];
  return quoted && /[一二三四五六七八九十两]/.test(quoted) ? quoted : question.replace(/^[^一二三四五六七八九十两]*(?=[一二三四五六七八九十两](?:项|个|大|种|条|类)?[\p{Script=Han}])/u, '');
}

/**
 * Specific attributes the question asks about (经费, 板块; generic words like 工作 are skipped) and
 * those the case never mentions. All missing means the text cannot answer.
 */
function attributeCoverage(context: ComposeContext, pool: readonly IndexedSentence[]): { asked: number; missing: string[] } {
  // 有多少/几 asks for a quantity: the attribute must sit in a sentence that states a number.
  const quantity = /(多少|几)/.test(context.question);
  const relevant = quantity ? pool.filter((s) => /\d/.test(s.compact)) : pool;
  const asked = askedAttributes(context.question).filter((attribute) => context.sentences.caseShare(attribute) <= 0.6);
  const stated = (attribute: string, sentence: IndexedSentence) => {
    const forms = attributeForms(attribute);
    if (!forms.some((form) => sentence.compact.includes(form))) return false;
    // An amount of money is stated in 元; 有经费保障 names the word without an amount.
    return !quantity || !MONEY.test(attribute) || /\d[\d.]*(万|亿)?元/.test(sentence.compact);
  };
  const missing = asked.filter((attribute) => !relevant.some((sentence) => stated(attribute, sentence)));
  return { asked: asked.length, missing };
}
