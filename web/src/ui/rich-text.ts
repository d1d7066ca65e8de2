// Renders answer text as DOM built from text nodes (see rich-text-parse.ts for the grammar).
// Citation markers become buttons when a handler is given, so they are keyboard reachable.
import { parseRichText, type Inline } from '../format/rich-text-parse.js';
import { h } from './dom.js';

export interface RichTextOptions {
  /** Called when the reader activates marker [n]; without it markers are plain superscripts. */
  onCite?: (n: number) => void;
  /** Markers with no matching citation are shown muted rather than as dead buttons. */
  citationCount?: number;
}

/** The formatted text as a fragment: headings, paragraphs and bullet lists. */
export function renderRichText(text: string, options: RichTextOptions = {}): DocumentFragment {
  const fragment = document.createDocumentFragment();
  let list: HTMLUListElement | undefined;
  for (const block of parseRichText(text)) {
    if (block.kind === 'bullet') {
      list ??= fragment.appendChild(h('ul', { class: 'rich-list' }));
      list.appendChild(h('li', {}, ...renderInlines(block.inlines, options)));
      continue;
    }
    list = undefined;
    const tag = block.kind === 'heading' ? 'h4' : 'p';
    fragment.appendChild(h(tag, { class: `rich-${block.kind}` }, ...renderInlines(block.inlines, options)));
  }
  return fragment;
}

function renderInlines(inlines: Inline[], options: RichTextOptions): Node[] {
  return inlines.map((inline) => {
    if (inline.kind === 'text') return document.createTextNode(inline.text);
    if (inline.kind === 'bold') return h('strong', {}, inline.text);
    const known = options.citationCount === undefined || inline.n <= options.citationCount;
    if (!options.onCite || !known) return h('sup', { class: 'cite-marker is-static' }, `[${inline.n}]`);
    const onCite = options.onCite;
    return h(
      'button',
      {
        class: 'cite-marker',
        attrs: { type: 'button', 'aria-label': `查看引用 ${inline.n} 的原文`, title: `查看引用 ${inline.n} 的原文` },
        dataset: { cite: inline.n },
        on: { click: () => onCite(inline.n) },
      },
      `[${inline.n}]`,
    );
  });
}
