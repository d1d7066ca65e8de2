// A local OpenAI-compatible server for tests: the real @langchain/openai client talks HTTP to it,
// so request shapes, SSE streaming, timeouts and aborts are exercised without a hosted model.
// It records every request it receives (like the Neo4j driver's FakeConnection).
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The parts of a chat completion request the stub looks at. */
export interface ChatCompletionBody {
  model?: string;
  stream?: boolean;
  messages?: Array<{ role: string; content: unknown }>;
  [key: string]: unknown;
}

export interface OpenAiStubOptions {
  /** The assistant's reply, fixed or computed from the request body. */
  chatReply?: string | ((body: ChatCompletionBody) => string);
  /** Pause before a JSON reply and between streamed chunks. */
  delayMs?: number;
  /** Accept chat requests and never send a byte back (for timeout tests). */
  neverAnswer?: boolean;
  /** Characters per streamed chunk; small chunks split citation markers across chunks. */
  chunkChars?: number;
  /** Answer every chat request with this HTTP error status instead. */
  failStatus?: number;
  /** Length of the deterministic embedding vectors. */
  embeddingDimensions?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
  /** True when the client dropped the connection before the reply was complete. */
  closedEarly: boolean;
}

export interface OpenAiStub {
  /** Base URL for OpenAI clients, ending in `/v1`. */
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

const DEFAULT_REPLY = '这是测试回答[1]。';

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    request.on('data', (part: Buffer) => parts.push(part));
    request.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    request.on('error', reject);
  });
}

function sendJson(response: ServerResponse, status: number, payload: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(payload));
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Deterministic unit vector per text, so equal texts embed equally across runs. */
export function stubEmbedding(text: string, dimensions: number): number[] {
  let hash = 2166136261;
  for (const char of text) hash = Math.imul(hash ^ (char.codePointAt(0) ?? 0), 16777619) >>> 0;
  const vector = Array.from({ length: dimensions }, (_, index) => Math.sin(hash / 1000 + index * 1.7));
  const norm = Math.hypot(...vector) || 1;
  return vector.map((value) => value / norm);
}

function chatChunk(model: string, delta: Record<string, string>, finish: string | null): string {
  const payload = {
    id: 'chatcmpl-stub',
    object: 'chat.completion.chunk',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, delta, finish_reason: finish }],
  };
  return `data: ${JSON.stringify(payload)}\n\n`;
}

async function streamReply(response: ServerResponse, model: string, reply: string, options: OpenAiStubOptions): Promise<void> {
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  response.write(chatChunk(model, { role: 'assistant', content: '' }, null));
  const chars = [...reply];
  const size = Math.max(1, options.chunkChars ?? 2);
  for (let index = 0; index < chars.length; index += size) {
    if (options.delayMs) await sleep(options.delayMs);
    if (response.destroyed) return;
    response.write(chatChunk(model, { content: chars.slice(index, index + size).join('') }, null));
  }
  response.write(chatChunk(model, {}, 'stop'));
  response.end('data: [DONE]\n\n');
}

async function handleChat(response: ServerResponse, body: ChatCompletionBody, options: OpenAiStubOptions): Promise<void> {
  if (options.neverAnswer) return;
  if (options.failStatus !== undefined) {
    sendJson(response, options.failStatus, { error: { message: `stub failure ${options.failStatus}`, type: 'stub_error' } });
    return;
  }
  const model = body.model ?? 'stub-model';
  const reply = typeof options.chatReply === 'function' ? options.chatReply(body) : (options.chatReply ?? DEFAULT_REPLY);
  if (body.stream === true) return streamReply(response, model, reply, options);
  if (options.delayMs) await sleep(options.delayMs);
  sendJson(response, 200, {
    id: 'chatcmpl-stub',
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message: { role: 'assistant', content: reply }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
  });
}

function handleEmbeddings(response: ServerResponse, body: Record<string, unknown>, options: OpenAiStubOptions): void {
  const inputs = Array.isArray(body.input) ? body.input : [body.input];
  const dimensions = options.embeddingDimensions ?? 8;
  const data = inputs.map((input, index) => {
    const vector = stubEmbedding(String(input), dimensions);
    // The official client asks for base64 floats by default and decodes them itself.
    const embedding = body.encoding_format === 'base64' ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector;
    return { object: 'embedding', index, embedding };
  });
  sendJson(response, 200, { object: 'list', data, model: body.model ?? 'stub-embedding', usage: { prompt_tokens: 1, total_tokens: 1 } });
}

/** Starts the stub on 127.0.0.1 with an ephemeral port; close it in afterAll. */
export async function startOpenAiStub(options: OpenAiStubOptions = {}): Promise<OpenAiStub> {
  const requests: RecordedRequest[] = [];
  const server = createServer((request, response) => {
    void (async () => {
      const raw = await readBody(request);
      let body: unknown = raw;
      try {
        body = raw === '' ? undefined : JSON.parse(raw);
      } catch {
        // Kept as text; the route below answers 400.
      }
      const path = (request.url ?? '/').split('?')[0] ?? '/';
      const record: RecordedRequest = { method: request.method ?? 'GET', path, headers: request.headers, body, closedEarly: false };
      requests.push(record);
      response.on('close', () => {
        if (!response.writableFinished) record.closedEarly = true;
      });
      const isObject = typeof body === 'object' && body !== null;
      if (request.method === 'GET' && path === '/v1/models') {
        sendJson(response, 200, { object: 'list', data: [{ id: 'stub-model', object: 'model', owned_by: 'stub' }] });
      } else if (request.method === 'POST' && path === '/v1/chat/completions' && isObject) {
        await handleChat(response, body as ChatCompletionBody, options);
      } else if (request.method === 'POST' && path === '/v1/embeddings' && isObject) {
        handleEmbeddings(response, body as Record<string, unknown>, options);
      } else {
        sendJson(response, isObject || request.method === 'GET' ? 404 : 400, { error: { message: 'not supported by the stub' } });
      }
    })().catch((error: unknown) => {
      if (!response.headersSent) sendJson(response, 500, { error: { message: String(error) } });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
