// A drafted plan as a Word document, built in the browser. The `docx` package is imported on
// demand, so the chat page does not pay for it until someone downloads.
import type { ChatAnswer } from '../api/types.js';
import { citationLine, formatDate } from '../format/markdown-export.js';
import { parseRichText, type Inline } from '../format/rich-text-parse.js';

/** The .docx bytes for an answer: title, the answer's headings, bullets and paragraphs, then 引用. */
export async function answerToDocx(question: string, answer: Pick<ChatAnswer, 'answer' | 'citations' | 'mode'>, generatedAt: Date): Promise<Blob> {
  const docx = await import('docx');
  const { Document, HeadingLevel, Packer, Paragraph, TextRun } = docx;

  const runs = (inlines: Inline[]) =>
    inlines.map((inline) =>
      inline.kind === 'cite'
        ? new TextRun({ text: `[${inline.n}]`, superScript: true, color: '1D4ED8' })
        : new TextRun({ text: inline.text, bold: inline.kind === 'bold' }),
    );

  const body = parseRichText(answer.answer).map((block) => {
    if (block.kind === 'heading') return new Paragraph({ heading: HeadingLevel.HEADING_2, children: runs(block.inlines) });
    if (block.kind === 'bullet') return new Paragraph({ bullet: { level: 0 }, children: runs(block.inlines), spacing: { after: 80 } });
    return new Paragraph({ children: runs(block.inlines), spacing: { after: 120 } });
  });

  const references = answer.citations.length === 0
    ? []
    : [
        new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun('引用')] }),
        ...answer.citations.map((citation, index) => new Paragraph({ children: [new TextRun({ text: citationLine(index + 1, citation), size: 20 })], spacing: { after: 80 } })),
      ];

  const date = formatDate(generatedAt);
  const document = new Document({
    creator: 'park-kg',
    title: question.slice(0, 80),
    description: '根据《全国园区科协典型案例汇编》整理的方案草案',
    styles: {
      default: {
        document: { run: { font: { ascii: 'Calibri', hAnsi: 'Calibri', eastAsia: 'Microsoft YaHei' }, size: 22 } },
      },
    },
    sections: [
      {
        children: [
          new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(question.replace(/\s+/g, ' ').trim())] }),
          new Paragraph({
            children: [new TextRun({ text: `park-kg 根据《全国园区科协典型案例汇编》整理 · ${date} · 检索模式 ${answer.mode}。方括号数字为引用编号，使用前请核对原文。`, italics: true, size: 18, color: '555555' })],
            spacing: { after: 240 },
          }),
          ...body,
          ...references,
        ],
      },
    ],
  });
  return Packer.toBlob(document);
}
