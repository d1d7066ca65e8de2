// The 图谱 tab: search an entity and grow the graph from it (click selects, double-click or
// "展开邻居" expands), load the whole graph, filter by type (the legend), chapter and province,
// and the 共享合作方 and 路径 tools. The right panel shows what was clicked or found.
import type { AppContext } from '../app-context.js';
import { describeError } from '../api/api-error.js';
import { findEntities, getEntity, getWholeGraph } from '../api/client.js';
import type { CaseRecord, GraphNode, NodeLabel, Neighbourhood } from '../api/types.js';
import { button, h, replaceChildren } from '../ui/dom.js';
import { LABEL_ORDER, labelColour, labelName } from '../ui/labels.js';
import { emptyState, errorState, loadingState } from '../ui/status.js';
import { GraphCanvas } from './graph-canvas.js';
import { nodeDetail } from './node-panel.js';
import { createPathTool } from './path-finder.js';
import { createSharedPartnersTool } from './shared-partners.js';
import { SidePanel } from './side-panel.js';

export interface Explorer {
  show(): void;
  focusEntity(id: string): Promise<void>;
  readonly canvas: GraphCanvas | undefined;
}

const QUICK_STARTS = ['天津大学', '河南漯河经开区科协', '院士专家工作站', '中国科学院'];
type Tool = 'explore' | 'shared' | 'path';

export async function createExplorer(root: HTMLElement, context: AppContext): Promise<Explorer> {
  const records = new Map<number, CaseRecord>();
  const neighbourhoods = new Map<string, Neighbourhood>();
  const enabled = new Set<NodeLabel>(LABEL_ORDER);

  const cyBox = h('div', { class: 'cy', attrs: { role: 'region', 'aria-label': '知识图谱画布：点击节点查看详情，双击展开邻居，滚轮缩放，拖动平移' } });
  const overlay = h('div', { class: 'canvas-overlay' });
  const status = h('p', { class: 'canvas-status', attrs: { role: 'status', 'aria-live': 'polite' } });
  const panel = new SidePanel('详情', () => emptyState('点击图中的节点', '这里会显示它的相关案例、关系和原文证据。'));

  // Search.
  const searchInput = h('input', { attrs: { id: 'entity-search', type: 'search', placeholder: '如 天津大学', autocomplete: 'off' } });
  const typeSelect = h('select', { attrs: { id: 'entity-type', 'aria-label': '实体类型' } }, h('option', { attrs: { value: '' } }, '全部类型'), ...LABEL_ORDER.map((label) => h('option', { attrs: { value: label } }, labelName(label))));
  const results = h('div', { class: 'search-results' });
  const searchForm = h(
    'form',
    { class: 'tool-form', attrs: { role: 'search', 'aria-label': '搜索实体' } },
    h('label', { class: 'field-label', attrs: { for: 'entity-search' } }, '搜索实体（名称或简称）'),
    h('div', { class: 'search-row' }, searchInput, typeSelect, h('button', { class: 'button button-primary', attrs: { type: 'submit' } }, '搜索')),
    results,
    h(
      'div',
      { class: 'tool-row' },
      button('载入全图', () => void loadAll(), { class: 'button button-small', dataset: { action: 'load-all' } }),
      button('适应窗口', () => canvas.fit(), { class: 'button button-small button-ghost' }),
      button('清空画布', () => clearCanvas(), { class: 'button button-small button-ghost' }),
    ),
  );

  // Filters and legend.
  const chapterSelect = h('select', { attrs: { id: 'graph-chapter' } }, h('option', { attrs: { value: '' } }, '全部篇'));
  const provinceSelect = h('select', { attrs: { id: 'graph-province' } }, h('option', { attrs: { value: '' } }, '全部省份'));
  const legend = h('ul', { class: 'legend' });
  const filters = h(
    'details',
    // Folded on phones, where the canvas would otherwise start a screen further down.
    { class: 'filters-box', attrs: { open: window.matchMedia('(min-width: 761px)').matches } },
    h('summary', {}, '筛选与图例'),
    h('div', { class: 'filter-row' }, h('label', { class: 'field-label', attrs: { for: 'graph-chapter' } }, '篇'), chapterSelect, h('label', { class: 'field-label', attrs: { for: 'graph-province' } }, '省份'), provinceSelect),
    legend,
  );

  const toolTabs = h('div', { class: 'segmented', attrs: { role: 'tablist', 'aria-label': '图谱工具' } });
  const toolBody = h('div', { class: 'tool-body' });
  root.append(
    h(
      'div',
      { class: 'explorer' },
      h('div', { class: 'explorer-tools' }, toolTabs, toolBody, filters),
      h('div', { class: 'explorer-canvas' }, cyBox, overlay, status),
      panel.element,
    ),
  );

  const canvas = await GraphCanvas.create(cyBox, {
    onTap: (node) => {
      if (node) void showNode(node);
    },
    onExpand: (node) => void expand(node.id),
  });
  const drawn = () => applyFilters();
  const shared = createSharedPartnersTool({ context, panel, canvas, drawn });
  const pathTool = createPathTool({ context, panel, canvas, drawn });
  const tools: Record<Tool, HTMLElement> = { explore: searchForm, shared: shared.element, path: pathTool.element };
  const toolNames: Record<Tool, string> = { explore: '实体探索', shared: '共享合作方', path: '路径' };
  const tabButtons = (Object.keys(tools) as Tool[]).map((tool) =>
    button(toolNames[tool], () => selectTool(tool), { class: 'segment', attrs: { role: 'tab', 'aria-selected': 'false' }, dataset: { tool } }),
  );
  toolTabs.append(...tabButtons);
  const selectTool = (tool: Tool) => {
    for (const tab of tabButtons) tab.setAttribute('aria-selected', String(tab.dataset.tool === tool));
    replaceChildren(toolBody, tools[tool]);
  };
  selectTool('explore');

  const nodeActions = {
    context,
    records,
    expand: (id: string) => void expand(id),
    focus: (id: string) => {
      canvas.focus(id);
      const node = canvas.node(id);
      if (node) void showNode(node);
    },
    pathEnd: (which: 'from' | 'to', node: GraphNode) => {
      pathTool.setEnd(which, node);
      selectTool('path');
    },
    sharedPartners: (node: GraphNode) => {
      selectTool('shared');
      shared.choose(node);
    },
  };

  void context.caseRecords().then((list) => {
    for (const record of list) records.set(record.number, record);
    const chapters = [...new Set(list.map((record) => record.chapter))];
    const provinces = [...new Set(list.flatMap((record) => (record.province ? [record.province] : [])))].sort((a, b) => a.localeCompare(b, 'zh-CN'));
    chapterSelect.append(...chapters.map((name) => h('option', { attrs: { value: name } }, name)));
    provinceSelect.append(...provinces.map((name) => h('option', { attrs: { value: name } }, name)));
  }, () => undefined);
  chapterSelect.addEventListener('change', () => applyFilters());
  provinceSelect.addEventListener('change', () => applyFilters());

  function applyFilters(): void {
    const chapter = chapterSelect.value;
    const province = provinceSelect.value;
    const inScope = (node: GraphNode) =>
      (chapter === '' || node.cases.some((number) => records.get(number)?.chapter === chapter)) &&
      (province === '' || node.cases.some((number) => records.get(number)?.province === province));
    const shown = canvas.filter((node) => enabled.has(node.label) && inScope(node));
    renderLegend();
    // An edge is drawn only when both its ends are shown.
    const edges = canvas.cy.edges().filter((edge) => !edge.source().hasClass('hidden') && !edge.target().hasClass('hidden')).length;
    status.textContent = canvas.size === 0 ? '' : `显示 ${shown} / ${canvas.size} 个节点 · ${edges} 条关系 · 单击查看详情，双击展开邻居`;
    root.dataset.nodes = String(canvas.size);
    if (canvas.size === 0) replaceChildren(overlay, startHint());
    else replaceChildren(overlay);
  }

  function renderLegend(): void {
    const counts = new Map<string, number>();
    for (const node of canvas.allNodes()) counts.set(node.label, (counts.get(node.label) ?? 0) + 1);
    replaceChildren(
      legend,
      ...LABEL_ORDER.map((label) => {
        const input = h('input', { attrs: { type: 'checkbox', checked: enabled.has(label), 'aria-label': `显示${labelName(label)}` } });
        input.addEventListener('change', () => {
          if (input.checked) enabled.add(label);
          else enabled.delete(label);
          applyFilters();
        });
        return h('li', {}, h('label', { class: 'check' }, input, h('span', { class: 'swatch', attrs: { 'aria-hidden': 'true', style: `background:${labelColour(label)}` } }), labelName(label), h('span', { class: 'muted' }, ` ${counts.get(label) ?? 0}`)));
      }),
    );
  }

  function startHint(): HTMLElement {
    return h(
      'div',
      { class: 'start-hint' },
      emptyState('画布是空的', '在左侧搜索一个实体，或点击“载入全图”查看全部节点和关系。'),
      h('div', { class: 'quick-starts' }, h('span', { class: 'muted' }, '试试：'), ...QUICK_STARTS.map((name) => button(name, () => void searchAndShow(name), { class: 'entity-chip' }))),
    );
  }

  async function search(text: string): Promise<void> {
    if (text.trim() === '') return;
    replaceChildren(results, loadingState('正在搜索…'));
    try {
      const found = await findEntities(text.trim(), (typeSelect.value || undefined) as NodeLabel | undefined, 30);
      replaceChildren(
        results,
        found.length === 0
          ? emptyState('没有找到匹配的实体', '换个说法，或只输入名称的一部分，如“交通大学”。')
          : h(
              'ul',
              { class: 'result-list', attrs: { 'aria-label': '搜索结果' } },
              ...found.map((node) =>
                h(
                  'li',
                  {},
                  button([h('span', { class: 'swatch', attrs: { 'aria-hidden': 'true', style: `background:${labelColour(node.label)}` } }), h('span', { class: 'result-name' }, node.name), h('span', { class: 'muted' }, `${labelName(node.label)} · ${node.cases.length} 个案例`)], () => void focusEntity(node.id), {
                    class: 'result-item',
                    dataset: { entity: node.id },
                  }),
                ),
              ),
            ),
      );
    } catch (error) {
      replaceChildren(results, errorState(error, () => void search(text)));
    }
  }

  async function searchAndShow(name: string): Promise<void> {
    searchInput.value = name;
    await search(name);
    const first = results.querySelector<HTMLButtonElement>('.result-item');
    first?.click();
  }

  searchForm.addEventListener('submit', (event) => {
    event.preventDefault();
    void search(searchInput.value);
  });

  async function neighbourhood(id: string): Promise<Neighbourhood> {
    const cached = neighbourhoods.get(id);
    if (cached) return cached;
    const loaded = await getEntity(id);
    neighbourhoods.set(id, loaded);
    return loaded;
  }

  async function expand(id: string): Promise<void> {
    status.textContent = '正在载入邻居…';
    try {
      const around = await neighbourhood(id);
      const before = canvas.size;
      const added = canvas.add([around.center, ...around.nodes], around.edges);
      await canvas.layout(before > 1 ? { around: id, added } : {});
      canvas.markCenter(id);
      applyFilters();
      canvas.focus(id);
    } catch (error) {
      status.textContent = describeError(error);
    }
  }

  async function showNode(node: GraphNode): Promise<void> {
    panel.loading(node.name, '正在载入关系与证据…');
    try {
      panel.detail(node.name, ...nodeDetail(node, await neighbourhood(node.id), nodeActions));
    } catch (error) {
      panel.error(node.name, error, () => void showNode(node));
    }
  }

  async function focusEntity(id: string): Promise<void> {
    selectTool('explore');
    if (!canvas.has(id)) await expand(id);
    const node = canvas.node(id);
    if (!node) return;
    canvas.focus(id);
    await showNode(node);
  }

  async function loadAll(): Promise<void> {
    replaceChildren(overlay, loadingState('正在载入全图…'));
    try {
      const graph = await getWholeGraph();
      canvas.clear();
      panel.clear();
      canvas.add(graph.nodes, graph.edges);
      status.textContent = '正在计算布局…';
      await canvas.layout();
      applyFilters();
    } catch (error) {
      replaceChildren(overlay, errorState(error, () => void loadAll()));
    }
  }

  function clearCanvas(): void {
    canvas.clear();
    panel.clear();
    applyFilters();
  }

  applyFilters();
  return {
    canvas,
    show() {
      // The container had no size while the tab was hidden.
      canvas.resize();
    },
    focusEntity,
  };
}
