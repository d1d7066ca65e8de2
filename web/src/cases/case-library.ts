// The 案例库 tab: the 53 cases as cards, filtered on the server by chapter (篇), province and an
// entity the text mentions; each card opens the reader.
import type { AppContext } from '../app-context.js';
import { listCases, type CaseQuery } from '../api/client.js';
import type { CaseRecord } from '../api/types.js';
import { button, h, replaceChildren } from '../ui/dom.js';
import { EntityPicker } from '../ui/entity-picker.js';
import { emptyState, errorState, loadingState } from '../ui/status.js';

export interface CaseLibrary {
  show(): void;
}

export function createCaseLibrary(root: HTMLElement, context: AppContext): CaseLibrary {
  const chapter = h('select', { attrs: { id: 'filter-chapter' } }, h('option', { attrs: { value: '' } }, '全部篇'));
  const province = h('select', { attrs: { id: 'filter-province' } }, h('option', { attrs: { value: '' } }, '全部省份'));
  const mentions = new EntityPicker({ label: '提及的实体', placeholder: '如 天津大学', onChange: () => void refresh() });
  const count = h('p', { class: 'result-count', attrs: { role: 'status', 'aria-live': 'polite' } });
  const list = h('div', { class: 'case-results' });
  const reset = button('清除筛选', () => {
    chapter.value = '';
    province.value = '';
    mentions.set(undefined);
  }, { class: 'button button-ghost' });
  chapter.addEventListener('change', () => void refresh());
  province.addEventListener('change', () => void refresh());

  root.append(
    h(
      'div',
      { class: 'library' },
      h(
        'div',
        { class: 'library-head' },
        h('h1', {}, '案例库'),
        h('p', { class: 'lead' }, '《全国园区科协典型案例汇编》收录的全部案例。按篇、省份或提及的实体筛选，点击卡片阅读原文。'),
      ),
      h(
        'form',
        { class: 'filters', attrs: { 'aria-label': '筛选案例' }, on: { submit: (event) => event.preventDefault() } },
        h('div', { class: 'field' }, h('label', { class: 'field-label', attrs: { for: 'filter-chapter' } }, '篇'), chapter),
        h('div', { class: 'field' }, h('label', { class: 'field-label', attrs: { for: 'filter-province' } }, '省份'), province),
        h('div', { class: 'field field-wide' }, mentions.element),
        h('div', { class: 'field field-action' }, reset),
      ),
      count,
      list,
    ),
  );

  let started = false;
  let request = 0;

  async function fillOptions(): Promise<void> {
    const records = await context.caseRecords();
    const chapters = [...new Set(records.map((record) => record.chapter))];
    const provinces = [...new Set(records.map((record) => record.province).filter((value): value is string => value !== null))].sort((a, b) => a.localeCompare(b, 'zh-CN'));
    chapter.append(...chapters.map((name) => h('option', { attrs: { value: name } }, `${name}（${records.filter((record) => record.chapter === name).length}）`)));
    province.append(...provinces.map((name) => h('option', { attrs: { value: name } }, name)));
  }

  async function refresh(): Promise<void> {
    const current = ++request;
    const filter: CaseQuery = {
      ...(chapter.value ? { chapter: chapter.value } : {}),
      ...(province.value ? { province: province.value } : {}),
      ...(mentions.value ? { mentions: mentions.value.id } : {}),
    };
    replaceChildren(list, loadingState('正在载入案例…'));
    count.textContent = '';
    try {
      const cases = await listCases(filter);
      if (current !== request) return;
      const filtered = Object.keys(filter).length > 0;
      count.textContent = filtered ? `符合条件的案例：${cases.length} 个` : `共 ${cases.length} 个案例`;
      replaceChildren(list, cases.length > 0 ? h('ol', { class: 'case-grid' }, ...cases.map((record) => card(record))) : emptyState('没有符合条件的案例', '换一个篇、省份或实体试试，或点击“清除筛选”。'));
    } catch (error) {
      if (current === request) replaceChildren(list, errorState(error, () => void refresh()));
    }
  }

  function card(record: CaseRecord): HTMLElement {
    const meta = [record.province, record.founded ? `${record.founded} 年成立` : null].filter(Boolean).join(' · ');
    return h(
      'li',
      { class: 'case-card', dataset: { case: record.number } },
      h('div', { class: 'case-card-top' }, h('span', { class: 'case-number' }, `案例 ${record.number}`), h('span', { class: 'badge badge-muted' }, `${record.chapter}`)),
      h('h3', { class: 'case-title' }, button(record.title, () => context.openReader({ caseNumber: record.number }), { class: 'link-button case-open' })),
      h('p', { class: 'case-association' }, record.association),
      meta ? h('p', { class: 'muted' }, meta) : null,
    );
  }

  return {
    show() {
      if (started) return;
      started = true;
      void fillOptions().catch(() => undefined);
      void refresh();
    },
  };
}
