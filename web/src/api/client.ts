// Typed GET helpers for every read route the app uses; failures become ApiError.
import { ApiError, errorFromResponse } from './api-error.js';
import type {
  CaseDetail,
  CaseRecord,
  GraphNode,
  GraphPath,
  GraphOverview,
  NodeLabel,
  Neighbourhood,
  Readiness,
  SharedPartner,
} from './types.js';

type Params = Record<string, string | number | undefined>;

/** GET a JSON document; query values that are undefined or empty are left out. */
export async function getJson<T>(path: string, params: Params = {}, signal?: AbortSignal): Promise<T> {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') query.set(key, String(value));
  }
  const search = query.toString();
  const url = search === '' ? path : `${path}?${search}`;
  let response: Response;
  try {
    response = await fetch(url, { headers: { Accept: 'application/json' }, ...(signal ? { signal } : {}) });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError(0, 'NETWORK');
  }
  if (!response.ok) throw await errorFromResponse(response);
  try {
    return (await response.json()) as T;
  } catch {
    throw new ApiError(response.status, 'BAD_RESPONSE', 'not JSON');
  }
}

/** Entities whose name or an alias contains `text` (server caps `limit` at 100). */
export async function findEntities(text: string, label?: NodeLabel, limit = 20, signal?: AbortSignal): Promise<GraphNode[]> {
  return (await getJson<{ entities: GraphNode[] }>('/api/entities', { q: text, type: label, limit }, signal)).entities;
}

export function getEntity(id: string, signal?: AbortSignal): Promise<Neighbourhood> {
  return getJson<Neighbourhood>(`/api/entities/${encodeURIComponent(id)}`, {}, signal);
}

export interface CaseQuery {
  chapter?: string;
  province?: string;
  mentions?: string;
}

export async function listCases(filter: CaseQuery = {}, signal?: AbortSignal): Promise<CaseRecord[]> {
  return (await getJson<{ cases: CaseRecord[] }>('/api/cases', { ...filter }, signal)).cases;
}

export function getCase(number: number, signal?: AbortSignal): Promise<CaseDetail> {
  return getJson<CaseDetail>(`/api/cases/${number}`, {}, signal);
}

export interface SharedPartnerRequest {
  association?: string;
  types: NodeLabel[];
  min: number;
}

export async function sharedPartners(request: SharedPartnerRequest, signal?: AbortSignal): Promise<SharedPartner[]> {
  const params = { association: request.association, type: request.types.join(','), min: request.min, limit: 200 };
  return (await getJson<{ partners: SharedPartner[] }>('/api/graph/shared-partners', params, signal)).partners;
}

export function findPath(from: string, to: string, signal?: AbortSignal): Promise<GraphPath> {
  return getJson<GraphPath>('/api/graph/path', { from, to }, signal);
}

/** The whole graph, edges without evidence text (that comes per node from /api/entities/:id). */
export function getWholeGraph(signal?: AbortSignal): Promise<GraphOverview> {
  return getJson<GraphOverview>('/api/graph/all', {}, signal);
}

/** GET /readyz answers 503 with the same body when not ready, so the status alone is not enough. */
export async function getReadiness(): Promise<Readiness> {
  let response: Response;
  try {
    response = await fetch('/readyz', { headers: { Accept: 'application/json' } });
  } catch {
    throw new ApiError(0, 'NETWORK');
  }
  try {
    return (await response.json()) as Readiness;
  } catch {
    throw new ApiError(response.status, response.ok ? 'BAD_RESPONSE' : 'INTERNAL');
  }
}
