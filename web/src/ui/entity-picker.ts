// A combobox that finds entities by name or alias as the user types (GET /api/entities?q=) and
// holds the chosen one. Arrow keys move, Enter picks, Esc closes the list.
import { findEntities } from '../api/client.js';
import type { GraphNode, NodeLabel } from '../api/types.js';
import { describeError } from '../api/api-error.js';
import { h, replaceChildren } from './dom.js';
import { labelColour, labelName } from './labels.js';

let pickers = 0;

export interface EntityPickerOptions {
  label: string;
  placeholder?: string;
  type?: NodeLabel;
  onChange: (node: GraphNode | undefined) => void;
}

export class EntityPicker {
  readonly element: HTMLElement;
  private readonly input: HTMLInputElement;
  private readonly list: HTMLUListElement;
  private options: GraphNode[] = [];
  private active = -1;
  private timer = 0;
  private controller: AbortController | undefined;
  private chosen: GraphNode | undefined;

  constructor(private readonly settings: EntityPickerOptions) {
    const id = `entity-picker-${++pickers}`;
    this.list = h('ul', { class: 'picker-list', attrs: { id: `${id}-list`, role: 'listbox', hidden: true } });
    this.input = h('input', {
      class: 'picker-input',
      attrs: {
        id,
        type: 'search',
        role: 'combobox',
        autocomplete: 'off',
        'aria-autocomplete': 'list',
        'aria-expanded': 'false',
        'aria-controls': `${id}-list`,
        placeholder: settings.placeholder ?? '输入名称或简称',
      },
    });
    this.input.addEventListener('input', () => this.schedule());
    this.input.addEventListener('keydown', (event) => this.key(event));
    this.input.addEventListener('blur', () => window.setTimeout(() => this.closeList(), 150));
    this.element = h('div', { class: 'picker' }, h('label', { class: 'field-label', attrs: { for: id } }, settings.label), h('div', { class: 'picker-box' }, this.input, this.list));
  }

  get value(): GraphNode | undefined {
    return this.chosen;
  }

  /** Sets the choice from outside (e.g. "作为路径起点" in the node panel). */
  set(node: GraphNode | undefined): void {
    this.chosen = node;
    this.input.value = node ? node.name : '';
    this.closeList();
    this.settings.onChange(node);
  }

  private schedule(): void {
    window.clearTimeout(this.timer);
    if (this.chosen && this.input.value !== this.chosen.name) {
      this.chosen = undefined;
      this.settings.onChange(undefined);
    }
    const text = this.input.value.trim();
    if (text === '') {
      this.closeList();
      return;
    }
    this.timer = window.setTimeout(() => void this.search(text), 200);
  }

  private async search(text: string): Promise<void> {
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    try {
      this.options = await findEntities(text, this.settings.type, 12, controller.signal);
      this.active = this.options.length > 0 ? 0 : -1;
      this.renderList();
    } catch (error) {
      if (controller.signal.aborted) return;
      this.options = [];
      this.renderList(describeError(error));
    }
  }

  private renderList(message?: string): void {
    const items = this.options.map((node, index) =>
      h(
        'li',
        {
          class: index === this.active ? 'picker-option is-active' : 'picker-option',
          attrs: { role: 'option', id: `${this.input.id}-option-${index}`, 'aria-selected': String(index === this.active) },
          on: {
            mousedown: (event) => {
              event.preventDefault();
              this.set(node);
            },
          },
        },
        h('span', { class: 'swatch', attrs: { 'aria-hidden': 'true', style: `background:${labelColour(node.label)}` } }),
        h('span', { class: 'picker-name' }, node.name),
        h('span', { class: 'muted' }, labelName(node.label)),
      ),
    );
    replaceChildren(this.list, ...(items.length > 0 ? items : [h('li', { class: 'picker-empty' }, message ?? '没有找到匹配的实体')]));
    this.list.hidden = false;
    this.input.setAttribute('aria-expanded', 'true');
    if (this.active >= 0) this.input.setAttribute('aria-activedescendant', `${this.input.id}-option-${this.active}`);
    else this.input.removeAttribute('aria-activedescendant');
  }

  private closeList(): void {
    this.list.hidden = true;
    this.input.setAttribute('aria-expanded', 'false');
    this.input.removeAttribute('aria-activedescendant');
  }

  private key(event: KeyboardEvent): void {
    if (event.key === 'Escape' && !this.list.hidden) {
      event.preventDefault();
      event.stopPropagation();
      this.closeList();
    } else if ((event.key === 'ArrowDown' || event.key === 'ArrowUp') && this.options.length > 0) {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      this.active = (this.active + step + this.options.length) % this.options.length;
      this.renderList();
    } else if (event.key === 'Enter' && !event.isComposing && !this.list.hidden && this.active >= 0) {
      event.preventDefault();
      const node = this.options[this.active];
      if (node) this.set(node);
    }
  }
}
