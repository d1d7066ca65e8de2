// The only way the app builds DOM: elements and text nodes, never HTML strings, so text from the
// server or the user (`<img src=x onerror=…>`) is always shown as text and never parsed.

export type Child = Node | string | number | null | undefined | false;

export interface Props {
  class?: string;
  /** Plain attributes; event-handler attributes (`on…`) are refused. */
  attrs?: Record<string, string | number | boolean | undefined>;
  dataset?: Record<string, string | number | undefined>;
  on?: { [K in keyof HTMLElementEventMap]?: (event: HTMLElementEventMap[K]) => void };
}

/** Creates an element with attributes, listeners and children (strings become text nodes). */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (props.class) element.className = props.class;
  for (const [name, value] of Object.entries(props.attrs ?? {})) {
    if (value === undefined || value === false) continue;
    if (/^on/i.test(name)) throw new Error(`refusing event-handler attribute ${name}`);
    element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const [name, value] of Object.entries(props.dataset ?? {})) {
    if (value !== undefined) element.dataset[name] = String(value);
  }
  for (const [type, listener] of Object.entries(props.on ?? {})) {
    element.addEventListener(type, listener as EventListener);
  }
  append(element, ...children);
  return element;
}

/** Appends children; strings and numbers become text nodes. */
export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

/** Replaces all children of `parent`. */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, ...children);
}

/** A real button (keyboard reachable, Enter/Space work) with a click handler. */
export function button(content: Child | Child[], onClick: (event: MouseEvent) => void, props: Props = {}): HTMLButtonElement {
  const children = Array.isArray(content) ? content : [content];
  return h('button', { ...props, attrs: { type: 'button', ...props.attrs }, on: { ...props.on, click: onClick } }, ...children);
}
