// POST /api/chat: validated question in, ChatAnswer out, as JSON or as Server-Sent Events.
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { ChatRequest } from '../../answer/types.js';
import { RETRIEVAL_MODES } from '../../answer/types.js';
import type { ParkKgService } from '../../app/service-types.js';
import { logFailure, mapError } from '../error-handler.js';
import type { ResolvedHttpOptions } from '../http-types.js';
import { jsonBody, requireJson } from '../json-body.js';
import { rateLimit } from '../rate-limit.js';
import { requestIdOf } from '../request-context.js';
import { openEventChannel } from '../sse.js';
import { parseInput } from '../validation.js';

/** The chat body schema; limits come from the options so the OpenAPI document can show them. */
export function chatBodySchema(options: Pick<ResolvedHttpOptions, 'maxQuestionChars' | 'maxHistoryTurns' | 'maxHistoryChars'>) {
  const turn = z.object(
    {
      role: z.enum(['user', 'assistant'], { error: "must be 'user' or 'assistant'" }),
      content: z.string({ error: 'must be text' }).max(options.maxHistoryChars, `must be at most ${options.maxHistoryChars} characters`),
    },
    { error: 'must be an object with role and content' },
  );
  return z.object(
    {
      question: z
        .string({ error: 'is required and must be text' })
        .trim()
        .min(1, 'must not be empty')
        .max(options.maxQuestionChars, `must be at most ${options.maxQuestionChars} characters`),
      history: z
        .array(turn, { error: 'must be an array of turns' })
        .max(options.maxHistoryTurns, `must have at most ${options.maxHistoryTurns} turns`)
        .optional(),
      mode: z.enum(RETRIEVAL_MODES, { error: `must be one of ${RETRIEVAL_MODES.join(', ')}` }).optional(),
      stream: z.boolean({ error: 'must be true or false' }).optional(),
    },
    { error: 'must be a JSON object' },
  );
}

/** Routes under /api/chat. */
export function chatRoutes(service: ParkKgService, options: ResolvedHttpOptions): Router {
  const router = Router();
  const schema = chatBodySchema(options);
  const limiter = options.chatRateLimit ? [rateLimit(options.chatRateLimit)] : [];

  router.post('/chat', ...limiter, requireJson(), jsonBody(options.maxBodyBytes), async (req, res) => {
    const body = parseInput(schema, req.body);
    const request: ChatRequest = {
      question: body.question,
      ...(body.history ? { history: body.history } : {}),
      ...(body.mode ? { mode: body.mode } : {}),
    };
    const abort = abortOnDisconnect(req, res, options);
    if (body.stream === true) {
      await streamChat(service, request, req, res, abort, options);
      return;
    }
    try {
      const answer = await service.chat(request, undefined, abort.signal);
      if (!abort.signal.aborted) res.set('Cache-Control', 'no-store').json(answer);
    } catch (error) {
      // The client is gone: there is nobody to tell, and the abort was our own doing.
      if (!abort.signal.aborted) throw error;
    }
  });

  return router;
}

/** Aborts the service call when the client goes away before the response is complete. */
function abortOnDisconnect(req: Request, res: Response, options: ResolvedHttpOptions): AbortController {
  const controller = new AbortController();
  res.on('close', () => {
    if (res.writableFinished) return;
    controller.abort(new Error('client disconnected'));
    options.logger({ level: 'info', event: 'chat-aborted', requestId: requestIdOf(res), method: req.method, path: req.path });
  });
  return controller;
}

async function streamChat(
  service: ParkKgService,
  request: ChatRequest,
  req: Request,
  res: Response,
  abort: AbortController,
  options: ResolvedHttpOptions,
): Promise<void> {
  const channel = openEventChannel(res);
  try {
    const answer = await service.chat(
      request,
      {
        onToken: (text) => channel.send('token', { text }),
      },
      abort.signal,
    );
    channel.send('answer', answer);
    channel.send('done', {});
  } catch (error) {
    if (abort.signal.aborted) return;
    const mapped = mapError(error);
    logFailure(options.logger, req, res, error, mapped);
    channel.send('error', { error: { code: mapped.code, message: mapped.message } });
  } finally {
    channel.end();
  }
}
