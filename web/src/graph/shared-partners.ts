// "共享合作方": pick an association and see which other associations share its universities,
// institutes, societies, academicians and enterprises (GET /api/graph/shared-partners), with the
// sentences that name each partner. The canvas shows associations linked through their partners.
import type { AppContext } from '../app-context.js';
import { findEntities, sharedPartners } from '../api/client.js';
import type { GraphNode, NodeLabel, SharedPartner } from '../api/types.js';
import { caseLabel } from '../format/case-label.js';
import { button, h, type Child } from '../ui/dom.js';
import { labelColour, labelName } from '../ui/labels.js';
import { emptyState } from '../ui/status.js';
import type { CanvasEdge, GraphCanvas } from './graph-canvas.js';
import type { SidePanel } from './side-panel.js';

const PARTNER_TYPES: Array<{ label: NodeLabel; checked: boolean }> = [
  { label: 'University', checked: true },
  { label: 'ResearchInstitute', checked: true },
  { label: 'Society', checked: true },
  { label: 'Academician', checked: true },
  { label: 'Enterprise', checked: true },
  { label: 'Expert', checked: false },
  { label: 'Platform', checked: false },
  { label: 'Initiative', checked: false },
];
const MAX_EVIDENCE = 2;

export interface SharedPartnersDeps {
  context: AppContext;
  panel: SidePanel;
  canvas: GraphCanvas;
  /** Called after the canvas was redrawn, so filters and counts are applied again. */
  drawn(): void;
}

export interface SharedPartnersTool {
  element: HTMLElement;
  choose(association: GraphNode): void;
}

export function createSharedPartnersTool(deps: SharedPartnersDeps): SharedPartnersTool {
  const select = h('select', { attrs: { id: 'shared-association' } }, h('option', { attrs: { value: '' } }, '（全部园区科协）'));
  const boxes = PARTNER_TYPES.map(({ label, checked }) => {
    const input = h('input', { attrs: { type: 'checkbox', value: label, checked } });
    return { label, input, element: h('label', { class: 'check' }, input, h('span', { class: 'swatch', attrs: { 'aria-hidden': 'true', style: `background:${labelColour(label)}` } }), labelName(label)) };
  });
  const min = h('input', { attrs: { id: 'shared-min', type: 'number', min: 2, max: 20, value: 2, inputmode: 'numeric' } });
  const form = h(
    'form',
    { class: 'tool-form', attrs: { 'aria-label': '共享合作方' } },
    h('p', { class: 'hint' }, '看看哪些园区科协与所选科协有共同的高校、学会、院士或企业合作方，以及书中的出处。'),
    h('label', { class: 'field-label', attrs: { for: 'shared-association' } }, '园区科协'),
    select,
    h('fieldset', { class: 'checks' }, h('legend', { class: 'field-label' }, '合作方类型'), ...boxes.map((box) => box.element)),
    h('label', { class: 'field-label', attrs: { for: 'shared-min' } }, '至少被几个科协共享'),
    min,
    h('button', { class: 'button button-primary', attrs: { type: 'submit' } }, '查询共享合作方'),
  );

  void findEntities('', 'Association', 100)
    .then((associations) => {
      associations.sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
      select.append(...associations.map((node) => h('option', { attrs: { value: node.id } }, node.name)));
    })
    .catch(() => undefined);

  const run = async () => {
    const association = select.value || undefined;
    const types = boxes.filter((box) => box.input.checked).map((box) => box.label);
    const name = association ? (select.selectedOptions[0]?.textContent ?? association) : '全部园区科协';
    const title = `共享合作方：${name}`;
    if (types.length === 0) {
      deps.panel.results(title, emptyState('请至少勾选一种合作方类型'));
      return;
    }
    deps.panel.loading(title, '正在查找共享合作方…');
    try {
      const partners = await sharedPartners({ ...(association ? { association } : {}), types, min: Math.max(2, Number(min.value) || 2) });
      draw(partners, association);
      deps.panel.results(title, ...results(partners, association, name));
    } catch (error) {
      deps.panel.error(title, error, () => void run());
    }
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void run();
  });

  function draw(partners: SharedPartner[], association: string | undefined): void {
    const nodes = new Map<string, GraphNode>();
    const edges: CanvasEdge[] = [];
    for (const shared of partners) {
      nodes.set(shared.partner.id, shared.partner);
      for (const link of shared.associations) {
        nodes.set(link.association.id, link.association);
        edges.push({ source: link.association.id, target: shared.partner.id, type: 'SHARED', caption: '案例提及' });
      }
    }
    deps.canvas.clear();
    deps.canvas.add([...nodes.values()], edges);
    void deps.canvas.layout().then(() => {
      if (association) deps.canvas.markCenter(association);
      deps.drawn();
    });
  }

  function results(partners: SharedPartner[], association: string | undefined, name: string): Child[] {
    if (partners.length === 0) {
      return [emptyState('没有找到共享合作方', `${name} 的这些类型合作方没有出现在其他科协的案例中；可以勾选更多类型（如平台、品牌活动）再试。`)];
    }
    const others = new Map<string, { node: GraphNode; partners: string[] }>();
    for (const shared of partners) {
      for (const link of shared.associations) {
        if (link.association.id === association) continue;
        const entry = others.get(link.association.id) ?? { node: link.association, partners: [] };
        entry.partners.push(shared.partner.name);
        others.set(link.association.id, entry);
      }
    }
    const ranked = [...others.values()].sort((a, b) => b.partners.length - a.partners.length || a.node.name.localeCompare(b.node.name, 'zh-CN'));
    return [
      h('p', { class: 'summary' }, association ? `与 ${name} 有共同合作方的园区科协：${ranked.length} 个；共同合作方 ${partners.length} 个。` : `被至少两个园区科协共享的合作方：${partners.length} 个。`),
      association
        ? h(
            'ul',
            { class: 'shared-associations' },
            ...ranked.map((entry) =>
              h(
                'li',
                { dataset: { association: entry.node.id } },
                button(entry.node.name, () => deps.canvas.focus(entry.node.id), { class: 'link-button strong' }),
                h('span', { class: 'muted' }, ` 共享 ${entry.partners.length} 个：${entry.partners.join('、')}`),
              ),
            ),
          )
        : null,
      h('h3', { class: 'section-title' }, '合作方与出处'),
      h('ol', { class: 'partner-list' }, ...partners.map((shared) => partnerItem(shared))),
    ];
  }

  function partnerItem(shared: SharedPartner): HTMLElement {
    return h(
      'li',
      { class: 'partner' },
      h(
        'div',
        { class: 'partner-head' },
        h('span', { class: 'swatch', attrs: { 'aria-hidden': 'true', style: `background:${labelColour(shared.partner.label)}` } }),
        button(shared.partner.name, () => deps.canvas.focus(shared.partner.id), { class: 'link-button strong' }),
        h('span', { class: 'muted' }, ` ${labelName(shared.partner.label)} · ${shared.associations.length} 个科协`),
      ),
      h(
        'ul',
        { class: 'partner-links' },
        ...shared.associations.map((link) =>
          h(
            'li',
            {},
            h('span', { class: 'association-name' }, link.association.name),
            h('span', { class: 'muted' }, `（${link.cases.map((number) => caseLabel(number)).join('、')}）`),
            h(
              'ul',
              { class: 'evidence-list' },
              ...link.evidence.slice(0, MAX_EVIDENCE).map((evidence) =>
                h(
                  'li',
                  {},
                  h('q', { class: 'evidence-text' }, evidence.text),
                  ' ',
                  button(`${caseLabel(evidence.case)} 原文`, () => deps.context.openReader({ caseNumber: evidence.case, sentenceId: evidence.sentence, quote: evidence.text }), { class: 'link-button' }),
                ),
              ),
            ),
          ),
        ),
      ),
    );
  }

  return {
    element: form,
    choose(association) {
      select.value = association.id;
      void run();
    },
  };
}
