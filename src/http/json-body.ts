// JSON request bodies: only `application/json` in UTF-8, bounded in size, parsed by Express.
import express, { type RequestHandler } from 'express';
import { sendError } from './error-handler.js';

const CHARSET = /;\s*charset\s*=\s*"?([^";\s]*)"?/i;
const fatalUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Refuses other media types with 415 before reading the body, and bodiless POSTs with 400, so
 * handlers can rely on `req.body` being parsed JSON.
 */
export function requireJson(): RequestHandler {
  return (req, res, next) => {
    const matched = req.is('application/json');
    if (matched === null || (matched === false && req.get('Content-Length') === '0')) {
      sendError(res, 400, 'INPUT_INVALID', 'body: a JSON object is required');
      return;
    }
    if (matched === false) {
      sendError(res, 415, 'UNSUPPORTED_MEDIA_TYPE', 'Content-Type must be application/json');
      return;
    }
    const charset = CHARSET.exec(req.get('Content-Type') ?? '')?.[1]?.toLowerCase();
    if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
      sendError(res, 415, 'UNSUPPORTED_MEDIA_TYPE', 'Only UTF-8 JSON bodies are accepted');
      return;
    }
    next();
  };
}

/**
 * The JSON parser: size-limited (413 past `maxBodyBytes`, measured after decompression), strict
 * (only objects and arrays at the top) and refusing invalid UTF-8 instead of replacing it.
 */
export function jsonBody(maxBodyBytes: number): RequestHandler {
  return express.json({
    limit: maxBodyBytes,
    strict: true,
    type: 'application/json',
    verify: (_req, _res, buffer) => {
      fatalUtf8.decode(buffer);
    },
  });
}
