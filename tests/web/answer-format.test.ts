// The answer formatter's grammar and the Markdown export: markup stays literal text, **bold**,
// bullets and [n] markers are recognised, and the 引用 list resolves every marker.
import { describe, expect, it } from 'vitest';
import type { ChatAnswer } from '../../src/answer/types.js';
import { answerToMarkdown, exportFileName } from '../../web/src/format/markdown-export.js';
import { parseInlines, parseRichText } from '../../web/src/format/rich-text-parse.js';

describe('parseRichText', () => {
  it('recognises headings, bullets, bold spans and citation markers', () => {
    const blocks = parseRichText('**一、目标**\n- **孙安**：案例1 邀请院士[1]。\n\n普通段落[2][3]');
    expect(blocks.map((block) => block.kind)).toEqual(['heading', 'bullet', 'paragraph']);
    expect(blocks[1]!.inlines).toEqual([
      { kind: 'bold', text: '孙安' },
      { kind: 'text', text: '：案例1 邀请院士' },
      { kind: 'cite', n: 1 },
      { kind: 'text', text: '。' },
    ]);
    expect(blocks[2]!.inlines.filter((inline) => inline.kind === 'cite')).toEqual([
      { kind: 'cite', n: 2 },
      { kind: 'cite', n: 3 },
    ]);
  });

  it('keeps markup and unmatched asterisks as literal text', () => {
    const text = '<img src=x onerror=alert(1)> 和 *单个星号* 与 [x]';
    expect(parseRichText(text)).toEqual([{ kind: 'paragraph', inlines: [{ kind: 'text', text }] }]);
    expect(parseInlines('**未闭合')).toEqual([{ kind: 'text', text: '**未闭合' }]);
  });
});

describe('answerToMarkdown', () => {
  const answer: Pick<ChatAnswer, 'answer' | 'citations' | 'intent' | 'mode'> = {
    answer: '**一、目标**\n- 邀请院士专家进园区[1]。',
    intent: 'plan',
    mode: 'graph',
    citations: [{ case: 1, title: '加强“三期”管理', association: '江苏扬州高新区科协', section: '主要做法', sentence: 'c01-1', quote: '邀请院士专家。' }],
  };

  it('writes the question, the answer and a 引用 list that resolves the markers', () => {
    const markdown = answerToMarkdown('帮我拟一个方案', answer, new Date(2024, 4, 29, 10, 30));
    expect(markdown.startsWith('# 帮我拟一个方案\n\n**一、目标**\n- 邀请院士专家进园区[1]。\n')).toBe(true);
    expect(markdown).toContain('## 引用\n\n- [1] 案例1《加强“三期”管理》（江苏扬州高新区科协 · 主要做法）：“邀请院士专家。”');
    expect(markdown).toContain('2024-05-29');
  });

  it('names text from the front matter (case 0) 前言 and leaves out the missing association', () => {
    const front = { ...answer, citations: [{ case: 0, title: '前言', association: '', section: '前言', sentence: 'c00-1', quote: '共收集案例 172 个。' }] };
    expect(answerToMarkdown('问', front, new Date(2024, 0, 1))).toContain('- [1] 前言（前言）：“共收集案例 172 个。”');
  });

  it('names files by content and time', () => {
    expect(exportFileName('园区科协活动方案', 'docx', new Date(2024, 4, 29, 9, 5))).toBe('园区科协活动方案-20240529-0905.docx');
  });
});
