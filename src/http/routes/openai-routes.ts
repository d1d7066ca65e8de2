// OpenAI-compatible chat under /v1, so chat front-ends (Open WebUI, LobeChat, ChatBox, Cherry
// Studio) and OpenAI SDKs can use park-kg as a model. Answers come from the same service as
// /api/chat; citations are appended as a Chinese 引用 list and returned in full under `park_kg`.
import { randomUUID } from 'node:crypto';
import { Router, type ErrorRequestHandler, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import { RETRIEVAL_MODES, type ChatAnswer, type ChatRequest, type Citation, type HistoryTurn, type RetrievalMode } from '../../answer/types.js';
import type { ParkKgService } from '../../app/service-types.js';
import { ParkKgError } from '../../errors.js';
import { describeZodError, logFailure, mapError } from '../error-handler.js';
import type { ResolvedHttpOptions } from '../http-types.js';
import { jsonBody, requireJson } from '../json-body.js';
import { rateLimit } from '../rate-limit.js';
import { requestIdOf } from '../request-context.js';

/** The model id front-ends list; `park-kg:<mode>` picks a retrieval mode. */
export const OPENAI_MODEL_ID = 'park-kg';
export const OPENAI_MODEL_IDS = [OPENAI_MODEL_ID, ...RETRIEVAL_MODES.map((mode) => `${OPENAI_MODEL_ID}:${mode}`)];
/** Separates the answer from its sources; earlier assistant turns are cut here before reuse. */
export const CITATION_HEADING = '\n\n引用：\n';
const HEARTBEAT_MS = 15_000;

const textPart = z.object({ type: z.literal('text'), text: z.string() }, { error: 'only {"type":"text","text":…} content parts are supported' });
const message = z.object(
  {
    role: z.enum(['system', 'developer', 'user', 'assistant'], { error: 'must be system, developer, user or assistant' }),
    content: z.union([z.string(), z.array(textPart).max(200)], { error: 'must be text or an array of text parts' }).nullable().optional(),
  },
  { error: 'must be an object with role and content' },
);
const optionalNumber = z.number({ error: 'must be a number' }).nullable().optional();
/** Lenient on fields it does not use (they are dropped), strict on the types of those it knows. */
export const completionSchema = z.object(
  {
    model: z.string({ error: 'is required and must be text' }).min(1, 'must not be empty').max(200),
    messages: z.array(message, { error: 'must be an array of messages' }).min(1, 'must not be empty').max(2_000),
    stream: z.boolean({ error: 'must be true or false' }).nullable().optional(),
    stream_options: z.object({ include_usage: z.boolean().optional() }, { error: 'must be an object' }).nullable().optional(),
    n: z.literal(1, { error: 'only n=1 is supported' }).nullable().optional(),
    temperature: optionalNumber,
    top_p: optionalNumber,
    max_tokens: optionalNumber,
    max_completion_tokens: optionalNumber,
    user: z.string({ error: 'must be text' }).optional(),
  },
  { error: 'must be a JSON object' },
);
type CompletionBody = z.infer<typeof completionSchema>;

/** An INPUT_INVALID that also names the request field, as OpenAI's `param` does. */
class InvalidParam extends ParkKgError {
  constructor(
    message: string,
    readonly param: string | null,
  ) {
    super('INPUT_INVALID', message);
  }
}

/** `park-kg` → default mode; `park-kg:hybrid` → hybrid; anything else is an unknown model (404). */
export function modeOfModel(model: string): RetrievalMode | undefined {
  if (model === OPENAI_MODEL_ID) return undefined;
  const mode = model.startsWith(`${OPENAI_MODEL_ID}:`) ? model.slice(OPENAI_MODEL_ID.length + 1) : '';
  if ((RETRIEVAL_MODES as readonly string[]).includes(mode)) return mode as RetrievalMode;
  throw new ParkKgError('NOT_FOUND', `The model "${model.slice(0, 80)}" does not exist; use one of ${OPENAI_MODEL_IDS.join(', ')}`);
}

const textOf = (content: CompletionBody['messages'][number]['content']): string =>
  typeof content === 'string' ? content : (content ?? []).map((part) => part.text).join('\n');

/** The last user message is the question; earlier user/assistant turns (without 引用 lists) the history. */
export function toChatRequest(body: CompletionBody, options: ResolvedHttpOptions): ChatRequest {
  const turns: HistoryTurn[] = body.messages
    .filter((item) => item.role === 'user' || item.role === 'assistant')
    .map((item) => ({ role: item.role as HistoryTurn['role'], content: textOf(item.content) }));
  const last = turns.findLastIndex((turn) => turn.role === 'user');
  const question = last < 0 ? '' : turns[last]!.content.trim();
  if (question === '') throw new InvalidParam('messages: a non-empty user message is required', 'messages');
  if (question.length > options.maxQuestionChars) {
    throw new InvalidParam(`messages: the last user message must be at most ${options.maxQuestionChars} characters`, 'messages');
  }
  const history = turns
    .slice(0, last)
    .map((turn) => ({ role: turn.role, content: turn.content.split(CITATION_HEADING)[0]!.trim().slice(0, options.maxHistoryChars) }))
    .filter((turn) => turn.content !== '')
    .slice(-options.maxHistoryTurns);
  const mode = modeOfModel(body.model);
  return { question, ...(history.length > 0 ? { history } : {}), ...(mode ? { mode } : {}) };
}

/** `\n\n引用：\n[1] 案例N《title》association · section：“quote”`, one line per citation; '' without any. */
export function citationList(citations: readonly Citation[]): string {
  if (citations.length === 0) return '';
  const lines = citations.map((item, index) => `[${index + 1}] 案例${item.case}《${item.title}》${item.association} · ${item.section}：“${item.quote}”`);
  return `${CITATION_HEADING}${lines.join('\n')}`;
}

/** A rough token count (one per CJK character, one per four other characters) for `usage`. */
export function roughTokens(text: string): number {
  const compact = text.replace(/\s+/g, '');
  const cjk = (compact.match(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu) ?? []).length;
  return cjk + Math.ceil((compact.length - cjk) / 4);
}

function usageOf(request: ChatRequest, content: string) {
  const prompt = roughTokens([request.question, ...(request.history ?? []).map((turn) => turn.content)].join('\n'));
  const completion = roughTokens(content);
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
}

const parkKgField = (answer: ChatAnswer) => ({
  citations: answer.citations,
  answerable: answer.answerable,
  intent: answer.intent,
  graph: answer.graph,
  mode: answer.mode,
  notes: answer.notes,
});

/** OpenAI's error body: `{error:{message,type,param,code}}`, codes are ours in lower case. */
export function openAiError(status: number, code: string, message: string, param: string | null = null) {
  const type = status === 429 ? 'rate_limit_error' : status >= 500 ? 'server_error' : 'invalid_request_error';
  return { error: { message, type, param, code: code.toLowerCase() } };
}

/** Routes mounted at /v1. */
export function openAiRoutes(service: ParkKgService, options: ResolvedHttpOptions): Router {
  const router = Router();
  const created = Math.floor(Date.now() / 1000);
  const model = (id: string) => ({ id, object: 'model', created, owned_by: 'park-kg' });
  router.use(openAiShapedErrors());

  router.get('/models', (_req, res) => {
    res.json({ object: 'list', data: OPENAI_MODEL_IDS.map(model) });
  });
  router.get('/models/:model', (req, res) => {
    modeOfModel(req.params.model);
    res.json(model(req.params.model));
  });

  const limiter = options.chatRateLimit ? [rateLimit(options.chatRateLimit)] : [];
  router.post('/chat/completions', ...limiter, requireJson(), jsonBody(options.openAiMaxBodyBytes), async (req, res) => {
    const parsed = completionSchema.safeParse(req.body);
    if (!parsed.success) throw new InvalidParam(describeZodError(parsed.error), parsed.error.issues[0]?.path.map(String).join('.') || null);
    const request = toChatRequest(parsed.data, options);
    const abort = abortOnDisconnect(req, res, options);
    const base = { id: `chatcmpl-${randomUUID()}`, created: Math.floor(Date.now() / 1000), model: parsed.data.model };
    if (parsed.data.stream === true) {
      await streamCompletion(service, request, base, parsed.data.stream_options?.include_usage === true, { req, res, abort, options });
      return;
    }
    try {
      const answer = await service.chat(request, undefined, abort.signal);
      const content = answer.answer + citationList(answer.citations);
      if (abort.signal.aborted) return;
      res.json({
        ...base,
        object: 'chat.completion',
        choices: [{ index: 0, message: { role: 'assistant', content }, logprobs: null, finish_reason: 'stop' }],
        usage: usageOf(request, content),
        park_kg: parkKgField(answer),
      });
    } catch (error) {
      if (!abort.signal.aborted) throw error;
    }
  });

  router.use((req, res) => {
    res.status(404).json(openAiError(404, 'NOT_FOUND', `No route for ${req.method} /v1${req.path.slice(0, 200)}`));
  });
  router.use(openAiErrorHandler(options));
  return router;
}

interface StreamContext {
  req: Request;
  res: Response;
  abort: AbortController;
  options: ResolvedHttpOptions;
}

/** SSE the OpenAI way: `data: {chunk}` lines (role, content deltas, 引用 list, stop + park_kg), then `data: [DONE]`. */
async function streamCompletion(service: ParkKgService, request: ChatRequest, base: object, includeUsage: boolean, context: StreamContext): Promise<void> {
  const { res, abort } = context;
  res.status(200).set({ 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
  res.flushHeaders();
  const write = (payload: unknown) => {
    if (!res.destroyed && !res.writableEnded) res.write(`data: ${typeof payload === 'string' ? payload : JSON.stringify(payload)}\n\n`);
  };
  const chunk = (delta: object, finishReason: string | null = null, extra: object = {}) =>
    write({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }], ...extra });
  const heartbeat = setInterval(() => res.writableEnded || res.write(': keep-alive\n\n'), HEARTBEAT_MS);
  heartbeat.unref();
  let streamed = '';
  try {
    chunk({ role: 'assistant', content: '' });
    const answer = await service.chat(
      request,
      {
        onToken: (text) => {
          if (text === '') return;
          streamed += text;
          chunk({ content: text });
        },
      },
      abort.signal,
    );
    // Whatever the composer did not stream (or streamed before a rewrite) arrives as one delta.
    const rest = answer.answer.startsWith(streamed) ? answer.answer.slice(streamed.length) : '';
    const tail = rest + citationList(answer.citations);
    if (tail !== '') chunk({ content: tail });
    chunk({}, 'stop', { park_kg: parkKgField(answer) });
    if (includeUsage) write({ ...base, object: 'chat.completion.chunk', choices: [], usage: usageOf(request, streamed + tail) });
    write('[DONE]');
  } catch (error) {
    if (abort.signal.aborted) return;
    const mapped = mapError(error);
    logFailure(context.options.logger, context.req, res, error, mapped);
    write(openAiError(mapped.status, mapped.code, mapped.message));
  } finally {
    clearInterval(heartbeat);
    if (!res.writableEnded) res.end();
  }
}

/** Aborts the service call when the client goes away before the response is complete. */
function abortOnDisconnect(req: Request, res: Response, options: ResolvedHttpOptions): AbortController {
  const controller = new AbortController();
  res.on('close', () => {
    if (res.writableFinished) return;
    controller.abort(new Error('client disconnected'));
    options.logger({ level: 'info', event: 'chat-aborted', requestId: requestIdOf(res), method: req.method, path: `/v1${req.path}` });
  });
  return controller;
}

/** Rewrites `{error:{code,message}}` bodies from shared middleware (415, 429 …) into OpenAI's shape. */
function openAiShapedErrors(): RequestHandler {
  return (_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    const send = res.json.bind(res);
    res.json = (body: unknown) => {
      const error = (body as { error?: Record<string, unknown> } | null)?.error;
      const product = error && typeof error.code === 'string' && typeof error.message === 'string' && !('type' in error);
      return send(product ? openAiError(res.statusCode, error.code as string, error.message as string) : body);
    };
    next();
  };
}

/** The /v1 error handler: same classification and logging as /api, OpenAI's body shape. */
function openAiErrorHandler(options: ResolvedHttpOptions): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const mapped = mapError(error);
    logFailure(options.logger, req, res, error, mapped);
    if (res.headersSent) {
      res.end();
      return;
    }
    if (mapped.retryable && mapped.status === 503) res.set('Retry-After', '5');
    const modelMissing = mapped.code === 'NOT_FOUND' && /^The model /.test(mapped.message);
    const param = error instanceof InvalidParam ? error.param : modelMissing ? 'model' : null;
    res.status(mapped.status).json(openAiError(mapped.status, modelMissing ? 'model_not_found' : mapped.code, mapped.message, param));
  };
}
