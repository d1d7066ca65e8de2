// A cytoscape canvas that knows our node and edge shapes: adds neighbourhoods without duplicates,
// lays out (fast settings for the whole graph), filters by predicate and reports taps. cytoscape
// is imported on demand so the chat and case pages load without it.
import type { Core, ElementDefinition, NodeSingular } from 'cytoscape';
import type { GraphEdge, GraphNode } from '../api/types.js';
import { labelColour, relationName } from '../ui/labels.js';
import { clusterPositions } from './cluster-layout.js';
import { graphStyle } from './cy-style.js';

/** An edge to draw: a graph edge, or a client-side link (e.g. 共享合作方) with its own caption. */
export interface CanvasEdge {
  source: string;
  target: string;
  type: string;
  caption?: string;
}

export interface CanvasOptions {
  /** Small answer graphs: arrows and relation captions always on, no expansion. */
  compact?: boolean;
  onTap?: (node: GraphNode | null) => void;
  onExpand?: (node: GraphNode) => void;
}

/** Above this many nodes the canvas trades detail for speed. */
const LARGE_GRAPH = 250;

export class GraphCanvas {
  private readonly nodes = new Map<string, GraphNode>();

  private constructor(
    readonly cy: Core,
    private readonly options: CanvasOptions,
  ) {
    cy.on('tap', (event) => {
      const target = event.target as Core | NodeSingular;
      if (target === cy) {
        this.clearHighlight();
        options.onTap?.(null);
      } else if ('isNode' in target && target.isNode()) {
        this.highlight(target.id());
        options.onTap?.(this.nodes.get(target.id()) ?? null);
      }
    });
    cy.on('dbltap', 'node', (event) => {
      const node = this.nodes.get((event.target as NodeSingular).id());
      if (node) options.onExpand?.(node);
    });
  }

  static async create(container: HTMLElement, options: CanvasOptions = {}): Promise<GraphCanvas> {
    const { default: cytoscape } = await import('cytoscape');
    const cy = cytoscape({
      container,
      style: graphStyle({ minZoomedFontSize: options.compact ? 0 : 9, fontSize: options.compact ? 13 : 11, wrap: options.compact === true }),
      minZoom: 0.05,
      maxZoom: 4,
      boxSelectionEnabled: false,
      selectionType: 'single',
    });
    return new GraphCanvas(cy, options);
  }

  get size(): number {
    return this.nodes.size;
  }

  has(id: string): boolean {
    return this.nodes.has(id);
  }

  node(id: string): GraphNode | undefined {
    return this.nodes.get(id);
  }

  allNodes(): GraphNode[] {
    return [...this.nodes.values()];
  }

  /** Adds what is new; edges whose ends are not on the canvas are skipped. Returns new node ids. */
  add(nodes: readonly GraphNode[], edges: ReadonlyArray<GraphEdge | CanvasEdge>): string[] {
    const added: string[] = [];
    const elements: ElementDefinition[] = [];
    for (const node of nodes) {
      if (this.nodes.has(node.id)) continue;
      this.nodes.set(node.id, node);
      added.push(node.id);
      const display = this.options.compact ? breakName(node.name) : node.name;
      elements.push({ group: 'nodes', data: { id: node.id, name: node.name, display, label: node.label, colour: labelColour(node.label), weight: 0 } });
    }
    for (const edge of edges) {
      const id = `${edge.source}|${edge.type}|${edge.target}`;
      if (!this.nodes.has(edge.source) || !this.nodes.has(edge.target) || this.cy.getElementById(id).nonempty()) continue;
      const caption = 'caption' in edge && edge.caption ? edge.caption : relationName(edge.type);
      elements.push({ group: 'edges', data: { id, source: edge.source, target: edge.target, type: edge.type, relation: caption } });
    }
    const compact = this.options.compact === true;
    this.cy.batch(() => {
      this.cy.add(elements);
      this.cy.nodes().forEach((node) => {
        node.data('weight', node.degree(false));
      });
      this.cy.edges().toggleClass('directed', compact || this.nodes.size <= LARGE_GRAPH);
      this.cy.edges().toggleClass('labelled', compact);
    });
    return added;
  }

  clear(): void {
    this.nodes.clear();
    this.cy.elements().remove();
  }

  /**
   * Lays the graph out. `around` places new nodes in a ring around an existing node first, so
   * an expansion grows from where the user clicked instead of reshuffling everything.
   */
  async layout(options: { around?: string; added?: string[] } = {}): Promise<void> {
    const count = this.nodes.size;
    if (count === 0) return;
    // A pan or zoom still animating (from focus) would otherwise undo the layout's fit.
    this.cy.stop(true, false);
    const large = count > LARGE_GRAPH;
    if (options.around && options.added && options.added.length > 0 && count - options.added.length > 1) {
      this.ringAround(options.around, options.added);
      const added = new Set(options.added);
      const fresh = this.cy.nodes().filter((node) => added.has(node.id()));
      this.cy.animate({ fit: { eles: fresh.union(this.cy.getElementById(options.around)), padding: 60 } }, { duration: 250 });
      return;
    }
    if (large) {
      // Linear-time placement for the whole graph; cose would block the page for seconds.
      const positions = clusterPositions(this.allNodes());
      const layout = this.cy.layout({ name: 'preset', positions: Object.fromEntries(positions), fit: true, padding: 30, animate: false });
      const done = layout.promiseOn('layoutstop');
      layout.run();
      await done;
      return;
    }
    if (this.options.compact) {
      // Answer graphs: a few nodes in a small box, drawn as trees hanging from each piece's
      // best-connected node. Rows never overlap, unlike a force layout packing loose pieces.
      const roots = this.cy
        .elements()
        .components()
        .map((component) => component.nodes().max((node) => node.degree(false)).ele.id());
      const layout = this.cy.layout({
        name: 'breadthfirst',
        animate: false,
        fit: true,
        padding: 16,
        directed: false,
        roots,
        avoidOverlap: true,
        nodeDimensionsIncludeLabels: true,
        spacingFactor: 1,
      });
      const done = layout.promiseOn('layoutstop');
      layout.run();
      await done;
      if (this.cy.zoom() > 1.4) this.cy.zoom({ level: 1.4, renderedPosition: { x: this.cy.width() / 2, y: this.cy.height() / 2 } });
      return;
    }
    const layout = this.cy.layout({
      name: 'cose',
      animate: false,
      randomize: true,
      fit: true,
      padding: 30,
      nodeDimensionsIncludeLabels: true,
      idealEdgeLength: () => 70,
      nodeRepulsion: () => 9000,
      edgeElasticity: () => 100,
      gravity: 0.8,
      numIter: 1000,
      componentSpacing: 40,
    });
    const done = layout.promiseOn('layoutstop');
    layout.run();
    await done;
  }

  /** Shows only nodes the predicate accepts (their edges follow). */
  filter(visible: (node: GraphNode) => boolean): number {
    let shown = 0;
    this.cy.batch(() => {
      this.cy.nodes().forEach((element) => {
        const node = this.nodes.get(element.id());
        const show = node !== undefined && visible(node);
        if (show) shown += 1;
        element.toggleClass('hidden', !show);
      });
    });
    return shown;
  }

  /** Selects a node, highlights its edges, and pans to it. */
  focus(id: string): void {
    const element = this.cy.getElementById(id);
    if (element.empty()) return;
    this.cy.nodes().unselect();
    element.select();
    this.highlight(id);
    this.cy.animate({ center: { eles: element }, zoom: Math.max(this.cy.zoom(), 0.9) }, { duration: 250 });
  }

  markCenter(id: string): void {
    this.cy.nodes().removeClass('center');
    this.cy.getElementById(id).addClass('center');
  }

  /** Marks a path's nodes and edges and fades everything else. */
  markPath(nodeIds: string[], edgeKeys: string[]): void {
    this.cy.batch(() => {
      this.cy.elements().removeClass('path near').addClass('faded');
      for (const id of [...nodeIds, ...edgeKeys]) this.cy.getElementById(id).removeClass('faded').addClass('path');
    });
  }

  fit(): void {
    this.cy.stop(true, false);
    this.cy.fit(this.cy.elements(':visible'), 30);
  }

  resize(): void {
    this.cy.resize();
  }

  private highlight(id: string): void {
    this.cy.batch(() => {
      this.cy.elements().removeClass('near faded path');
      const node = this.cy.getElementById(id);
      node.connectedEdges().addClass('near');
      node.neighborhood('node').addClass('near');
    });
  }

  private clearHighlight(): void {
    this.cy.elements().removeClass('near faded path');
  }

  private ringAround(centerId: string, added: string[]): void {
    const center = this.cy.getElementById(centerId);
    const { x, y } = center.nonempty() ? center.position() : { x: 0, y: 0 };
    const radius = 90 + added.length * 6;
    added.forEach((id, index) => {
      const angle = (2 * Math.PI * index) / added.length;
      this.cy.getElementById(id).position({ x: x + radius * Math.cos(angle), y: y + radius * Math.sin(angle) });
    });
  }
}

/** Chinese names have no spaces for cytoscape to wrap at: break them every few characters. */
function breakName(name: string, width = 7): string {
  const characters = [...name.replace(/\s+/g, ' ')];
  const lines: string[] = [];
  for (let index = 0; index < characters.length; index += width) lines.push(characters.slice(index, index + width).join(''));
  return lines.join('\n');
}
