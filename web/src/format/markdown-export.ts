// An answer as Markdown for copying and the .md download: the question, the answer with its [n]
// markers, and a 引用 list that resolves every marker to case, section and quoted sentence.
import type { ChatAnswer, Citation } from '../api/types.js';
import { caseWithTitle, joinParts } from './case-label.js';

/** One citation as a single line of text, shared by the Markdown and .docx exports. */
export function citationLine(n: number, citation: Citation): string {
  const where = joinParts(citation.association, citation.section);
  return `[${n}] ${caseWithTitle(citation.case, citation.title)}${where ? `（${where}）` : ''}：“${citation.quote}”`;
}

/** The whole answer as Markdown; `generatedAt` is passed in so the output is testable. */
export function answerToMarkdown(question: string, answer: Pick<ChatAnswer, 'answer' | 'citations' | 'intent' | 'mode'>, generatedAt: Date): string {
  const lines = [`# ${oneLine(question)}`, '', answer.answer.trim(), ''];
  if (answer.citations.length > 0) {
    lines.push('## 引用', '');
    answer.citations.forEach((citation, index) => lines.push(`- ${citationLine(index + 1, citation)}`));
    lines.push('');
  }
  lines.push(`> 由 park-kg 根据《全国园区科协典型案例汇编》整理（${formatDate(generatedAt)}，检索模式 ${answer.mode}），使用前请核对原文。`, '');
  return lines.join('\n');
}

/** A file name like `园区科协方案-20240529-1030.md`; the prefix says what the file holds. */
export function exportFileName(prefix: string, extension: string, at: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  const stamp = `${at.getFullYear()}${pad(at.getMonth() + 1)}${pad(at.getDate())}-${pad(at.getHours())}${pad(at.getMinutes())}`;
  return `${prefix}-${stamp}.${extension}`;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** `2024-05-29` in local time. */
export function formatDate(at: Date): string {
  return `${at.getFullYear()}-${String(at.getMonth() + 1).padStart(2, '0')}-${String(at.getDate()).padStart(2, '0')}`;
}
