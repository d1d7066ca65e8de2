// A node's details in the explorer: its label, aliases, the cases that mention it (links into the
// reader), and every relation with the sentences that state it.
import type { AppContext } from '../app-context.js';
import type { CaseRecord, GraphEdge, GraphNode, Neighbourhood } from '../api/types.js';
import { caseLabel, caseWithTitle } from '../format/case-label.js';
import { button, h, type Child } from '../ui/dom.js';
import { labelColour, labelName, relationName } from '../ui/labels.js';

export interface NodePanelActions {
  context: AppContext;
  records: Map<number, CaseRecord>;
  expand(id: string): void;
  focus(id: string): void;
  pathEnd(which: 'from' | 'to', node: GraphNode): void;
  sharedPartners(node: GraphNode): void;
}

const MAX_CASES = 20;
const MAX_RELATIONS = 40;
const MAX_EVIDENCE = 3;

/** The children of the side panel for one node. */
export function nodeDetail(node: GraphNode, neighbourhood: Neighbourhood, actions: NodePanelActions): Child[] {
  const names = new Map(neighbourhood.nodes.map((other) => [other.id, other]));
  const relations = neighbourhood.edges.filter((edge) => edge.type !== 'MENTIONS');
  const mentions = neighbourhood.edges.filter((edge) => edge.type === 'MENTIONS');
  return [
    h(
      'p',
      { class: 'node-kind' },
      h('span', { class: 'label-chip', attrs: { style: `background:${labelColour(node.label)}` } }, labelName(node.label)),
      ` 出现在 ${node.cases.length} 个案例中 · ${neighbourhood.nodes.length} 个相邻实体`,
    ),
    node.aliases.length > 0 ? h('p', { class: 'muted' }, `别名：${node.aliases.join('、')}`) : null,
    h(
      'div',
      { class: 'panel-actions' },
      button('展开邻居', () => actions.expand(node.id), { class: 'button button-small button-primary' }),
      button('设为路径起点', () => actions.pathEnd('from', node), { class: 'button button-small' }),
      button('设为路径终点', () => actions.pathEnd('to', node), { class: 'button button-small' }),
      node.label === 'Association' ? button('查看共享合作方', () => actions.sharedPartners(node), { class: 'button button-small' }) : null,
    ),
    h('h3', { class: 'section-title' }, `相关案例（${node.cases.length}）`),
    casesList(node.cases, actions),
    h('h3', { class: 'section-title' }, `关系与证据（${relations.length}）`),
    relations.length > 0
      ? h('ul', { class: 'relation-list' }, ...relations.slice(0, MAX_RELATIONS).map((edge) => relationItem(node, edge, names, actions)))
      : h('p', { class: 'muted' }, '除案例提及外，没有抽取到其他关系。'),
    relations.length > MAX_RELATIONS ? h('p', { class: 'muted' }, `另有 ${relations.length - MAX_RELATIONS} 条关系未列出。`) : null,
    mentions.length > 0 && node.label !== 'Case'
      ? h('p', { class: 'muted' }, `被 ${mentions.length} 个案例的正文提及（见上方“相关案例”）。`)
      : null,
  ];
}

function casesList(cases: number[], actions: NodePanelActions): HTMLElement {
  const shown = cases.slice(0, MAX_CASES);
  return h(
    'ul',
    { class: 'case-links' },
    ...shown.map((number) => {
      const record = actions.records.get(number);
      return h(
        'li',
        {},
        button(record ? caseWithTitle(number, record.title) : caseLabel(number), () => actions.context.openReader({ caseNumber: number }), { class: 'link-button' }),
        record ? h('span', { class: 'muted' }, ` ${record.association}`) : null,
      );
    }),
    cases.length > MAX_CASES ? h('li', { class: 'muted' }, `…另有 ${cases.length - MAX_CASES} 个案例`) : null,
  );
}

function relationItem(node: GraphNode, edge: GraphEdge, names: Map<string, GraphNode>, actions: NodePanelActions): HTMLElement {
  const outgoing = edge.source === node.id;
  const otherId = outgoing ? edge.target : edge.source;
  const other = names.get(otherId);
  const arrow = outgoing ? `${relationName(edge.type)} →` : `← ${relationName(edge.type)}`;
  return h(
    'li',
    { class: 'relation' },
    h(
      'div',
      { class: 'relation-head' },
      h('span', { class: 'relation-type' }, arrow),
      ' ',
      button(other?.name ?? otherId, () => actions.focus(otherId), { class: 'link-button', attrs: { title: '在图中定位' } }),
      other ? h('span', { class: 'muted' }, ` ${labelName(other.label)}`) : null,
      edge.date ? h('span', { class: 'muted' }, `（${edge.date}）`) : null,
    ),
    ...evidenceList(edge, actions),
  );
}

/** Evidence sentences of an edge, each with a link to the sentence in its case. */
export function evidenceList(edge: GraphEdge, actions: Pick<NodePanelActions, 'context'>): Child[] {
  if (edge.evidence.length === 0) return [];
  const items = edge.evidence.slice(0, MAX_EVIDENCE).map((evidence) =>
    h(
      'li',
      {},
      h('q', { class: 'evidence-text' }, evidence.text),
      ' ',
      button(`${caseLabel(evidence.case)} 原文`, () => actions.context.openReader({ caseNumber: evidence.case, sentenceId: evidence.sentence, quote: evidence.text }), { class: 'link-button' }),
    ),
  );
  return [
    h('ul', { class: 'evidence-list' }, ...items),
    edge.evidence.length > MAX_EVIDENCE ? h('p', { class: 'muted' }, `另有 ${edge.evidence.length - MAX_EVIDENCE} 句证据`) : null,
  ];
}
