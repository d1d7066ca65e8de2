// "回答依据": what an answer was built from — its intent and mode, the graph facts (drawn as a small
// cytoscape graph and listed as sentences with evidence) and the retrieved passages.
import type { AppContext } from '../app-context.js';
import type { ChatAnswer, GraphEdge, GraphNode } from '../api/types.js';
import { caseLabel, caseWithTitle, joinParts } from '../format/case-label.js';
import { GraphCanvas } from '../graph/graph-canvas.js';
import { button, h, replaceChildren } from '../ui/dom.js';
import { INTENT_NAMES, MODE_NAMES, labelColour, labelName, relationName } from '../ui/labels.js';
import { emptyState } from '../ui/status.js';

const MAX_FACTS = 20;

export class ProvenanceView {
  readonly element: HTMLElement;
  private readonly body: HTMLElement;
  private canvas: GraphCanvas | undefined;

  constructor(private readonly context: AppContext) {
    this.body = h('div', { class: 'provenance-body' });
    this.element = h('aside', { class: 'provenance', attrs: { 'aria-label': '回答依据', tabindex: -1 } }, h('h2', { class: 'panel-title' }, '回答依据'), this.body);
    this.reset();
  }

  reset(): void {
    this.canvas?.cy.destroy();
    this.canvas = undefined;
    replaceChildren(this.body, emptyState('还没有回答', '提问后，这里会列出回答用到的图谱事实和检索到的案例段落。'));
  }

  show(answer: ChatAnswer, index: number): void {
    this.canvas?.cy.destroy();
    this.canvas = undefined;
    const names = new Map(answer.graph.nodes.map((node) => [node.id, node.name]));
    // Without relations a drawing adds nothing to the list of entities below it.
    const drawGraph = answer.graph.edges.length > 0;
    const graphBox = h('div', { class: 'mini-graph', attrs: { role: 'img', 'aria-label': `回答用到的 ${answer.graph.nodes.length} 个实体及其关系` } });
    replaceChildren(
      this.body,
      h(
        'dl',
        { class: 'facts-summary' },
        h('dt', {}, '第几问'),
        h('dd', {}, `第 ${index} 问`),
        h('dt', {}, '问题类型'),
        h('dd', {}, INTENT_NAMES[answer.intent] ?? answer.intent),
        h('dt', {}, '检索模式'),
        h('dd', {}, MODE_NAMES[answer.mode] ?? answer.mode),
        h('dt', {}, '撰写方式'),
        h('dd', {}, answer.composer === 'llm' ? '大语言模型（经引用校验）' : '离线撰写（直接摘引原文）'),
      ),
      h('h3', { class: 'section-title' }, `图谱事实（${answer.graph.nodes.length} 个实体 · ${answer.graph.edges.length} 条关系）`),
      drawGraph ? graphBox : null,
      drawGraph ? h('p', { class: 'hint' }, '点按图中节点，可在“图谱”页继续探索。') : null,
      answer.graph.nodes.length === 0 ? emptyState('这次回答没有用到图谱事实') : null,
      answer.graph.edges.length > 0 ? this.factList(answer.graph.edges, names) : this.nodeChips(answer.graph.nodes),
      h('h3', { class: 'section-title' }, `检索到的段落（${answer.passages.length}）`),
      answer.passages.length > 0
        ? h(
            'ol',
            { class: 'passage-list' },
            ...answer.passages.map((passage) =>
              h(
                'li',
                { class: 'passage' },
                h(
                  'div',
                  { class: 'passage-head' },
                  button(caseWithTitle(passage.case, passage.title), () => this.context.openReader({ caseNumber: passage.case, quote: passage.text }), { class: 'link-button' }),
                  h('span', { class: 'muted' }, ` · ${joinParts(passage.section === passage.title ? '' : passage.section, `相关度 ${passage.score.toFixed(3)}`)}`),
                ),
                h('p', { class: 'passage-text' }, passage.text),
              ),
            ),
          )
        : emptyState('没有检索到段落'),
    );
    if (drawGraph) void this.draw(graphBox, answer.graph.nodes, answer.graph.edges);
  }

  private async draw(container: HTMLElement, nodes: GraphNode[], edges: GraphEdge[]): Promise<void> {
    const canvas = await GraphCanvas.create(container, { compact: true, onTap: (node) => node && this.context.showEntity(node.id) });
    if (!container.isConnected) {
      canvas.cy.destroy();
      return;
    }
    this.canvas = canvas;
    canvas.add(nodes, edges);
    await canvas.layout();
  }

  private factList(edges: GraphEdge[], names: Map<string, string>): HTMLElement {
    const shown = edges.slice(0, MAX_FACTS);
    return h(
      'ul',
      { class: 'fact-list' },
      ...shown.map((edge) => {
        const evidence = edge.evidence[0];
        return h(
          'li',
          {},
          h('span', { class: 'fact' }, `${names.get(edge.source) ?? edge.source} —${relationName(edge.type)}→ ${names.get(edge.target) ?? edge.target}`),
          edge.date ? h('span', { class: 'muted' }, `（${edge.date}）`) : null,
          evidence
            ? button(`原文：${caseLabel(evidence.case)}`, () => this.context.openReader({ caseNumber: evidence.case, sentenceId: evidence.sentence, quote: evidence.text }), { class: 'link-button', attrs: { title: evidence.text } })
            : null,
        );
      }),
      edges.length > MAX_FACTS ? h('li', { class: 'muted' }, `另有 ${edges.length - MAX_FACTS} 条关系未列出`) : null,
    );
  }

  private nodeChips(nodes: GraphNode[]): HTMLElement | null {
    if (nodes.length === 0) return null;
    return h(
      'ul',
      { class: 'chip-list' },
      ...nodes.map((node) =>
        h(
          'li',
          {},
          button([h('span', { class: 'swatch', attrs: { 'aria-hidden': 'true', style: `background:${labelColour(node.label)}` } }), `${node.name}`, h('span', { class: 'muted' }, ` ${labelName(node.label)}`)], () => this.context.showEntity(node.id), {
            class: 'entity-chip',
          }),
        ),
      ),
    );
  }
}
