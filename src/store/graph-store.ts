// The GraphStore port: the pipeline and the chat read and write the graph only through this.
import type { CaseRecord, Evidence, GraphEdge, GraphNode, GraphSnapshot, GraphStats, NodeLabel, RelationType } from '../graph/graph-types.js';

/** Entity search: by name or alias (spaces ignored), optionally one label. */
export interface NodeQuery {
  text?: string;
  label?: NodeLabel;
  limit?: number;
}

/** A node with the nodes one hop away and the edges between them. */
export interface Neighbourhood {
  center: GraphNode;
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/** An association linked to a partner: the cases about it that name the partner, with evidence. */
export interface PartnerLink {
  association: GraphNode;
  cases: number[];
  evidence: Evidence[];
}

/** A partner (university, society, academician …) that two or more associations have in common. */
export interface SharedPartner {
  partner: GraphNode;
  associations: PartnerLink[];
}

export interface SharedPartnerQuery {
  /** Only partners this association (id) has; others are those it shares them with. */
  association?: string;
  /** Only this partner (id): who does it connect? */
  partner?: string;
  labels?: NodeLabel[];
  /** At least this many associations per partner (default 2; 1 lists one association's partners). */
  minAssociations?: number;
  limit?: number;
}

/** Case filters for aggregate questions; all given filters must hold. */
export interface CaseFilter {
  chapter?: string;
  province?: string;
  founded?: number;
  /** Id of a node the case's text mentions. */
  mentions?: string;
}

export interface GraphPath {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/** Where the graph lives. Adapters: memory (default, file-backed) and neo4j. */
export interface GraphStore {
  readonly kind: 'memory' | 'neo4j';
  /**
   * Makes the store hold exactly `snapshot`: upserts every node and edge and removes what the
   * snapshot no longer has, so re-running ingest is idempotent. Atomic for the memory store;
   * on Neo4j each batch is its own transaction and a re-run repairs an interrupted load.
   */
  replaceAll(snapshot: GraphSnapshot, onProgress?: (done: number, total: number) => void): Promise<void>;
  /** The whole graph in canonical order (GUIDE §4 export shape). */
  exportSnapshot(): Promise<GraphSnapshot>;
  stats(): Promise<GraphStats>;

  /** Nodes whose name or an alias contains the text; exact matches first, then shorter names. */
  findNodes(query: NodeQuery): Promise<GraphNode[]>;
  /** Nodes by id, in the order asked; unknown ids are left out. */
  getNodes(ids: readonly string[]): Promise<GraphNode[]>;
  /** One hop around a node (both directions), or null when the id is unknown. */
  neighbours(id: string, options?: { types?: RelationType[]; limit?: number }): Promise<Neighbourhood | null>;
  /** Partners shared by associations, found through the cases that name them. */
  sharedPartners(query: SharedPartnerQuery): Promise<SharedPartner[]>;
  /** A shortest path of at most `maxHops` relationships (any direction), or null. */
  shortestPath(fromId: string, toId: string, maxHops?: number): Promise<GraphPath | null>;
  /** Case records matching every given filter, by number. */
  listCases(filter?: CaseFilter): Promise<CaseRecord[]>;

  /** Throws STORE_UNAVAILABLE / STORE_AUTH_FAILED with a message naming the config keys. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
