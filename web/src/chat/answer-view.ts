// One exchange in the conversation: the question, then the answer while it streams and once it is
// final — formatted text with clickable [n] markers, citation chips, notes and export actions.
import type { AppContext } from '../app-context.js';
import type { ChatAnswer, Citation } from '../api/types.js';
import { caseLabel, caseWithTitle, joinParts } from '../format/case-label.js';
import { answerToMarkdown, exportFileName } from '../format/markdown-export.js';
import { append, button, h, replaceChildren } from '../ui/dom.js';
import { copyText, saveBlob } from '../ui/download.js';
import { INTENT_NAMES, MODE_NAMES } from '../ui/labels.js';
import { renderRichText } from '../ui/rich-text.js';
import { errorState } from '../ui/status.js';

export interface ExchangeHandlers {
  showProvenance(answer: ChatAnswer, index: number): void;
  retry(): void;
}

/** The DOM of one question and its answer, updated as the stream progresses. */
export class ExchangeView {
  readonly element: HTMLElement;
  private readonly reply: HTMLElement;
  private readonly text: HTMLElement;
  private readonly extra: HTMLElement;
  private frame = 0;
  private pending = '';

  constructor(
    readonly question: string,
    readonly index: number,
    private readonly context: AppContext,
    private readonly handlers: ExchangeHandlers,
  ) {
    this.text = h('div', { class: 'answer-text' }, h('p', { class: 'thinking' }, h('span', { class: 'spinner', attrs: { 'aria-hidden': 'true' } }), '正在检索案例并撰写回答…'));
    this.extra = h('div', { class: 'answer-extra' });
    this.reply = h(
      'article',
      { class: 'message message-assistant', dataset: { state: 'waiting' }, attrs: { 'aria-busy': 'true', 'aria-label': `第 ${index} 问的回答` } },
      h('div', { class: 'message-meta' }, h('span', { class: 'who' }, '助手')),
      this.text,
      this.extra,
    );
    this.element = h(
      'div',
      { class: 'exchange' },
      h('article', { class: 'message message-user', attrs: { 'aria-label': `第 ${index} 问` } }, h('p', { class: 'question-text' }, question)),
      this.reply,
    );
  }

  /** Shows the text streamed so far; renders at most once per frame however fast tokens come. */
  streamed(soFar: string): void {
    this.pending = soFar;
    this.reply.dataset.state = 'streaming';
    if (this.frame !== 0) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      replaceChildren(this.text, renderRichText(this.pending), h('span', { class: 'caret', attrs: { 'aria-hidden': 'true' } }));
    });
  }

  /** The checked answer replaces the streamed text (markers may have been removed). */
  finish(answer: ChatAnswer): void {
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    const openCitation = (n: number) => {
      const citation = answer.citations[n - 1];
      if (citation) this.context.openReader({ caseNumber: citation.case, sentenceId: citation.sentence, quote: citation.quote });
    };
    replaceChildren(this.text, renderRichText(answer.answer, { onCite: openCitation, citationCount: answer.citations.length }));
    const meta = this.reply.querySelector('.message-meta');
    if (meta) {
      append(
        meta,
        h('span', { class: 'badge', attrs: { title: '问题类型' } }, INTENT_NAMES[answer.intent] ?? answer.intent),
        h('span', { class: 'badge badge-muted', attrs: { title: '检索模式' } }, MODE_NAMES[answer.mode] ?? answer.mode),
        answer.answerable ? null : h('span', { class: 'badge badge-warn' }, '书中未涉及'),
      );
    }
    replaceChildren(
      this.extra,
      answer.citations.length > 0 ? this.citationChips(answer.citations, openCitation) : null,
      answer.notes.length > 0 ? h('ul', { class: 'notes' }, ...answer.notes.map((note) => h('li', {}, note))) : null,
      this.actions(answer),
    );
    this.reply.dataset.state = 'done';
    this.reply.removeAttribute('aria-busy');
  }

  fail(error: unknown): void {
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    const stopped = error instanceof DOMException && error.name === 'AbortError';
    replaceChildren(
      this.text,
      stopped ? h('p', { class: 'state state-empty' }, '已停止回答。', button('重新提问', () => this.handlers.retry(), { class: 'button button-small' })) : errorState(error, () => this.handlers.retry()),
    );
    this.reply.dataset.state = 'error';
    this.reply.removeAttribute('aria-busy');
  }

  private citationChips(citations: Citation[], open: (n: number) => void): HTMLElement {
    return h(
      'div',
      { class: 'citations' },
      h('h4', { class: 'citations-title' }, `引用（${citations.length}）`),
      h(
        'ul',
        { class: 'chip-list' },
        ...citations.map((citation, index) =>
          h(
            'li',
            {},
            button(
              [h('span', { class: 'chip-n' }, String(index + 1)), h('span', { class: 'chip-label' }, joinParts(caseLabel(citation.case), citation.association, citation.section))],
              () => open(index + 1),
              { class: 'citation-chip', dataset: { cite: index + 1 }, attrs: { title: `“${citation.quote}”`, 'aria-label': `引用 ${index + 1}：${caseWithTitle(citation.case, citation.title)}，打开原文` } },
            ),
          ),
        ),
      ),
    );
  }

  private actions(answer: ChatAnswer): HTMLElement {
    const status = h('span', { class: 'action-status', attrs: { role: 'status', 'aria-live': 'polite' } });
    const markdown = () => answerToMarkdown(this.question, answer, new Date());
    const prefix = answer.intent === 'plan' ? '园区科协活动方案' : '园区科协问答';
    const copy = button('复制为 Markdown', () => {
      void copyText(markdown()).then((ok) => {
        status.textContent = ok ? '已复制到剪贴板' : '浏览器不允许复制，请改用“下载 .md”';
      });
    }, { class: 'button button-small' });
    const downloadMarkdown = button('下载 .md', () => {
      saveBlob(new Blob([markdown()], { type: 'text/markdown;charset=utf-8' }), exportFileName(prefix, 'md', new Date()));
    }, { class: 'button button-small', dataset: { export: 'md' } });
    const downloadDocx = button(answer.intent === 'plan' ? '下载方案 .docx' : '下载 .docx', () => {
      downloadDocx.disabled = true;
      status.textContent = '正在生成 Word 文档…';
      void import('./export-docx.js')
        .then(({ answerToDocx }) => answerToDocx(this.question, answer, new Date()))
        .then((blob) => {
          saveBlob(blob, exportFileName(prefix, 'docx', new Date()));
          status.textContent = '已生成 Word 文档';
        })
        .catch(() => {
          status.textContent = '生成 Word 文档失败，请改用“下载 .md”';
        })
        .finally(() => {
          downloadDocx.disabled = false;
        });
    }, { class: answer.intent === 'plan' ? 'button button-small button-primary' : 'button button-small', dataset: { export: 'docx' } });
    const provenance = button('查看依据', () => this.handlers.showProvenance(answer, this.index), { class: 'button button-small button-ghost' });
    return h('div', { class: 'message-actions' }, ...(answer.answerable ? [copy, downloadMarkdown, downloadDocx] : []), provenance, status);
  }
}
