// The cytoscape stylesheet: colour by label, size by degree, labels hidden when they would be too
// small to read (min-zoomed-font-size), cheap haystack edges unless a graph is small.
import type { StylesheetJson } from 'cytoscape';

const FONT = '"Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", "Source Han Sans SC", sans-serif';

export function graphStyle(options: { minZoomedFontSize: number; fontSize: number; wrap: boolean }): StylesheetJson {
  return [
    {
      selector: 'node',
      style: {
        'background-color': 'data(colour)',
        label: 'data(display)',
        'font-family': FONT,
        'font-size': options.fontSize,
        color: '#1f2937',
        'text-valign': 'bottom',
        'text-halign': 'center',
        'text-margin-y': 3,
        // Small graphs show names broken into short lines; the whole graph cuts them short.
        'text-wrap': options.wrap ? 'wrap' : 'ellipsis',
        'text-max-width': options.wrap ? '200px' : '130px',
        'text-background-color': '#ffffff',
        'text-background-opacity': 0.7,
        'text-background-padding': '1px',
        'min-zoomed-font-size': options.minZoomedFontSize,
        width: 'mapData(weight, 0, 40, 14, 46)',
        height: 'mapData(weight, 0, 40, 14, 46)',
        'border-width': 1,
        'border-color': '#ffffff',
      },
    },
    {
      selector: 'edge',
      style: {
        width: 1,
        'line-color': '#aab6c5',
        'curve-style': 'haystack',
        'haystack-radius': 0,
        opacity: 0.9,
      },
    },
    {
      selector: 'edge.directed',
      style: {
        'curve-style': 'bezier',
        'target-arrow-shape': 'triangle',
        'target-arrow-color': '#94a3b8',
        'line-color': '#94a3b8',
        'arrow-scale': 0.8,
        width: 1.4,
      },
    },
    { selector: 'edge.labelled', style: { label: 'data(relation)', 'font-size': 10, 'font-family': FONT, color: '#475569', 'text-rotation': 'autorotate', 'text-background-color': '#ffffff', 'text-background-opacity': 0.85, 'min-zoomed-font-size': 8 } },
    { selector: 'node.center', style: { 'border-width': 3, 'border-color': '#111827' } },
    { selector: 'node:selected', style: { 'border-width': 4, 'border-color': '#111827', 'font-weight': 'bold', 'font-size': 13, 'min-zoomed-font-size': 0, 'z-index': 10 } },
    { selector: 'edge.near', style: { 'line-color': '#475569', width: 2, opacity: 1, 'z-index': 9 } },
    { selector: 'node.near', style: { 'min-zoomed-font-size': 0 } },
    { selector: '.faded', style: { opacity: 0.15 } },
    { selector: 'edge.path', style: { 'line-color': '#dc2626', 'target-arrow-color': '#dc2626', width: 3, opacity: 1 } },
    { selector: 'node.path', style: { 'border-width': 3, 'border-color': '#dc2626', 'min-zoomed-font-size': 0 } },
    { selector: '.hidden', style: { display: 'none' } },
  ];
}
