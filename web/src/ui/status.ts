// Loading, empty and error states look the same everywhere, and errors always carry their code.
import { describeError } from '../api/api-error.js';
import { button, h } from './dom.js';

export function loadingState(text = '正在加载…'): HTMLElement {
  return h('div', { class: 'state state-loading', attrs: { role: 'status', 'aria-live': 'polite' } }, h('span', { class: 'spinner', attrs: { 'aria-hidden': 'true' } }), text);
}

export function emptyState(title: string, hint?: string): HTMLElement {
  return h('div', { class: 'state state-empty', attrs: { role: 'status' } }, h('strong', {}, title), hint ? h('span', {}, hint) : null);
}

/** An error box with the Chinese explanation, the code, and an optional retry button. */
export function errorState(error: unknown, retry?: () => void): HTMLElement {
  return h(
    'div',
    { class: 'state state-error', attrs: { role: 'alert' } },
    h('strong', {}, '出错了'),
    h('span', { class: 'error-text' }, describeError(error)),
    retry ? button('重试', retry, { class: 'button button-small' }) : null,
  );
}
