// The case reader: a modal dialog with one case's sections, paragraphs and sentences (each a span
// with data-sentence, so a citation can scroll to and highlight it), photo captions apart, and the
// entities it mentions as chips that open the graph. Esc, the close button or the backdrop close it.
import type { AppContext, ReaderTarget } from '../app-context.js';
import { getCase } from '../api/client.js';
import type { CaseDetail, GraphNode } from '../api/types.js';
import { button, h, replaceChildren } from '../ui/dom.js';
import { LABEL_ORDER, labelColour, labelName } from '../ui/labels.js';
import { errorState, loadingState } from '../ui/status.js';

export class CaseReader {
  private readonly dialog: HTMLDialogElement;
  private readonly title: HTMLElement;
  private readonly body: HTMLElement;
  private readonly cache = new Map<number, CaseDetail>();
  private request = 0;

  constructor(private readonly context: AppContext) {
    this.title = h('h2', { class: 'reader-title', attrs: { id: 'reader-title' } }, '案例');
    this.body = h('div', { class: 'reader-body' });
    const close = button('×', () => this.close(), { class: 'icon-button reader-close', attrs: { 'aria-label': '关闭阅读器（Esc）', title: '关闭（Esc）' } });
    this.dialog = h(
      'dialog',
      { class: 'reader', attrs: { 'aria-labelledby': 'reader-title' } },
      h('div', { class: 'reader-frame' }, h('header', { class: 'reader-header' }, this.title, close), this.body),
    );
    // A click on the backdrop lands on the dialog element itself, outside the frame.
    this.dialog.addEventListener('click', (event) => {
      if (event.target === this.dialog) this.close();
    });
    document.body.append(this.dialog);
  }

  get isOpen(): boolean {
    return this.dialog.open;
  }

  close(): void {
    if (this.dialog.open) this.dialog.close();
  }

  async open(target: ReaderTarget): Promise<void> {
    const request = ++this.request;
    if (!this.dialog.open) this.dialog.showModal();
    this.dialog.dataset.case = String(target.caseNumber);
    if (target.caseNumber < 1) {
      this.frontMatter(target);
      return;
    }
    let detail = this.cache.get(target.caseNumber);
    if (!detail) {
      this.title.textContent = `案例 ${target.caseNumber}`;
      replaceChildren(this.body, loadingState('正在载入案例原文…'));
      try {
        detail = await getCase(target.caseNumber);
        this.cache.set(target.caseNumber, detail);
      } catch (error) {
        if (request === this.request) replaceChildren(this.body, errorState(error, () => void this.open(target)));
        return;
      }
    }
    if (request !== this.request) return;
    this.render(detail);
    this.highlight(target);
  }

  private render(detail: CaseDetail): void {
    const record = detail.record;
    this.title.textContent = `案例 ${record.number}：${record.title}`;
    const meta = [record.association, record.province ? `${record.province}` : null, `“${record.chapter}”篇`, record.founded ? `成立于 ${record.founded} 年` : null].filter(Boolean).join(' · ');
    replaceChildren(
      this.body,
      h('p', { class: 'reader-meta' }, meta),
      h('div', { class: 'reader-actions' }, button('在图谱中查看本案例', () => this.jump(`case:${record.number}`), { class: 'button button-small' })),
      this.entityChips(detail.entities),
      h(
        'div',
        { class: 'reader-text' },
        ...detail.sections.map((section) =>
          h(
            'section',
            { class: 'reader-section', dataset: { kind: section.kind } },
            section.heading ? h('h3', {}, section.heading) : null,
            ...section.paragraphs.map((paragraph) =>
              h('p', {}, ...paragraph.sentences.map((sentence) => h('span', { class: 'sentence', dataset: { sentence: sentence.id } }, sentence.text))),
            ),
          ),
        ),
      ),
      detail.captions.length > 0
        ? h(
            'section',
            { class: 'reader-captions' },
            h('h3', {}, '图片说明'),
            h('ul', {}, ...detail.captions.map((caption) => h('li', {}, h('span', { class: 'sentence', dataset: { sentence: caption.id } }, caption.text)))),
          )
        : null,
    );
    this.body.scrollTop = 0;
  }

  /** Text before the first case (前言) can be cited, but the API serves numbered cases only. */
  private frontMatter(target: ReaderTarget): void {
    this.title.textContent = '前言';
    const quote = target.quote?.trim();
    replaceChildren(
      this.body,
      h('p', { class: 'reader-meta' }, '这段引文出自汇编的前言，不属于 53 个案例，案例库中没有它的全文。'),
      quote ? h('div', { class: 'reader-text' }, h('p', {}, h('span', { class: 'sentence is-cited', attrs: { tabindex: -1 } }, quote))) : null,
    );
    this.body.querySelector<HTMLElement>('.is-cited')?.focus({ preventScroll: true });
  }

  private entityChips(entities: GraphNode[]): HTMLElement | null {
    if (entities.length === 0) return null;
    const byLabel = new Map<string, GraphNode[]>();
    for (const entity of entities) byLabel.set(entity.label, [...(byLabel.get(entity.label) ?? []), entity]);
    const groups = LABEL_ORDER.filter((label) => byLabel.has(label) && label !== 'Case');
    return h(
      'details',
      { class: 'reader-entities', attrs: { open: true } },
      h('summary', {}, `本案例提到的实体（${entities.filter((entity) => entity.label !== 'Case').length}）`),
      ...groups.map((label) =>
        h(
          'div',
          { class: 'entity-group' },
          h('span', { class: 'entity-group-label' }, labelName(label)),
          h(
            'ul',
            { class: 'chip-list' },
            ...(byLabel.get(label) ?? []).map((entity) =>
              h(
                'li',
                {},
                button([h('span', { class: 'swatch', attrs: { 'aria-hidden': 'true', style: `background:${labelColour(entity.label)}` } }), entity.name], () => this.jump(entity.id), {
                  class: 'entity-chip',
                  attrs: { title: `在图谱中查看“${entity.name}”` },
                  dataset: { entity: entity.id },
                }),
              ),
            ),
          ),
        ),
      ),
    );
  }

  private jump(entityId: string): void {
    this.close();
    this.context.showEntity(entityId);
  }

  /** Marks the cited sentence (by id, else every sentence the quote contains) and scrolls to it. */
  private highlight(target: ReaderTarget): void {
    const spans = [...this.body.querySelectorAll<HTMLElement>('.sentence')];
    let marked = target.sentenceId ? spans.filter((span) => span.dataset.sentence === target.sentenceId) : [];
    const quote = target.quote?.trim();
    if (marked.length === 0 && quote) {
      marked = spans.filter((span) => {
        const text = span.textContent?.trim() ?? '';
        return text.length > 0 && (quote.includes(text) || text.includes(quote));
      });
    }
    if (marked.length === 0) return;
    for (const span of marked) span.classList.add('is-cited');
    const first = marked[0]!;
    first.setAttribute('tabindex', '-1');
    first.setAttribute('aria-label', `引用的原文：${first.textContent ?? ''}`);
    requestAnimationFrame(() => {
      first.scrollIntoView({ block: 'center' });
      first.focus({ preventScroll: true });
    });
  }
}
