// Organisation and platform names: a suffix (大学, 学会, 工作站 …) extended left over name-like
// words, stopping at verbs, prepositions and punctuation, so `与宁波大学` yields `宁波大学`.
import type { EntityLabel } from './types.js';
import { tokenize, type Token } from './segmenter.js';

interface SuffixRule {
  label: EntityLabel;
  suffix: RegExp;
  /** Whether a bare generic name (院士工作站) is a useful node: platform kinds are, universities are not. */
  allowGeneric: boolean;
  minPrefix: number;
  needsProperName?: boolean;
}

// Longest suffixes first within a label; the first rule that matches a span wins.
const RULES: SuffixRule[] = [
  { label: 'Enterprise', suffix: /(股份有限公司|有限责任公司|有限公司|集团)/g, allowGeneric: false, minPrefix: 2, needsProperName: true },
  { label: 'University', suffix: /(大学)(?!科技园|城|路|站|生|堂)/g, allowGeneric: false, minPrefix: 2 },
  { label: 'University', suffix: /(学院)(?!路|站|生|堂)/g, allowGeneric: false, minPrefix: 2, needsProperName: true },
  { label: 'ResearchInstitute', suffix: /(研究院|研究所|研究中心|科学院|工程院|创新中心)/g, allowGeneric: false, minPrefix: 2, needsProperName: true },
  { label: 'Society', suffix: /(学会|研究会|(?<!科)协会(?!员)|工商联|联合会|商会(?!员))/g, allowGeneric: false, minPrefix: 2 },
  // Platform kinds (院士工作站, 企业实验室) are useful nodes even without a proper name.
  { label: 'Platform', suffix: /(工作站|服务站|孵化器|众创空间|实验室|(?:实训|科普|研学|实践|培训|教育)基地)/g, allowGeneric: true, minPrefix: 2 },
  // Generic words (平台, 基地, 中心) name a platform only with a place or proper name inside.
  {
    label: 'Platform',
    suffix: /(工作基地|基地|中心|大市场(?:（[\p{Script=Han}]{1,6}）)?|平台|创新园|示范园区|示范园|联络处|大走廊)/gu,
    allowGeneric: false,
    minPrefix: 2,
    needsProperName: true,
  },
  {
    label: 'Initiative',
    suffix: /(论坛|大赛|创新赛|训练营|交流会|对接会|研讨会|宣讲会|推介会|沙龙|博览会|展览会|商品展(?!览)|贸易展(?!览)|邀请赛|峰会|招聘会|私享会|科普日|科技周|科普月|夏令营)/g,
    allowGeneric: false,
    minPrefix: 2,
  },
];

const NAME_TAGS = new Set(['ns', 'nt', 'nz', 'n', 'nr', 'nrt', 'nrfg', 'j', 'f', 'b', 'eng', 'ng', 'zg', 'g', 's']);
// Platform and institute names also carry descriptive words (先进, 孵化).
const LOOSE_TAGS = new Set(['vn', 'an', 'i', 'z']);
// Words that begin a phrase rather than a name, whatever their tag.
const STOP_WORDS = new Set([
  '与', '和', '及', '同', '跟', '向', '对', '由', '在', '于', '为', '把', '被', '将', '从', '到', '经', '等', '的', '了', '是',
  '并', '或', '以', '其', '该', '各', '多家', '多所', '一批', '一家', '一个', '首家', '我国', '全国',
  '省内', '国内', '区内', '市内', '其中', '包括', '相关', '重点', '知名', '著名', '本地', '地方', '当地', '属地',
  '目前', '现有', '已有', '拥有', '获批', '成功', '先后', '累计', '共建', '建设', '打造', '搭建', '依托', '联合', '携手',
  '合作', '成立', '设立', '组建', '引进', '邀请', '推动', '推进', '支持', '指导', '组织', '开展', '举办', '通过', '围绕',
  '面向', '科技工作者', '会员', '单位', '骨干', '人才', '培育', '联络', '链接', '充分利用', '利用', '助推', '牵线',
]);
// Descriptors that end a university or society name but can start a platform kind (企业实验室).
const DESCRIPTORS = new Set(['企业', '园区', '高校', '专家', '院士', '教授', '团队', '服务']);
// Verb-like words that are part of platform and institute names (联合创新孵化中心).
const NAME_VERBS = new Set(['创新', '孵化', '联合', '发展', '服务', '转移', '转化', '应用', '研究', '创业', '交流', '示范', '推广', '检测', '育成', '共享', '协同']);
// Prefixes that make a `X大学`/`X学会` span a description, not a name (国家大学科技园, 高等学院).
const GENERIC_PREFIXES = /^(国家|高等|重点|知名|著名|理工|综合|开放|职业|技术|科技|企业|社区|老年|网络|空中|中外|合作|产业|行业|专业|各类|各级|相关|多个|一流|双一流|高水平|创新|示范|省级|市级|区级|县级|国家级|工业|农业|师范|医科|交通|民族|财经|省内外|国内外|海内外|上级|下级|境内|境外|境内商|企业家|新型|本地|地方|科技工作者)$/;
const LEVEL_ONLY = /^(国家级|省级|市级|区级|县级|各级|高水平|新型)$/;
const PROPER_TAGS = /^(ns|nt|nr|nrt|nrfg|eng)$/;
const MAX_NAME = 22;

/** A name found in a sentence, with its span. */
export interface OrgMatch {
  label: EntityLabel;
  name: string;
  start: number;
  end: number;
}

/** All organisation/platform names in one sentence; overlapping spans keep the longest. */
export function findOrganisations(sentence: string, tokens: Token[] = tokenize(sentence)): OrgMatch[] {
  const found: OrgMatch[] = [];
  for (const rule of RULES) {
    rule.suffix.lastIndex = 0;
    for (const match of sentence.matchAll(rule.suffix)) {
      const suffixStart = match.index ?? 0;
      const end = suffixStart + (match[1] ?? match[0]).length;
      if (rule.label === 'Society' && /科协$|科学技术协会$/.test(sentence.slice(0, end))) continue;
      if (rule.label === 'University' && /(科学院|工程院|研究院|党校)$/.test(sentence.slice(0, end))) continue;
      const start = trimLeadingVerbs(tokens, extendLeft(tokens, suffixStart, rule.label), suffixStart);
      const name = sentence.slice(start, end).trim();
      const prefix = name.slice(0, name.length - (match[1] ?? match[0]).length);
      if ([...prefix].length < rule.minPrefix && !(rule.allowGeneric && prefix.length > 0)) continue;
      if (!rule.allowGeneric && GENERIC_PREFIXES.test(prefix)) continue;
      if (LEVEL_ONLY.test(prefix)) continue;
      if (rule.needsProperName && !hasProperName(name, start, tokens)) continue;
      if ([...name].length > MAX_NAME || /^[\d家个所位名项批类支]/.test(prefix)) continue;
      found.push({ label: rule.label, name, start, end });
    }
  }
  return keepLongest(found);
}

/** Moves left from the suffix over tokens that can belong to a name. */
function extendLeft(tokens: readonly Token[], suffixStart: number, label: EntityLabel): number {
  let start = suffixStart;
  // A token that straddles the suffix (宁波大学 as one word) already carries the name's head;
  // when the segmenter knows it as an organisation (nt), only a place name may precede it.
  const straddling = tokens.find((token) => token.start < suffixStart && token.end > suffixStart);
  if (straddling) start = straddling.start;
  const known = straddling?.tag === 'nt';
  for (let index = tokens.findIndex((token) => token.end === start) ; index >= 0; index--) {
    const token = tokens[index]!;
    if (token.end !== start) break;
    if (known && token.tag !== 'ns') break;
    if (!isNameToken(token, label)) break;
    if (suffixStart - token.start > MAX_NAME) break;
    start = token.start;
  }
  return start;
}

/** Names do not open with a verb: 联合香港科大霍英东研究院 is 香港科大霍英东研究院. */
function trimLeadingVerbs(tokens: readonly Token[], start: number, suffixStart: number): number {
  let at = start;
  for (const token of tokens) {
    if (token.start !== at || token.end > suffixStart) continue;
    if (NAME_VERBS.has(token.word) || /^v/.test(token.tag)) at = token.end;
  }
  return at;
}

/** A place or proper name inside the span, or a national designation (国家…示范基地). */
function hasProperName(name: string, start: number, tokens: readonly Token[]): boolean {
  if (/[A-Za-z“]/.test(name) || (/^(国家|中国)/.test(name) && [...name].length >= 7)) return true;
  const end = start + name.length;
  return tokens.some((token) => token.start >= start && token.end <= end && PROPER_TAGS.test(token.tag));
}

function isNameToken(token: Token, label: EntityLabel): boolean {
  const loose = label === 'Platform' || label === 'ResearchInstitute' || label === 'Initiative';
  if (loose && NAME_VERBS.has(token.word)) return true;
  if (loose && /^a/.test(token.tag) && token.word.length >= 2) return true;
  if (STOP_WORDS.has(token.word)) return false;
  if (!loose && DESCRIPTORS.has(token.word)) return false;
  if (/(科协|科学技术协会)$/.test(token.word)) return false;
  if (!/^[\p{Script=Han}A-Za-z·]+$/u.test(token.word)) return false;
  return NAME_TAGS.has(token.tag) || (loose && LOOSE_TAGS.has(token.tag)) || token.word.length >= 3;
}

/** Overlapping spans of one label keep the longest; a university inside a platform name stays. */
function keepLongest(matches: OrgMatch[]): OrgMatch[] {
  const sorted = [...matches].sort((a, b) => b.end - b.start - (a.end - a.start));
  const kept: OrgMatch[] = [];
  for (const match of sorted) {
    if (kept.some((other) => other.label === match.label && match.start < other.end && other.start < match.end)) continue;
    kept.push(match);
  }
  return kept.sort((a, b) => a.start - b.start);
}
