// JSON Schemas (OpenAPI 3.1 components) for the bodies the API returns; hand-written so the
// document reads as the contract (GUIDE §4), not as generated noise.
import { INTENTS, RETRIEVAL_MODES } from '../answer/types.js';
import { NODE_LABELS, RELATION_TYPES } from '../graph/graph-types.js';
import { CYPHER_PARAM_NAME, MAX_CYPHER_CHARS, MAX_CYPHER_PARAMS } from '../store/cypher-runner.js';

type Schema = Record<string, unknown>;

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const arrayOf = (items: Schema): Schema => ({ type: 'array', items });
const object = (properties: Record<string, Schema>, required: string[] = Object.keys(properties)): Schema => ({
  type: 'object',
  properties,
  required,
});
const text: Schema = { type: 'string' };
const integer: Schema = { type: 'integer' };

const ERROR_CODES = [
  'INPUT_INVALID',
  'NOT_FOUND',
  'STORE_UNAVAILABLE',
  'STORE_AUTH_FAILED',
  'STORE_CORRUPT',
  'STORE_EMPTY',
  'LLM_TIMEOUT',
  'LLM_UNAVAILABLE',
  'INTERNAL',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'RATE_LIMITED',
];

/** Limits the chat schema shows; the same numbers the validator enforces. */
export interface SchemaLimits {
  maxQuestionChars: number;
  maxHistoryTurns: number;
  maxHistoryChars: number;
}

/** The `components.schemas` object. */
export function componentSchemas(limits: SchemaLimits): Record<string, Schema> {
  return {
    Error: object({
      error: object({ code: { type: 'string', enum: ERROR_CODES }, message: text }),
    }),
    HistoryTurn: object({
      role: { type: 'string', enum: ['user', 'assistant'] },
      content: { type: 'string', maxLength: limits.maxHistoryChars },
    }),
    ChatRequest: object(
      {
        question: { type: 'string', minLength: 1, maxLength: limits.maxQuestionChars, description: 'Trimmed; must not be blank.' },
        history: { ...arrayOf(ref('HistoryTurn')), maxItems: limits.maxHistoryTurns },
        mode: { type: 'string', enum: [...RETRIEVAL_MODES] },
        stream: { type: 'boolean', description: 'true: answer as Server-Sent Events (token…, answer, done).' },
      },
      ['question'],
    ),
    Citation: object({
      case: integer,
      title: text,
      association: text,
      section: text,
      sentence: { type: 'string', description: 'Stable sentence id.' },
      quote: { type: 'string', description: "Exact substring of the case's text." },
    }),
    Passage: object({ case: integer, title: text, section: text, text, score: { type: 'number' } }),
    ChatAnswer: object({
      answer: { type: 'string', description: 'Every [n] marker refers to citations[n-1].' },
      answerable: { type: 'boolean' },
      intent: { type: 'string', enum: [...INTENTS] },
      citations: arrayOf(ref('Citation')),
      graph: object({ nodes: arrayOf(ref('GraphNode')), edges: arrayOf(ref('GraphEdge')) }),
      passages: arrayOf(ref('Passage')),
      mode: { type: 'string', enum: [...RETRIEVAL_MODES] },
      composer: { type: 'string', enum: ['offline', 'llm'] },
      notes: arrayOf(text),
    }),
    Evidence: object({ case: integer, sentence: text, text }),
    GraphNode: object({
      id: { type: 'string', examples: ['university:天津大学'] },
      label: { type: 'string', enum: [...NODE_LABELS] },
      name: text,
      aliases: arrayOf(text),
      cases: arrayOf(integer),
    }),
    GraphEdge: object(
      {
        source: text,
        target: text,
        type: { type: 'string', enum: [...RELATION_TYPES] },
        evidence: arrayOf(ref('Evidence')),
        date: { type: 'string', description: 'VISITED only: 2024-05-29, 2024-05 or 2024.' },
      },
      ['source', 'target', 'type', 'evidence'],
    ),
    CaseRecord: object({
      number: integer,
      title: text,
      association: text,
      park: text,
      province: { type: ['string', 'null'] },
      chapter: text,
      founded: { type: ['integer', 'null'] },
    }),
    CaseDetail: object({
      record: ref('CaseRecord'),
      sections: arrayOf(
        object({
          kind: text,
          heading: text,
          paragraphs: arrayOf(object({ sentences: arrayOf(object({ id: text, text })) })),
        }),
      ),
      captions: arrayOf(object({ id: text, text })),
      entities: arrayOf(ref('GraphNode')),
    }),
    SearchResult: object({
      case: integer,
      title: text,
      association: text,
      section: text,
      text,
      sentenceIds: arrayOf(text),
      score: { type: 'number' },
    }),
    Neighbourhood: object({ center: ref('GraphNode'), nodes: arrayOf(ref('GraphNode')), edges: arrayOf(ref('GraphEdge')) }),
    PartnerLink: object({ association: ref('GraphNode'), cases: arrayOf(integer), evidence: arrayOf(ref('Evidence')) }),
    SharedPartner: object({ partner: ref('GraphNode'), associations: arrayOf(ref('PartnerLink')) }),
    GraphPath: object({ nodes: arrayOf(ref('GraphNode')), edges: arrayOf(ref('GraphEdge')) }),
    GraphStats: object({
      labels: { type: 'object', additionalProperties: integer },
      relationships: { type: 'object', additionalProperties: integer },
    }),
    Readiness: object({
      ready: { type: 'boolean' },
      checks: { type: 'object', additionalProperties: object({ ok: { type: 'boolean' }, detail: text }, ['ok']) },
    }),
    ...cypherSchemas(),
    ...openAiSchemas(limits),
  };
}

const scalar: Schema = { type: ['string', 'number', 'boolean', 'null'] };

/** POST /api/cypher bodies. */
function cypherSchemas(): Record<string, Schema> {
  return {
    CypherRequest: object(
      {
        query: { type: 'string', minLength: 1, maxLength: MAX_CYPHER_CHARS, description: 'One read-only statement; see docs/analyst-queries.md for what the guard refuses.' },
        params: {
          type: 'object',
          maxProperties: MAX_CYPHER_PARAMS,
          propertyNames: { pattern: CYPHER_PARAM_NAME.source },
          additionalProperties: { anyOf: [scalar, arrayOf(scalar)] },
          description: 'Flat JSON values only; whole numbers are sent as Cypher integers.',
        },
      },
      ['query'],
    ),
    CypherResult: object({
      columns: arrayOf(text),
      rows: { ...arrayOf(arrayOf({})), description: 'One array per row, aligned with columns. Nodes are {labels, properties}, relationships {type, properties}, paths arrays.' },
      truncated: { type: 'boolean', description: 'True when CYPHER_ROW_LIMIT (or the size budget) cut the result.' },
    }),
  };
}

/** The OpenAI-compatible /v1 bodies (only the fields park-kg reads or writes). */
function openAiSchemas(limits: SchemaLimits): Record<string, Schema> {
  const textPart = object({ type: { const: 'text' }, text });
  return {
    OpenAiError: object({
      error: object({ message: text, type: { type: 'string', enum: ['invalid_request_error', 'rate_limit_error', 'server_error'] }, param: { type: ['string', 'null'] }, code: text }),
    }),
    OpenAiModel: object({ id: text, object: { const: 'model' }, created: integer, owned_by: { const: 'park-kg' } }),
    OpenAiModelList: object({ object: { const: 'list' }, data: arrayOf(ref('OpenAiModel')) }),
    OpenAiMessage: object(
      {
        role: { type: 'string', enum: ['system', 'developer', 'user', 'assistant'] },
        content: { anyOf: [text, arrayOf(textPart), { type: 'null' }] },
      },
      ['role'],
    ),
    OpenAiChatRequest: {
      ...object(
        {
          model: { type: 'string', description: 'park-kg, or park-kg:<mode> with a mode of ' + RETRIEVAL_MODES.join(', ') },
          messages: { ...arrayOf(ref('OpenAiMessage')), minItems: 1, description: `The last user message (at most ${limits.maxQuestionChars} characters) is the question; earlier user/assistant turns are the history (latest ${limits.maxHistoryTurns}); system messages are ignored.` },
          stream: { type: 'boolean' },
          stream_options: object({ include_usage: { type: 'boolean' } }, []),
          n: { const: 1 },
        },
        ['model', 'messages'],
      ),
      additionalProperties: true,
      description: 'Other OpenAI fields (temperature, top_p, max_tokens, tools …) are accepted and ignored.',
    },
    ParkKgExtra: object({
      citations: arrayOf(ref('Citation')),
      answerable: { type: 'boolean' },
      intent: { type: 'string', enum: [...INTENTS] },
      graph: object({ nodes: arrayOf(ref('GraphNode')), edges: arrayOf(ref('GraphEdge')) }),
      mode: { type: 'string', enum: [...RETRIEVAL_MODES] },
      notes: arrayOf(text),
    }),
    OpenAiChatCompletion: object({
      id: text,
      object: { const: 'chat.completion' },
      created: integer,
      model: text,
      choices: arrayOf(
        object({
          index: integer,
          message: object({ role: { const: 'assistant' }, content: { type: 'string', description: 'The answer, then "\n\n引用：\n[1] 案例N《title》association · section：“quote”" lines.' } }),
          finish_reason: { const: 'stop' },
        }),
      ),
      usage: object({ prompt_tokens: integer, completion_tokens: integer, total_tokens: integer }),
      park_kg: ref('ParkKgExtra'),
    }),
  };
}
