// GraphML export for Gephi and yEd users: labels, names, cases and evidence as data keys.
import type { GraphSnapshot } from './graph-types.js';

const KEYS = [
  ['n_label', 'node', 'label'],
  ['n_name', 'node', 'name'],
  ['n_aliases', 'node', 'aliases'],
  ['n_cases', 'node', 'cases'],
  ['e_type', 'edge', 'type'],
  ['e_cases', 'edge', 'cases'],
  ['e_evidence', 'edge', 'evidence'],
  ['e_date', 'edge', 'date'],
] as const;

/** The snapshot as a GraphML document (UTF-8, directed). */
export function toGraphml(snapshot: GraphSnapshot): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">'];
  for (const [id, target, name] of KEYS) lines.push(`  <key id="${id}" for="${target}" attr.name="${name}" attr.type="string"/>`);
  lines.push('  <graph id="park-kg" edgedefault="directed">');
  for (const node of snapshot.nodes) {
    lines.push(`    <node id="${escapeXml(node.id)}">`);
    lines.push(data('n_label', node.label), data('n_name', node.name), data('n_aliases', node.aliases.join('|')), data('n_cases', node.cases.join(',')));
    lines.push('    </node>');
  }
  snapshot.edges.forEach((edge, index) => {
    lines.push(`    <edge id="e${index}" source="${escapeXml(edge.source)}" target="${escapeXml(edge.target)}">`);
    const cases = [...new Set(edge.evidence.map((item) => item.case))].join(',');
    lines.push(data('e_type', edge.type), data('e_cases', cases), data('e_evidence', edge.evidence.map((item) => item.text).join(' | ')));
    if (edge.date) lines.push(data('e_date', edge.date));
    lines.push('    </edge>');
  });
  lines.push('  </graph>', '</graphml>', '');
  return lines.join('\n');
}

function data(key: string, value: string): string {
  return `      <data key="${key}">${escapeXml(value)}</data>`;
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[char]!);
}
