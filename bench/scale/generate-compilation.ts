// Synthetic compilations at N× the real one, for scale benchmarks: copy 0 is the real text and
// copies 1..N-1 are the real cases with their parks, associations, people and partner
// organisations renamed, so the graph grows instead of repeating. Renaming is deterministic
// (seeded PRNG), consistent within each copy (every surface form of a name — full, 以下简称,
// region-less — changes together) and length-preserving per character, so line widths, wraps,
// captions and headings keep the layout the parser reads. Provinces stay real.
// Usage: tsx bench/scale/generate-compilation.ts [SCALE...] [--out DIR]   (default 10 100, data/scale)
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { regionPrefix } from '../../src/corpus/regions.js';
import { parseCompilation } from '../../src/corpus/parse-compilation.js';
import type { CaseDoc } from '../../src/corpus/types.js';
import { RuleExtractor } from '../../src/extract/rule-extractor.js';
import { surnameLength } from '../../src/extract/surnames.js';

/** Deterministic PRNG (mulberry32): the same seed gives the same compilation on every machine. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Syllables for invented place names (no 省/市/区/县, no 科/协, nothing that starts a park type).
const PLACE_CHARS = [...new Set([
  ...'岚桥锦宁湾源泽川阳丰瑞安嘉和清溪峰林沙江河山平兴庆昌临德隆华汇蓝昆汀栖枫柳梧桐松榆杉槐楠梅竹兰菊荷莲棠芷蘅蔚岱岩峦岭崖峪坪塘渠潭泊浦滨洲渚屿岛湖泉涧溪漳澄澈沐涟潮汐霞曦晖旭晟昕晓暄朗明辉耀煌炜熠烨焕灿',
  ...'珑琅琪瑜瑾璋瑶琼玥珂珏璐琛瑄瑛珩骏驰腾翔鹏鸿雁鹤鹭鸥凤麟龙虎豹鹿驹雍熙泰康宁恒永昭显彰弘毅笃敦厚朴淳质素雅韵律琴瑟笙箫钟鼓磬埙',
  ...'云雾霖露霜雪冰凌溟沧瀚淼浩渺澜漪涛浪波澹淇淮汾渭泾洛涪沅漓邕宛邺郢邛郫邯郸鄞鄢鄱',
  ...'樟桦柏杏桃李柿橙橘榕榴椿檀柞枣楸槿棣梓杞芦苇菱萍蒲艾芸茗蕙薇蓉莎苒茵萱荔荟蔓蕉葵菁菀芙芊芃苓荪蓁',
])];
// Given-name characters and surnames for invented people (none of them stops a name in person-names.ts).
const GIVEN_CHARS = [...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红鹏辉建文斌宇浩凯健俊帆帅旭宁龙林欣晨瑞博鑫悦佳琪怡雪慧颖琳晶倩婷睿哲航远振荣昊毅峰志海波宏锋春秋冬梅兰竹松柏彬彤彦昌晖昭曦煜炎焱熠'];
const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁沈姚卢姜崔钟谭陆汪范金廖贾夏韦付方邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'].filter((char) => surnameLength(char) === 1);

// Words that name a kind of park or organisation, not a place: kept as printed (general vocabulary).
const PARK_GENERIC = [
  '高新技术产业开发区', '经济技术开发区', '高新技术产业园区', '国家大学科技园', '综合保税区', '经济开发区', '大学科技园', '有限责任公司', '工业园区', '产业园区', '物流园区',
  '双创园区', '高新技术', '投资发展', '生物科技', '有限公司', '高新区', '经开区', '开发区', '工业区', '产业园', '科技园', '科技城', '软件园', '创业园', '创新园', '科创园', '试验区',
  '保税区', '园区', '新区', '新城', '国家', '国际', '科技', '产业', '兵团', '区', '市', '县', '（', '）', '(', ')', '·', '+', '_',
].sort((a, b) => b.length - a.length);
const ORG_GENERIC = [
  '大学', '学院', '理工', '工业', '科技', '技术', '工程', '交通', '师范', '农业', '财经', '医科', '民族', '职业', '研究', '科学', '创新', '有限', '股份', '集团', '电子', '信息', '智能',
  '装备', '材料', '机电', '产业', '数字', '先进', '国际', '新能源', '船舶', '传媒', '音乐', '高等', '省', '市', '区', '县', '（', '(',
];
const PARTNER_LABELS = new Set(['University', 'ResearchInstitute', 'Enterprise']);
// Region names are never renamed, nor matched across (江西安福 holds no 西安).
const REGIONS = '北京 天津 上海 重庆 河北 山西 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 广东 海南 四川 贵州 云南 陕西 甘肃 青海 台湾 内蒙古 广西 西藏 宁夏 新疆 香港 澳门'.split(' ');
const PROTECTED = [...REGIONS, ...REGIONS.map((name) => `${name}省`), '广西壮族自治区', '宁夏回族自治区', '新疆维吾尔自治区', '内蒙古自治区', '西藏自治区', '中国'];

const FOOTER = /^(\d{1,4}\s*[|｜]\s*\S.{0,40}|\S.{0,40}?\s*[|｜]\s*\d{1,4})$/;
const CHAPTER = /^第[一二三四五六七八九十]{1,2}篇$/;
const compact = (text: string) => text.replace(/\s+/g, '');

/** Names to rename in one real case: place runs of its park forms, people, partner-name runs. */
interface CaseNames {
  parkForms: string[];
  people: string[];
  partnerRuns: string[];
}

/** The real text cut into preface and cases; `prelude` holds a chapter heading printed before a case. */
interface SourceParts {
  preface: string[];
  cases: Array<{ prelude: string[]; lines: string[]; doc: CaseDoc }>;
}

/** Cuts the raw lines at each case's first title line (the parser finds them), keeping footers and tabs. */
function splitSource(raw: string): SourceParts {
  const lines = raw.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n');
  const docs = parseCompilation(raw, { sourceId: 'scale-source', sourceFile: 'scale-source.txt' }).cases;
  const starts = docs.map((doc) => doc.startLine - 1);
  const cases = docs.map((doc, index) => ({ prelude: [] as string[], lines: lines.slice(starts[index], starts[index + 1] ?? lines.length), doc }));
  for (let index = 0; index + 1 < cases.length; index++) {
    const body = cases[index]!.lines;
    const tail = body.map((line, at) => [line.trim(), at] as const).filter(([text]) => text !== '').slice(-2);
    const at = tail.findIndex(([text]) => CHAPTER.test(text));
    if (at < 0 || (at === 0 && (tail[1]?.[0].length ?? 0) > 12)) continue;
    const cut = tail[at]![1];
    cases[index + 1]!.prelude = body.slice(cut);
    cases[index]!.lines = body.slice(0, cut);
  }
  return { preface: lines.slice(0, starts[0]), cases };
}

/** Proper-name runs of a name: what is left after region prefix and generic words. */
function properRuns(name: string, generic: readonly string[], leadingOnly: boolean): string[] {
  let text = compact(name).replace(/(科学技术协会|科协)$/, '');
  const region = regionPrefix(text);
  if (region) text = text.slice(region.prefix.length);
  const runs: string[] = [];
  let current = '';
  for (let at = 0; at < text.length; ) {
    const word = generic.find((candidate) => text.startsWith(candidate, at));
    if (!word) {
      current += text[at];
      at += 1;
      continue;
    }
    if (current) runs.push(current);
    current = '';
    if (leadingOnly) return runs.filter((run) => run.length >= 2);
    at += word.length;
  }
  if (current) runs.push(current);
  return runs.filter((run) => [...run].length >= (leadingOnly ? 2 : 1));
}

/** Collects per case the names a renamed copy must change. */
function collectNames(parts: SourceParts): CaseNames[] {
  const extractor = new RuleExtractor();
  return parts.cases.map(({ doc }) => {
    const { mentions } = extractor.extract(doc);
    const people = new Set<string>();
    const partnerRuns = new Set<string>();
    for (const mention of mentions) {
      if (mention.label === 'Academician' || mention.label === 'Expert') people.add(compact(mention.name));
      if (PARTNER_LABELS.has(mention.label) && !/^(中国|国家)/.test(mention.name)) for (const run of properRuns(mention.name, ORG_GENERIC, true)) partnerRuns.add(run);
    }
    const parkForms = [...new Set([doc.association, ...doc.associationAliases, doc.park, ...doc.parkAliases].map(compact))];
    return { parkForms, people: [...people], partnerRuns: [...partnerRuns] };
  });
}

/** One renamed copy's mappings: places by character (so 新港 and 城陵矶新港 agree), people by name. */
class CopyRenamer {
  private readonly chars = new Map<string, string>();
  private readonly people = new Map<string, string>();
  private readonly pool: string[];
  private next = 0;

  constructor(
    private readonly random: () => number,
    private readonly usedPeople: Set<string>,
  ) {
    this.pool = shuffle(PLACE_CHARS, random);
  }

  /** A place run with each Han character and Latin letter replaced, everything else kept. */
  place(run: string): string {
    let out = '';
    for (const char of run) {
      if (/[A-Za-z]/.test(char)) out += this.latin(char);
      else if (/\p{Script=Han}/u.test(char)) out += this.han(char);
      else out += char;
    }
    return out;
  }

  /** A name form (association, park, alias) with its proper runs replaced; generic words stay. */
  form(name: string): string {
    let out = compact(name);
    const region = regionPrefix(out)?.prefix ?? '';
    const core = out.slice(region.length).replace(/(科学技术协会|科协)$/, '');
    const runs = properRuns(name, PARK_GENERIC, false);
    // A form that is only generic words (创业园科协) renames its first word, so copies differ.
    const targets = runs.length > 0 ? runs : [PARK_GENERIC.find((word) => word.length >= 2 && core.startsWith(word)) ?? ''];
    let from = region.length;
    for (const run of targets.filter(Boolean)) {
      const at = out.indexOf(run, from);
      if (at < 0) continue;
      out = out.slice(0, at) + this.place(run) + out.slice(at + run.length);
      from = at + run.length;
    }
    return out;
  }

  /** A person: new surname and given name of the same lengths, unique across all copies. */
  person(name: string): string {
    const known = this.people.get(name);
    if (known) return known;
    const surname = surnameLength(name) || 1;
    for (;;) {
      const given = Array.from({ length: name.length - surname }, () => pick(GIVEN_CHARS, this.random)).join('');
      const head = surname === 2 ? pick(SURNAMES, this.random) + pick(SURNAMES, this.random) : pick(SURNAMES, this.random);
      const candidate = head + given;
      if (this.usedPeople.has(candidate) || candidate === name) continue;
      this.usedPeople.add(candidate);
      this.people.set(name, candidate);
      return candidate;
    }
  }

  private han(char: string): string {
    let mapped = this.chars.get(char);
    if (!mapped) {
      mapped = this.pool[this.next++ % this.pool.length]!;
      this.chars.set(char, mapped);
    }
    return mapped;
  }

  private latin(char: string): string {
    // Draws on every call (not only the first), which fixes the sequence the published files came from.
    const letter = String.fromCharCode(65 + Math.floor(this.random() * 26));
    let mapped = this.chars.get(char);
    if (!mapped) {
      mapped = char === char.toLowerCase() ? letter.toLowerCase() : letter;
      this.chars.set(char, mapped);
    }
    return mapped;
  }
}

function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let index = out.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    [out[index], out[other]] = [out[other]!, out[index]!];
  }
  return out;
}

const pick = <T>(items: readonly T[], random: () => number): T => items[Math.floor(random() * items.length)]!;

/** Same-length replacements applied in one pass (longest first; spaces inside a match are kept). */
function replaceAll(text: string, replacements: ReadonlyMap<string, string>): string {
  const keys = [...replacements.keys()].filter((key) => key.length > 0).sort((a, b) => b.length - a.length || (PROTECTED.includes(a) ? -1 : 1));
  if (keys.length === 0) return text;
  const escape = (char: string) => char.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(keys.map((key) => [...key].map(escape).join('\\s*')).join('|'), 'gu');
  return text.replace(pattern, (match) => {
    const target = [...(replacements.get(compact(match)) ?? compact(match))];
    let index = 0;
    return [...match].map((char) => (/\s/.test(char) ? char : (target[index++] ?? char))).join('');
  });
}

/** Applies the replacements to a case's lines, across hard wraps, leaving footers and page tabs alone. */
function renameLines(lines: readonly string[], replacements: ReadonlyMap<string, string>): string[] {
  const content = lines.map((line, index) => ({ line, index })).filter(({ line }) => line.trim() !== '' && !FOOTER.test(line.trim()) && [...line.trim()].length > 1);
  const cores = content.map(({ line }) => line.trim());
  const joined = replaceAll(cores.join(''), replacements);
  const out = [...lines];
  let offset = 0;
  content.forEach(({ line, index }, at) => {
    const core = cores[at]!;
    const start = line.indexOf(core);
    out[index] = line.slice(0, start) + joined.slice(offset, offset + core.length) + line.slice(start + core.length);
    offset += core.length;
  });
  return out;
}

export interface GenerateOptions {
  /** How many times the corpus: 2 gives 106 cases (the real 53 and one renamed copy). */
  scale: number;
  seed?: number;
}

/** Builds the text of an N× compilation from the real compilation's text. */
export function generateCompilation(raw: string, options: GenerateOptions): string {
  const parts = splitSource(raw);
  const names = collectNames(parts);
  const usedAssociations = new Set(parts.cases.map(({ doc }) => compact(doc.association)));
  const usedPeople = new Set(names.flatMap((entry) => entry.people));
  const copies: string[][][] = parts.cases.map(({ lines }) => [lines]);
  for (let copy = 1; copy < options.scale; copy++) {
    for (let attempt = 0; ; attempt++) {
      const random = prng((options.seed ?? 20241127) * 1_000_003 + copy * 7919 + attempt);
      const renamer = new CopyRenamer(random, usedPeople);
      const associations = parts.cases.map(({ doc }) => renamer.form(doc.association));
      if (attempt < 50 && (associations.some((name) => usedAssociations.has(name)) || new Set(associations).size < associations.length)) continue;
      for (const name of associations) usedAssociations.add(name);
      parts.cases.forEach(({ lines }, index) => {
        const entry = names[index]!;
        const replacements = new Map<string, string>(PROTECTED.map((word) => [word, word]));
        for (const form of entry.parkForms) replacements.set(form, renamer.form(form));
        for (const form of entry.parkForms) for (const run of properRuns(form, PARK_GENERIC, false)) if (run.length >= 2 && !replacements.has(run)) replacements.set(run, renamer.place(run));
        for (const run of entry.partnerRuns) if (!replacements.has(run)) replacements.set(run, renamer.place(run));
        for (const person of entry.people) replacements.set(person, renamer.person(person));
        copies[index]!.push(renameLines(lines, replacements));
      });
      break;
    }
  }
  const out = [...parts.preface];
  parts.cases.forEach(({ prelude }, index) => {
    out.push(...prelude);
    for (const lines of copies[index]!) out.push(...lines, '');
  });
  return `${out.join('\n')}\n`;
}

/** Writes `park-cases-x<N>.txt` under `outDir` (not the default file name, so ids get a source prefix). */
export async function writeScaleCompilation(sourceFile: string, scale: number, outDir: string, seed?: number): Promise<string> {
  const text = generateCompilation(await readFile(sourceFile, 'utf8'), { scale, ...(seed === undefined ? {} : { seed }) });
  await mkdir(outDir, { recursive: true });
  const file = path.join(outDir, `park-cases-x${scale}.txt`);
  await writeFile(file, text, 'utf8');
  return file;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const outAt = args.indexOf('--out');
  const outDir = path.resolve(outAt >= 0 ? args[outAt + 1] ?? 'data/scale' : 'data/scale');
  const scales = args.filter((arg, index) => /^\d+$/.test(arg) && (outAt < 0 || index !== outAt + 1)).map(Number);
  for (const scale of scales.length > 0 ? scales : [10, 100]) {
    const started = performance.now();
    const file = await writeScaleCompilation(path.resolve('seeds/park-association-cases-2024.txt'), scale, outDir);
    console.log(`${file}: ${scale}× in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
}
