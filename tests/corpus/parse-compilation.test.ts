// The parser against the real compilation: numbering, chapters, repaired PDF artefacts, stable ids.
import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseCompilation } from '../../src/corpus/parse-compilation.js';
import { caseSentences, caseText, type CaseDoc } from '../../src/corpus/types.js';
import { ParkKgError } from '../../src/errors.js';
import { SEEDS_DIR } from '../support/real-graph.js';

const raw = await readFile(path.join(SEEDS_DIR, 'park-association-cases-2024.txt'), 'utf8');
const compilation = parseCompilation(raw, { sourceId: 'default', sourceFile: 'seeds/park-association-cases-2024.txt' });
const byNumber = (n: number): CaseDoc => compilation.cases[n - 1]!;
const allSentences = compilation.cases.flatMap((doc) => caseSentences(doc).map((s) => s.text));
const sectionText = (doc: CaseDoc, kind: string) =>
  doc.sections.filter((s) => s.kind === kind).flatMap((s) => s.paragraphs.flatMap((p) => p.sentences.map((x) => x.text))).join('');

describe('parseCompilation on the 2024 compilation', () => {
  it('finds all 53 cases in document order with titles and associations as printed', () => {
    expect(compilation.cases).toHaveLength(53);
    expect(compilation.cases.map((doc) => doc.number)).toEqual(Array.from({ length: 53 }, (_, i) => i + 1));
    expect(byNumber(1).title).toBe('加强“三期”管理 让学术之花结出产业硕果');
    expect(byNumber(1).association).toBe('江苏扬州高新区科协');
    expect(byNumber(4).association).toBe('北京 E_ZIKOO 智慧谷园区科协');
    expect(byNumber(33).association).toBe('内蒙古鄂尔多斯空港物流园区（综合保税区）科协');
    expect(byNumber(53).association).toBe('四川成都西航港经开区科协');
  });

  it('assigns the seven chapters, including the unheaded first, untitled fifth and tab-only fourth', () => {
    expect(compilation.chapters.map((chapter) => chapter.name)).toEqual([
      '学术交流', '人才培养', '科经融合', '产业服务', '科学普及', '国际合作', '科技工作者之家建设',
    ]);
    const casesIn = (name: string) => compilation.cases.filter((doc) => doc.chapter.name === name).map((doc) => doc.number);
    expect(casesIn('学术交流')[0]).toBe(1);
    expect(casesIn('科学普及')).toEqual([32, 33, 34, 35, 36, 37, 38, 39]);
    expect(casesIn('产业服务')).toContain(28);
    // The 第五篇/第六篇 tabs inside later cases never open a chapter.
    expect(byNumber(39).chapter.name).toBe('科学普及');
    expect(byNumber(45).chapter.name).toBe('国际合作');
  });

  it('reads province, park forms and the association founding year', () => {
    expect(byNumber(1)).toMatchObject({ province: '江苏', park: '江苏扬州高新区' });
    expect(byNumber(1).parkAliases).toContain('扬州高新区');
    expect(byNumber(27).province).toBe('新疆');
    expect(byNumber(33).associationAliases).toContain('空港物流园区科协');
    const founded2023 = compilation.cases.filter((doc) => doc.founded === 2023).map((doc) => doc.number);
    expect(founded2023).toEqual([4, 25, 26, 29, 31, 33, 38]);
    // 株洲: the park dates from 1992; the association's own year is a different one.
    expect(byNumber(47).founded).not.toBe(1992);
  });

  it('keeps the preface with the national statistics as its own section', () => {
    const preface = compilation.preface.paragraphs.flatMap((p) => p.sentences.map((s) => s.text)).join('');
    expect(preface.replace(/\s/g, '')).toContain('全国共有园区科协1454家');
    expect(preface).not.toContain('加强“三期”管理');
  });

  it('removes page footers and vertical page tabs from the text', () => {
    expect(allSentences.some((s) => /全国园区科协典型案例汇编\s*\|/.test(s) || /\|\s*全国园区科协典型案例汇编/.test(s))).toBe(false);
    expect(allSentences.some((s) => /^第.?篇/.test(s) || s.includes('第四篇'))).toBe(false);
  });

  it('joins hard-wrapped lines so sentences read as the book reads', () => {
    expect(allSentences).toContain('一是发挥上下沟通职能，促进前期靶向定位。');
    expect(allSentences.some((s) => s.includes('目前已成功举办 12 期。'))).toBe(true);
  });

  it('collapses duplicated bold lead phrases', () => {
    const doubled = allSentences.filter((s) => /^(.{4,40}?[。，])\1/.test(s));
    expect(doubled).toEqual([]);
  });

  it('keeps photo captions apart from the sentences around them', () => {
    const caption = '“绿扬金凤计划”企业专家工作站授牌仪式';
    expect(byNumber(1).captions.map((c) => c.text)).toContain(caption);
    expect(byNumber(1).sections.flatMap((s) => s.paragraphs.flatMap((p) => p.sentences)).some((s) => s.text.includes(caption))).toBe(false);
  });

  it('puts displaced section headings back with their text', () => {
    // Case 1 prints 工作启示 after its text and 工作成效 before its own.
    expect(sectionText(byNumber(1), 'lessons')).toContain('一方面，要注重交流活动的全周期服务。');
    expect(sectionText(byNumber(1), 'results')).toContain('“三期管理”');
    // Case 27 interleaves two columns; list numbering puts 三是 back after 二是.
    expect(sectionText(byNumber(27), 'practice')).toContain('三是加强区域产业创新能力建设。');
    expect(sectionText(byNumber(27), 'results')).toContain('二是“平台 + 人才 + 金融”闭环服务体系初步形成。');
    expect(byNumber(4).sections.map((s) => s.heading)).toEqual(['活动背景', '活动做法', '活动成效', '活动启示']);
  });

  it('gives every sentence an id that is unique and stable across parses', () => {
    const again = parseCompilation(raw, { sourceId: 'default', sourceFile: 'x' });
    const ids = compilation.cases.flatMap((doc) => caseSentences(doc).map((s) => s.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(again.cases.flatMap((doc) => caseSentences(doc).map((s) => s.id))).toEqual(ids);
    expect(ids[0]).toMatch(/^c01-[0-9a-f]{10}$/);
  });

  it('exposes each case text so quotes can be checked as substrings', () => {
    const text = caseText(byNumber(47));
    expect(text.replace(/\s/g, '')).toContain('有固定场所');
    for (const sentence of caseSentences(byNumber(47))) expect(text).toContain(sentence.text);
  });
});

describe('parseCompilation on other texts of the genre', () => {
  const synthetic = [
    '前言',
    '本书收集的案例涵盖园区科协在学术交流、人才培养等 2个方面的工作。',
    '第一篇',
    '学术交流',
    ' 搭建交流平台',
    '服务企业创新',
    '',
    '浙江示范高新区科协',
    '',
    '浙江示范高新区科协成立于 2019 年 3 月，联系企业科技工作者 3000 余人。',
    '工作背景',
    ' 主要做法',
    '一是建立专家库。一是建立专家库。邀请浙江大学专家走进园区。',
    '001|全国园区科协典型案例汇编',
    '二是举办沙龙。二是举办沙龙。每月举办一次。',
    ' 工作成效',
    '累计服务企业 200 家。',
    '第二篇',
    '人才培养',
    ' 校企合作育人才',
    '订单培养促发展',
    '',
    '江西样例经开区科协',
    '',
    '2021 年，江西样例经开区科协正式成立。',
  ].join('\n');

  it('parses a new compilation with the same conventions', () => {
    const parsed = parseCompilation(synthetic, { sourceId: 'sample', sourceFile: 'sample.txt', firstCaseNumber: 54 });
    expect(parsed.cases.map((doc) => [doc.number, doc.association, doc.chapter.name, doc.founded])).toEqual([
      [54, '浙江示范高新区科协', '学术交流', 2019],
      [55, '江西样例经开区科协', '人才培养', 2021],
    ]);
    const practice = parsed.cases[0]!.sections.find((s) => s.kind === 'practice')!;
    expect(practice.paragraphs.flatMap((p) => p.sentences.map((s) => s.text))).toEqual([
      '一是建立专家库。', '邀请浙江大学专家走进园区。', '二是举办沙龙。', '每月举办一次。',
    ]);
  });

  it('rejects a text without any case', () => {
    expect(() => parseCompilation('只是一段话。\n没有案例。', { sourceId: 'x', sourceFile: 'x.txt' })).toThrow(ParkKgError);
  });
});
