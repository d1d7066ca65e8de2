// The OpenAPI 3.1 document served at /openapi.json: every route, its parameters and responses.
import { NODE_LABELS } from '../graph/graph-types.js';
import { componentSchemas, type SchemaLimits } from './openapi-schemas.js';
import { SEARCH_DEFAULT_LIMIT, SEARCH_MAX_LIMIT, SEARCH_MAX_QUERY_CHARS } from './routes/catalog-routes.js';
import { ENTITY_DEFAULT_LIMIT, ENTITY_MAX_LIMIT, MAX_NODE_ID_CHARS } from './routes/graph-routes.js';
import { OPENAI_MODEL_IDS } from './routes/openai-routes.js';

type Json = Record<string, unknown>;

const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Json): Json => ({ content: { 'application/json': { schema } } });
const ok = (description: string, schema: Json): Json => ({ description, ...json(schema) });
const listOf = (key: string, item: string): Json => ({
  type: 'object',
  properties: { [key]: { type: 'array', items: ref(item) } },
  required: [key],
});
const query = (name: string, schema: Json, required = false, description?: string): Json => ({
  name,
  in: 'query',
  required,
  schema,
  ...(description ? { description } : {}),
});
const errors = (...statuses: number[]): Json =>
  Object.fromEntries(statuses.map((status) => [String(status), { $ref: `#/components/responses/E${status}` }]));

const ERROR_RESPONSES: Record<number, string> = {
  400: 'Invalid input (INPUT_INVALID); the message names the field',
  404: 'Not found (NOT_FOUND)',
  413: 'Body larger than the limit (PAYLOAD_TOO_LARGE)',
  415: 'Not UTF-8 application/json (UNSUPPORTED_MEDIA_TYPE)',
  429: 'Too many chat requests (RATE_LIMITED); see Retry-After and the RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset headers',
  500: 'Internal error (INTERNAL); details are only logged',
  502: 'Language model unavailable (LLM_UNAVAILABLE); retry later',
  503: 'Graph store unavailable (STORE_*); retry later',
  504: 'Language model timed out (LLM_TIMEOUT)',
};
const openAiErrors = (...statuses: number[]): Json =>
  Object.fromEntries(statuses.map((status) => [String(status), ok(`OpenAI-shaped error (${ERROR_RESPONSES[status] ?? 'see message'})`, ref('OpenAiError'))]));

const nodeId = { type: 'string', minLength: 1, maxLength: MAX_NODE_ID_CHARS };
const label = { type: 'string', enum: [...NODE_LABELS] };

/** Builds the document; limits are the ones this app enforces. */
export function openApiDocument(limits: SchemaLimits & { maxBodyBytes: number; openAiMaxBodyBytes: number }): Json {
  return {
    openapi: '3.1.0',
    info: {
      title: 'park-kg API',
      version: '1.0.0',
      description:
        '园区科协典型案例知识图谱与问答 API. Errors are always {"error":{"code","message"}}; every response carries X-Request-Id.',
    },
    paths: {
      '/api/chat': {
        post: {
          operationId: 'chat',
          summary: 'Ask a question; the answer cites the cases it used',
          requestBody: { required: true, ...json(ref('ChatRequest')), description: `At most ${limits.maxBodyBytes} bytes.` },
          responses: {
            '200': {
              description:
                'The answer. With stream: true, text/event-stream: `token` events ({"text"}), then `answer` (ChatAnswer), then `done`; on failure an `error` event ({"error":{code,message}}).',
              content: {
                'application/json': { schema: ref('ChatAnswer') },
                'text/event-stream': { schema: { type: 'string' } },
              },
            },
            ...errors(400, 413, 415, 429, 500, 502, 503, 504),
          },
        },
      },
      '/api/search': {
        get: {
          operationId: 'search',
          summary: 'Full-text search over case passages',
          parameters: [
            query('q', { type: 'string', minLength: 1, maxLength: SEARCH_MAX_QUERY_CHARS }, true),
            query('limit', { type: 'integer', minimum: 1, maximum: SEARCH_MAX_LIMIT, default: SEARCH_DEFAULT_LIMIT }),
          ],
          responses: { '200': ok('Matching passages', listOf('results', 'SearchResult')), ...errors(400, 500, 503) },
        },
      },
      '/api/cases': {
        get: {
          operationId: 'listCases',
          summary: 'Cases matching every given filter',
          parameters: [
            query('chapter', { type: 'string' }),
            query('province', { type: 'string' }),
            query('founded', { type: 'integer' }, false, 'Year the association was founded'),
            query('mentions', nodeId, false, 'Id of a node the case text mentions'),
          ],
          responses: { '200': ok('Case records', listOf('cases', 'CaseRecord')), ...errors(400, 500, 503) },
        },
      },
      '/api/cases/{number}': {
        get: {
          operationId: 'getCase',
          summary: 'One case: record, text by section, entities',
          parameters: [{ name: 'number', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } }],
          responses: { '200': ok('The case', ref('CaseDetail')), ...errors(400, 404, 500, 503) },
        },
      },
      '/api/entities': {
        get: {
          operationId: 'findEntities',
          summary: 'Entities by name or alias, optionally of one label',
          parameters: [
            query('q', { type: 'string', maxLength: 100 }),
            query('type', label),
            query('limit', { type: 'integer', minimum: 1, maximum: ENTITY_MAX_LIMIT, default: ENTITY_DEFAULT_LIMIT }),
          ],
          responses: { '200': ok('Entities', listOf('entities', 'GraphNode')), ...errors(400, 500, 503) },
        },
      },
      '/api/entities/{id}': {
        get: {
          operationId: 'getEntity',
          summary: 'An entity with its neighbours and the evidence on each edge',
          parameters: [
            { name: 'id', in: 'path', required: true, schema: nodeId, description: 'URL-encoded, e.g. university%3A天津大学' },
          ],
          responses: { '200': ok('The neighbourhood', ref('Neighbourhood')), ...errors(400, 404, 500, 503) },
        },
      },
      '/api/graph/shared-partners': {
        get: {
          operationId: 'sharedPartners',
          summary: 'Partners that several associations have in common',
          parameters: [
            query('association', nodeId),
            query('partner', nodeId),
            {
              ...query('type', { type: 'array', items: label }, false, 'Repeat or comma-separate labels'),
              style: 'form',
              explode: true,
            },
            query('min', { type: 'integer', minimum: 1, default: 2 }, false, 'Minimum associations per partner'),
            query('limit', { type: 'integer', minimum: 1, maximum: 500 }),
          ],
          responses: { '200': ok('Shared partners', listOf('partners', 'SharedPartner')), ...errors(400, 500, 503) },
        },
      },
      '/api/graph/path': {
        get: {
          operationId: 'path',
          summary: 'A shortest path between two entities',
          parameters: [query('from', nodeId, true), query('to', nodeId, true)],
          responses: { '200': ok('The path', ref('GraphPath')), ...errors(400, 404, 500, 503) },
        },
      },
      '/api/graph/all': {
        get: {
          operationId: 'graphOverview',
          summary: 'The whole graph for the explorer (edges without evidence text)',
          responses: {
            '200': ok('Cases, nodes and edges', {
              type: 'object',
              properties: {
                cases: { type: 'array', items: { type: 'object' } },
                nodes: { type: 'array', items: ref('GraphNode') },
                edges: { type: 'array', items: { type: 'object', required: ['source', 'target', 'type', 'cases'] } },
              },
              required: ['cases', 'nodes', 'edges'],
            }),
            ...errors(500, 503),
          },
        },
      },
      '/api/stats': {
        get: {
          operationId: 'stats',
          summary: 'Node and relationship counts',
          responses: { '200': ok('Counts', ref('GraphStats')), ...errors(500, 503) },
        },
      },
      '/api/cypher': {
        post: {
          operationId: 'cypher',
          summary: 'Read-only Cypher for analysts (Neo4j store with CYPHER_ENDPOINT=true only)',
          description:
            'One statement; writes, schema/admin commands, LOAD CSV, apoc.*, dbms.* and most procedures are refused (400), then EXPLAIN must classify it as read-only, then it runs in a READ transaction with CYPHER_TIMEOUT_MS and stops after CYPHER_ROW_LIMIT rows. See docs/analyst-queries.md.',
          requestBody: { required: true, ...json(ref('CypherRequest')) },
          responses: {
            '200': ok('Columns and rows; truncated when the row cap cut the result', ref('CypherResult')),
            ...errors(400, 413, 415, 500, 503),
            '404': ok('The endpoint is off (CYPHER_ENDPOINT) or the store is not Neo4j (NOT_FOUND)', ref('Error')),
          },
        },
      },
      '/v1/models': {
        get: {
          operationId: 'openAiModels',
          summary: 'OpenAI-compatible model list: park-kg and park-kg:<mode>',
          responses: { '200': ok(`Models: ${OPENAI_MODEL_IDS.join(', ')}`, ref('OpenAiModelList')) },
        },
      },
      '/v1/models/{model}': {
        get: {
          operationId: 'openAiModel',
          summary: 'One model of the list',
          parameters: [{ name: 'model', in: 'path', required: true, schema: { type: 'string', enum: OPENAI_MODEL_IDS } }],
          responses: { '200': ok('The model', ref('OpenAiModel')), ...openAiErrors(404) },
        },
      },
      '/v1/chat/completions': {
        post: {
          operationId: 'openAiChatCompletions',
          summary: 'OpenAI-compatible chat (Open WebUI, LobeChat, ChatBox, Cherry Studio, OpenAI SDKs)',
          description:
            'Any Authorization header is accepted (no key is checked): put a reverse proxy with authentication in front when exposing it. Errors use OpenAI\'s {"error":{message,type,param,code}} shape.',
          requestBody: { required: true, ...json(ref('OpenAiChatRequest')), description: `At most ${limits.openAiMaxBodyBytes} bytes.` },
          responses: {
            '200': {
              description:
                'chat.completion; with stream: true, text/event-stream of `data: {chat.completion.chunk}` lines (role, content deltas, the 引用 list, a stop chunk carrying park_kg, a usage chunk when stream_options.include_usage) and `data: [DONE]`.',
              content: { 'application/json': { schema: ref('OpenAiChatCompletion') }, 'text/event-stream': { schema: { type: 'string' } } },
            },
            ...openAiErrors(400, 404, 413, 415, 429, 500, 502, 503, 504),
          },
        },
      },
      '/healthz': {
        get: {
          operationId: 'health',
          summary: 'Liveness: 200 while the process serves requests',
          responses: {
            '200': ok('Alive', { type: 'object', properties: { status: { const: 'ok' } }, required: ['status'] }),
          },
        },
      },
      '/readyz': {
        get: {
          operationId: 'ready',
          summary: 'Readiness: 200 when every dependency is ready, else 503',
          responses: { '200': ok('Ready', ref('Readiness')), '503': ok('Not ready', ref('Readiness')) },
        },
      },
      '/openapi.json': {
        get: {
          operationId: 'openapi',
          summary: 'This document',
          responses: { '200': ok('OpenAPI 3.1 document', { type: 'object' }) },
        },
      },
    },
    components: {
      schemas: componentSchemas(limits),
      responses: Object.fromEntries(
        Object.entries(ERROR_RESPONSES).map(([status, description]) => [`E${status}`, ok(description, ref('Error'))]),
      ),
    },
  };
}
