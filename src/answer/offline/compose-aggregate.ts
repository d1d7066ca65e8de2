// Aggregates: counts and lists over the whole book — cases per chapter, province or founding year,
// cases that mention something, and the preface's national statistics. Lists come from the graph
// store (Cypher on Neo4j); every listed case cites the sentence that supports it.
import { firstRegionIn } from '../../corpus/regions.js';
import type { CaseRecord } from '../../graph/graph-types.js';
import { questionYears } from '../../retrieve/question-terms.js';
import type { IndexedSentence } from '../../retrieve/sentence-index.js';
import { caseLabel, linkedNodes, notCovered, type ComposeContext, type Composition } from './compose-types.js';
import { pickSentences } from './sentence-picker.js';

const NATIONAL = /(全国|截至|总共|一共|覆盖|联系了?多少|多少家园区科协)/;

export async function composeAggregate(context: ComposeContext): Promise<Composition> {
  const text = context.question.replace(/\s+/g, '');
  if (!context.useGraph) return fromCandidates(context);
  const all = await context.store.listCases();
  const chapter = [...new Set(all.map((record) => record.chapter))].find((name) => text.includes(name));
  if (chapter) return listing(context, await context.store.listCases({ chapter }), `“${chapter}”篇收录了`, () => null);

  const founded = /(\d{4})\s*年.{0,6}(成立|组建|创建)/.exec(text);
  if (founded) {
    const year = Number(founded[1]);
    const records = await context.store.listCases({ founded: year });
    if (records.length === 0) return notCovered(`书中没有 ${year} 年成立的园区科协`);
    return listing(context, records, `书中 ${year} 年成立的园区科协有`, (record) => sentenceWith(context, record.number, [String(year), '成立']));
  }

  const region = firstRegionIn(text);
  if (region && /(有没有|哪些|几个|多少)/.test(text) && /(案例|园区|科协)/.test(text)) {
    const regions = [region, ...['香港', '澳门', '台湾'].filter((r) => r !== region && text.includes(r))];
    const records = (await Promise.all(regions.map((province) => context.store.listCases({ province })))).flat();
    if (records.length === 0) return notCovered(`书中没有${regions.join('或')}的园区科协案例`);
    return listing(context, records, `书中${regions.join('、')}的园区科协案例有`, () => null);
  }

  const phrase = context.phrases[0] ?? context.linked.find((entity) => !['Association', 'Park', 'Province'].includes(entity.node.label))?.matched;
  if (phrase && /(提到|提及|涉及|有几个|多少个)/.test(text)) return mentionCount(context, phrase);
  if (NATIONAL.test(text)) return nationalStatistics(context);
  return chapterTable(context, all);
}

/** A numbered list of cases, each citing a sentence (the given one, else the case's first). */
function listing(context: ComposeContext, records: readonly CaseRecord[], lead: string, pick: (record: CaseRecord) => IndexedSentence | null): Composition {
  const lines = [`${lead} ${records.length} 个案例：`];
  for (const record of records) {
    const sentence = pick(record) ?? context.sentences.byCase.get(record.number)?.[0];
    lines.push(`- ${caseLabel(context, record.number)}《${record.title}》${sentence ? `：${sentence.text}${context.cites.cite(sentence)}` : ''}`);
  }
  return { answerable: true, text: lines.join('\n'), graph: { nodes: linkedNodes(context), edges: [] } };
}

function sentenceWith(context: ComposeContext, caseNumber: number, words: readonly string[]): IndexedSentence | null {
  return context.sentences.byCase.get(caseNumber)?.find((s) => words.every((word) => s.compact.includes(word))) ?? null;
}

function mentionCount(context: ComposeContext, phrase: string): Composition {
  const compact = phrase.replace(/\s+/g, '');
  const firstByCase = new Map<number, IndexedSentence>();
  for (const sentence of context.sentences.withPhrase(compact)) {
    if (sentence.caseNumber > 0 && !firstByCase.has(sentence.caseNumber)) firstByCase.set(sentence.caseNumber, sentence);
  }
  if (firstByCase.size === 0) return notCovered(`书中没有提到“${phrase}”`);
  const lines = [`书中共有 ${firstByCase.size} 个案例提到“${phrase}”：`];
  for (const [caseNumber, sentence] of [...firstByCase].sort((a, b) => a[0] - b[0])) {
    lines.push(`- ${caseLabel(context, caseNumber)}：${sentence.text}${context.cites.cite(sentence)}`);
  }
  return { answerable: true, text: lines.join('\n'), graph: { nodes: linkedNodes(context), edges: [] } };
}

/** The preface's national figures; a year the preface does not state cannot be answered. */
function nationalStatistics(context: ComposeContext): Composition {
  const preface = context.sentences.byCase.get(0) ?? [];
  const picks = pickSentences(context.sentences, preface, { terms: context.terms, limit: 2, floor: 0.5 }).filter((s) => /\d/.test(s.compact));
  if (picks.length === 0) return notCovered('书中没有这一统计数字');
  const years = questionYears(context.question);
  const stated = picks.map((s) => s.compact).join('');
  const unstated = years.filter((year) => !stated.includes(String(year)));
  if (unstated.length > 0) return notCovered(`书中只给出截至 ${/(\d{4})年底/.exec(stated)?.[1] ?? '成书时'} 的数字，没有 ${unstated.join('、')} 年的统计`);
  const lines = ['据本书前言：', ...picks.map((s) => `- ${s.text}${context.cites.cite(s)}`)];
  return { answerable: true, text: lines.join('\n'), graph: { nodes: [], edges: [] } };
}

/** No specific filter: how the 53 cases spread over the chapters. */
function chapterTable(context: ComposeContext, all: readonly CaseRecord[]): Composition {
  const byChapter = new Map<string, CaseRecord[]>();
  for (const record of all) byChapter.set(record.chapter, [...(byChapter.get(record.chapter) ?? []), record]);
  const lines = [`全书共 ${all.length} 个案例，按篇分布：`];
  for (const [chapter, records] of byChapter) {
    const first = context.sentences.byCase.get(records[0]!.number)?.[0];
    lines.push(`- ${chapter}：${records.length} 个（案例 ${records.map((r) => r.number).join('、')}）${first ? context.cites.cite(first) : ''}`);
  }
  return { answerable: true, text: lines.join('\n'), graph: { nodes: [], edges: [] } };
}

/** Text-only modes: count what the retrieved passages show, nothing more. */
function fromCandidates(context: ComposeContext): Composition {
  const picks = pickSentences(context.sentences, context.retrieval.candidates, { terms: context.terms, phrases: context.phrases, limit: 6 });
  if (picks.length === 0) return notCovered('检索结果中没有相关内容');
  const lines = ['检索到的相关内容：', ...picks.map((s) => `- ${caseLabel(context, s.caseNumber)}：${s.text}${context.cites.cite(s)}`)];
  return { answerable: true, text: lines.join('\n'), graph: { nodes: [], edges: [] } };
}
