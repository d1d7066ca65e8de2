// "路径": the shortest chain of relations between two entities (GET /api/graph/path), drawn on the
// canvas and listed step by step with the sentences that state each relation.
import type { AppContext } from '../app-context.js';
import { ApiError } from '../api/api-error.js';
import { findPath } from '../api/client.js';
import type { GraphEdge, GraphNode, GraphPath } from '../api/types.js';
import { button, h, type Child } from '../ui/dom.js';
import { EntityPicker } from '../ui/entity-picker.js';
import { labelColour, labelName, relationName } from '../ui/labels.js';
import { emptyState } from '../ui/status.js';
import type { GraphCanvas } from './graph-canvas.js';
import { evidenceList } from './node-panel.js';
import type { SidePanel } from './side-panel.js';

export interface PathDeps {
  context: AppContext;
  panel: SidePanel;
  canvas: GraphCanvas;
  drawn(): void;
}

export interface PathTool {
  element: HTMLElement;
  setEnd(which: 'from' | 'to', node: GraphNode): void;
}

export function createPathTool(deps: PathDeps): PathTool {
  const from = new EntityPicker({ label: '起点', placeholder: '如 天津大学', onChange: () => undefined });
  const to = new EntityPicker({ label: '终点', placeholder: '如 江苏', onChange: () => undefined });
  const message = h('p', { class: 'hint', attrs: { role: 'status' } });
  const form = h(
    'form',
    { class: 'tool-form', attrs: { 'aria-label': '查找路径' } },
    h('p', { class: 'hint' }, '找出两个实体之间最短的关系链，例如某所高校如何与某个省份的园区联系在一起。'),
    from.element,
    to.element,
    h(
      'div',
      { class: 'tool-row' },
      h('button', { class: 'button button-primary', attrs: { type: 'submit' } }, '查找路径'),
      button('交换起终点', () => {
        const start = from.value;
        from.set(to.value);
        to.set(start);
      }, { class: 'button button-ghost' }),
    ),
    message,
  );

  const run = async () => {
    const start = from.value;
    const end = to.value;
    if (!start || !end) {
      message.textContent = '请先从下拉列表中选定起点和终点。';
      return;
    }
    message.textContent = '';
    const title = `路径：${start.name} → ${end.name}`;
    deps.panel.loading(title, '正在查找路径…');
    try {
      const path = await findPath(start.id, end.id);
      const added = deps.canvas.add(path.nodes, path.edges);
      if (added.length > 0) await deps.canvas.layout(deps.canvas.size > added.length ? { around: start.id, added } : {});
      deps.drawn();
      deps.canvas.markPath(
        path.nodes.map((node) => node.id),
        path.edges.map((edge) => `${edge.source}|${edge.type}|${edge.target}`),
      );
      deps.canvas.fit();
      deps.panel.results(title, ...steps(path));
    } catch (error) {
      if (error instanceof ApiError && error.code === 'NOT_FOUND') deps.panel.results(title, emptyState('两者之间没有路径', '它们在图谱中不相连；换一个实体试试。'));
      else deps.panel.error(title, error, () => void run());
    }
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void run();
  });

  function steps(path: GraphPath): Child[] {
    const items: Child[] = [];
    path.nodes.forEach((node, index) => {
      items.push(
        h(
          'li',
          { class: 'path-node' },
          h('span', { class: 'swatch', attrs: { 'aria-hidden': 'true', style: `background:${labelColour(node.label)}` } }),
          button(node.name, () => deps.canvas.focus(node.id), { class: 'link-button strong' }),
          h('span', { class: 'muted' }, ` ${labelName(node.label)}`),
        ),
      );
      const next = path.nodes[index + 1];
      const edge = next ? connecting(path.edges, node.id, next.id) : undefined;
      if (edge) {
        const forward = edge.source === node.id;
        items.push(h('li', { class: 'path-edge' }, h('span', { class: 'relation-type' }, forward ? `↓ ${relationName(edge.type)}` : `↑ ${relationName(edge.type)}（反向）`), ...evidenceList(edge, deps)));
      }
    });
    return [h('p', { class: 'summary' }, `共 ${path.edges.length} 步。`), h('ol', { class: 'path-steps' }, ...items)];
  }

  return {
    element: form,
    setEnd(which, node) {
      (which === 'from' ? from : to).set(node);
    },
  };
}

function connecting(edges: GraphEdge[], a: string, b: string): GraphEdge | undefined {
  return edges.find((edge) => (edge.source === a && edge.target === b) || (edge.source === b && edge.target === a));
}
