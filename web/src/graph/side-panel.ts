// The explorer's right-hand panel: node details, shared-partner results or a path, one at a time,
// with a way back to the previous results after looking at a node.
import { button, h, replaceChildren, type Child } from '../ui/dom.js';
import { errorState, loadingState } from '../ui/status.js';

interface Page {
  title: string;
  children: Child[];
}

export class SidePanel {
  readonly element: HTMLElement;
  private readonly title: HTMLElement;
  private readonly body: HTMLElement;
  private readonly back: HTMLButtonElement;
  private saved: Page | undefined;

  constructor(
    private readonly emptyTitle: string,
    private readonly empty: () => Child,
  ) {
    this.title = h('h2', { class: 'panel-title' }, emptyTitle);
    this.back = button('← 返回结果', () => this.restore(), { class: 'button button-small button-ghost', attrs: { hidden: true } });
    this.body = h('div', { class: 'panel-body' });
    this.element = h('aside', { class: 'explorer-panel', attrs: { 'aria-label': '详情', tabindex: -1 } }, h('div', { class: 'panel-head' }, this.title, this.back), this.body);
    replaceChildren(this.body, empty());
  }

  /** Back to the first state (the canvas it described was replaced). */
  clear(): void {
    this.saved = undefined;
    this.render({ title: this.emptyTitle, children: [this.empty()] }, false);
  }

  /** Shows results (shared partners, a path); a later `detail` can come back to them. */
  results(title: string, ...children: Child[]): void {
    this.saved = { title, children };
    this.render({ title, children }, false);
  }

  /** Shows one node's details; offers "返回结果" when results were shown before. */
  detail(title: string, ...children: Child[]): void {
    this.render({ title, children }, this.saved !== undefined);
  }

  loading(title: string, text: string): void {
    this.render({ title, children: [loadingState(text)] }, false);
  }

  error(title: string, error: unknown, retry?: () => void): void {
    this.render({ title, children: [errorState(error, retry)] }, false);
  }

  private restore(): void {
    if (this.saved) this.render(this.saved, false);
  }

  private render(page: Page, showBack: boolean): void {
    this.title.textContent = page.title;
    this.back.hidden = !showBack;
    replaceChildren(this.body, ...page.children);
    this.body.scrollTop = 0;
  }
}
