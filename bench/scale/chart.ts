// A small self-made SVG line chart for the scale benchmark: one panel per store, log-log axes,
// each metric drawn as its growth relative to 1×, with a dashed "linear" reference (y = scale)
// so anything steeper than the reference grows worse than linearly. No libraries.

/** One metric across scales; `values[i]` belongs to `scales[i]` (null: not measured). */
export interface ChartSeries {
  name: string;
  values: ReadonlyArray<number | null>;
}

export interface ChartPanel {
  title: string;
  series: readonly ChartSeries[];
}

export interface ChartOptions {
  title: string;
  /** The x values, e.g. [1, 10, 100]. */
  scales: readonly number[];
  panels: readonly ChartPanel[];
}

const COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#7f7f7f', '#bcbd22'];
const PANEL_WIDTH = 420;
const PANEL_HEIGHT = 300;
const MARGIN = { left: 56, right: 16, top: 48, bottom: 44 };
const LEGEND_ROW = 18;
const LEGEND_COLUMN = 280;

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const fixed = (value: number) => Number(value.toFixed(1));

/** Growth factors of a series relative to its first measured value (the 1× run). */
export function growth(values: ReadonlyArray<number | null>): Array<number | null> {
  const base = values[0];
  if (base === null || base === undefined || base <= 0) return values.map(() => null);
  return values.map((value) => (value === null || value <= 0 ? null : value / base));
}

/** Renders the whole chart as an SVG document. */
export function renderScaleChart(options: ChartOptions): string {
  const { scales, panels } = options;
  const series = panels.flatMap((panel) => panel.series.map((item) => item.name));
  const names = [...new Set(series)];
  const colour = new Map(names.map((name, index) => [name, COLOURS[index % COLOURS.length]!]));
  const factors = panels.flatMap((panel) => panel.series.flatMap((item) => growth(item.values))).filter((value): value is number => value !== null);
  const maxScale = Math.max(...scales);
  const yMin = 10 ** Math.floor(Math.log10(Math.min(0.5, ...factors)));
  const yMax = 10 ** Math.ceil(Math.log10(Math.max(maxScale * 2, ...factors)));
  const width = Math.max(2, panels.length) * PANEL_WIDTH;
  const columns = Math.max(1, Math.floor((width - 20) / LEGEND_COLUMN));
  const legendRows = Math.ceil((names.length + 1) / columns);
  const legendTop = PANEL_HEIGHT + 50;
  const height = legendTop + legendRows * LEGEND_ROW + 10;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${width / 2}" y="18" text-anchor="middle" font-size="14" font-weight="bold">${escapeXml(options.title)}</text>`,
  ];

  panels.forEach((panel, panelIndex) => {
    const left = panelIndex * PANEL_WIDTH + MARGIN.left;
    const right = (panelIndex + 1) * PANEL_WIDTH - MARGIN.right;
    const top = MARGIN.top;
    const bottom = PANEL_HEIGHT - MARGIN.bottom + MARGIN.top - 10;
    const logX = (value: number) => left + ((Math.log10(value) - Math.log10(Math.min(...scales))) / (Math.log10(maxScale) - Math.log10(Math.min(...scales)) || 1)) * (right - left);
    const logY = (value: number) => bottom - ((Math.log10(value) - Math.log10(yMin)) / (Math.log10(yMax) - Math.log10(yMin))) * (bottom - top);
    out.push(`<text x="${(left + right) / 2}" y="${top - 12}" text-anchor="middle" font-size="12" font-weight="bold">${escapeXml(panel.title)}</text>`);
    out.push(`<rect x="${left}" y="${top}" width="${fixed(right - left)}" height="${fixed(bottom - top)}" fill="none" stroke="#999"/>`);
    for (let power = Math.log10(yMin); power <= Math.log10(yMax) + 1e-9; power++) {
      const y = fixed(logY(10 ** power));
      out.push(`<line x1="${left}" y1="${y}" x2="${right}" y2="${y}" stroke="#e5e5e5"/>`);
      out.push(`<text x="${left - 6}" y="${y + 4}" text-anchor="end">${10 ** power >= 1 ? `${10 ** power}×` : `${(10 ** power).toFixed(Math.max(0, -power))}×`}</text>`);
    }
    for (const scale of scales) {
      const x = fixed(logX(scale));
      out.push(`<line x1="${x}" y1="${top}" x2="${x}" y2="${bottom}" stroke="#e5e5e5"/>`);
      out.push(`<text x="${x}" y="${bottom + 16}" text-anchor="middle">${scale}×</text>`);
    }
    out.push(`<text x="${(left + right) / 2}" y="${bottom + 32}" text-anchor="middle">corpus size (log)</text>`);
    out.push(`<text transform="translate(${left - 42} ${(top + bottom) / 2}) rotate(-90)" text-anchor="middle">growth vs 1× (log)</text>`);
    const reference = scales.map((scale) => `${fixed(logX(scale))},${fixed(logY(scale))}`).join(' ');
    out.push(`<polyline points="${reference}" fill="none" stroke="#000" stroke-dasharray="5 4" stroke-width="1"/>`);
    for (const item of panel.series) {
      const points = growth(item.values)
        .map((value, index) => (value === null ? null : `${fixed(logX(scales[index]!))},${fixed(logY(value))}`))
        .filter((point): point is string => point !== null);
      if (points.length === 0) continue;
      const stroke = colour.get(item.name)!;
      out.push(`<polyline points="${points.join(' ')}" fill="none" stroke="${stroke}" stroke-width="2"/>`);
      growth(item.values).forEach((value, index) => {
        if (value === null) return;
        out.push(`<circle cx="${fixed(logX(scales[index]!))}" cy="${fixed(logY(value))}" r="3" fill="${stroke}"><title>${escapeXml(item.name)} at ${scales[index]}×: ${value.toFixed(1)}× the 1× value</title></circle>`);
      });
    }
  });

  const entries: Array<[string, string, boolean]> = [['linear (= corpus size)', '#000', true], ...names.map((name): [string, string, boolean] => [name, colour.get(name)!, false])];
  entries.forEach(([name, stroke, dashed], index) => {
    const x = 20 + (index % columns) * LEGEND_COLUMN;
    const y = legendTop + Math.floor(index / columns) * LEGEND_ROW;
    out.push(`<line x1="${x}" y1="${y}" x2="${x + 24}" y2="${y}" stroke="${stroke}" stroke-width="2"${dashed ? ' stroke-dasharray="5 4"' : ''}/>`);
    out.push(`<text x="${x + 30}" y="${y + 4}">${escapeXml(name)}</text>`);
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
