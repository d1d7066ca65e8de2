// Links a question to graph nodes: exact names and aliases, and partial names of parks and
// associations (扬州高新区 → 江苏扬州高新区科协; 鄂尔多斯空港物流园区科协 → the full name).
import { regionPrefix } from '../corpus/regions.js';
import { findOrganisations } from '../extract/org-names.js';
import { tokenize } from '../extract/segmenter.js';
import type { GraphNode, NodeLabel } from '../graph/graph-types.js';

export interface LinkedEntity {
  node: GraphNode;
  /** The text of the question that named it. */
  matched: string;
  exact: boolean;
}

const PARTIAL_LABELS = new Set<NodeLabel>(['Association', 'Park']);
const SKIP_LABELS = new Set<NodeLabel>(['Case', 'Chapter']);
const MIN_PARTIAL = 5;

const compact = (text: string) => text.replace(/\s+/g, '').toLowerCase();

/**
 * Name and alias lookups for linking; rebuilt whenever the graph changes. Lookups go through
 * indexes (forms by their first two characters, partial forms by their five-character pieces),
 * so linking a question costs about the same on a large graph as on a small one.
 */
export class EntityLinker {
  private readonly forms: Array<{ form: string; node: GraphNode }> = [];
  private readonly partial: Array<{ form: string; node: GraphNode }> = [];
  private readonly byLabel = new Map<NodeLabel, GraphNode[]>();
  /** First two characters → positions in `forms` (every form has at least two). */
  private readonly formsByHead = new Map<string, number[]>();
  /** Five-character piece → positions in `partial` holding it (ascending). */
  private readonly partialByPiece = new Map<string, number[]>();
  /** Two-character piece → positions in `partial` holding it (ascending). */
  private readonly partialByBigram = new Map<string, number[]>();

  constructor(nodes: readonly GraphNode[]) {
    for (const node of nodes) {
      const sameLabel = this.byLabel.get(node.label);
      if (sameLabel) sameLabel.push(node);
      else this.byLabel.set(node.label, [node]);
      if (SKIP_LABELS.has(node.label)) continue;
      for (const form of new Set([node.name, ...node.aliases].map(compact))) {
        const person = node.label === 'Academician' || node.label === 'Expert';
        if (form.length >= 3 || (form.length === 2 && (person || node.label === 'Province'))) this.forms.push({ form, node });
        if (PARTIAL_LABELS.has(node.label)) this.partial.push({ form, node });
      }
    }
    this.forms.sort((a, b) => b.form.length - a.form.length);
    this.forms.forEach(({ form }, position) => addPosting(this.formsByHead, form.slice(0, 2), position));
    this.partial.forEach(({ form }, position) => {
      for (let at = 0; at + MIN_PARTIAL <= form.length; at++) addPosting(this.partialByPiece, form.slice(at, at + MIN_PARTIAL), position);
      for (let at = 0; at + 2 <= form.length; at++) addPosting(this.partialByBigram, form.slice(at, at + 2), position);
    });
  }

  /** All nodes of a label, e.g. every academician, for questions about a kind of partner. */
  nodesOf(label: NodeLabel): readonly GraphNode[] {
    return this.byLabel.get(label) ?? [];
  }

  /** Nodes the question names; longer matches win over matches inside them of the same label. */
  link(question: string): LinkedEntity[] {
    const text = compact(question);
    const found: Array<LinkedEntity & { start: number; end: number }> = [];
    // Only forms that occur in the text, visited in the order of `forms` (longest first).
    const occurring = new Set<number>();
    for (let at = 0; at + 2 <= text.length; at++) {
      for (const position of this.formsByHead.get(text.slice(at, at + 2)) ?? []) {
        if (!occurring.has(position) && text.startsWith(this.forms[position]!.form, at)) occurring.add(position);
      }
    }
    for (const position of [...occurring].sort((a, b) => a - b)) {
      const { form, node } = this.forms[position]!;
      const start = text.indexOf(form);
      if (start < 0) continue;
      const end = start + form.length;
      const covered = found.some((other) => other.node.label === node.label && other.start <= start && other.end >= end);
      if (covered || found.some((other) => other.node.id === node.id)) continue;
      found.push({ node, matched: form, exact: true, start, end });
    }
    for (const link of this.partialLinks(text)) {
      if (!found.some((other) => other.node.id === link.node.id)) found.push({ ...link, start: -1, end: -1 });
    }
    return found.map(({ node, matched, exact }) => ({ node, matched, exact }));
  }

  /**
   * Organisation-like names in the question that link to nothing (深圳南山科技园科协): a sign the
   * compilation does not cover what is asked.
   */
  unknownNames(question: string, linked: readonly LinkedEntity[]): string[] {
    const text = question.replace(/\s+/g, '');
    const names = [
      ...findOrganisations(text).map((match) => match.name),
      ...[...text.matchAll(/[\p{Script=Han}A-Za-z_+·]{2,16}?(?:科协|高新区|开发区|经开区|科技园|产业园|工业园区|园区)/gu)].map((m) => m[0]),
    ];
    const known = linked.map((entity) => entity.matched);
    return [...new Set(names)].filter(
      (name) =>
        name.length >= 4 &&
        !/[哪我书什么多少想]/.test(name) &&
        startsWithPlace(name) &&
        // Covered by what was linked (扬州高新区科协), not merely sharing a region (北京 in 北京市科协).
        !known.some((form) => form.includes(compact(name)) || (compact(name).includes(form) && form.length >= compact(name).length * 0.7)),
    );
  }

  private partialLinks(text: string): LinkedEntity[] {
    // A form can share MIN_PARTIAL characters with the text only if it holds one of the text's
    // MIN_PARTIAL-character pieces; the others are visited by the original loop to no effect.
    const candidates = new Set<number>();
    for (let at = 0; at + MIN_PARTIAL <= text.length; at++) {
      for (const position of this.partialByPiece.get(text.slice(at, at + MIN_PARTIAL)) ?? []) candidates.add(position);
    }
    const generic = new Map<string, boolean>();
    let best: { node: GraphNode; common: string } | null = null;
    for (const position of [...candidates].sort((a, b) => a - b)) {
      const { form, node } = this.partial[position]!;
      const common = longestCommon(text, form);
      if (common.length < MIN_PARTIAL) continue;
      let isGeneric = generic.get(common);
      if (isGeneric === undefined) generic.set(common, (isGeneric = this.isGeneric(common)));
      if (isGeneric) continue;
      if (!best || common.length > best.common.length) best = { node, common };
    }
    if (!best) return [];
    // Every node sharing that core (the park and its association) is linked.
    const core = best.common;
    const nodes = new Map<string, GraphNode>();
    for (const position of this.partialContaining(core)) {
      const { node } = this.partial[position]!;
      nodes.set(node.id, node);
    }
    return [...nodes.values()].map((node) => ({ node, matched: core, exact: false }));
  }

  /** A core shared by many parks (高新区科协, 科技园科协) names none of them. */
  private isGeneric(core: string): boolean {
    const owners = new Set(this.partialContaining(core).map((position) => this.partial[position]!.node.name.replace(/科协$/, '')));
    return owners.size > 1;
  }

  /** Positions (ascending) of the partial forms that contain `core` (at least two characters). */
  private partialContaining(core: string): number[] {
    if (core.length < 2) return this.partial.flatMap(({ form }, position) => (form.includes(core) ? [position] : []));
    let rarest: number[] | undefined;
    for (let at = 0; at + 2 <= core.length; at++) {
      const list = this.partialByBigram.get(core.slice(at, at + 2));
      if (!list) return [];
      if (!rarest || list.length < rarest.length) rarest = list;
    }
    return rarest!.filter((position) => this.partial[position]!.form.includes(core));
  }
}

/** Appends `position` to the key's list once (positions arrive in ascending order). */
function addPosting(index: Map<string, number[]>, key: string, position: number): void {
  const list = index.get(key);
  if (!list) index.set(key, [position]);
  else if (list[list.length - 1] !== position) list.push(position);
}

/** Proper names of parks start with a place: 深圳南山科技园, not 我们园区. */
function startsWithPlace(name: string): boolean {
  if (regionPrefix(name)) return true;
  const first = tokenize(name)[0];
  return first?.tag === 'ns' || first?.tag === 'nt';
}

function longestCommon(a: string, b: string): string {
  let best = '';
  const previous = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = 0;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j]!;
      previous[j] = a[i - 1] === b[j - 1] ? diagonal + 1 : 0;
      if (previous[j]! > best.length) best = a.slice(i - previous[j]!, i);
      diagonal = above;
    }
  }
  return best;
}
