// The embedder factory against a local OpenAI-compatible stub server (node:http on 127.0.0.1).
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { OpenAIEmbeddings } from '@langchain/openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chunkCompilations } from '../../src/index/chunker.js';
import { createEmbeddings } from '../../src/index/embeddings-factory.js';
import { HashingEmbeddings } from '../../src/index/hashing-embeddings.js';
import { openTextIndex } from '../../src/index/text-index.js';
import { openVectorIndex } from '../../src/index/vector-index-store.js';
import { realCorpus, tempDataDir } from './real-corpus.js';

const STUB_DIMENSIONS = 48;

/** What the stub received, like the Neo4j driver's FakeConnection records its messages. */
interface Received {
  path: string;
  authorization: string | undefined;
  body: { model: string; input: string | string[]; encoding_format?: string };
}

/** A tiny /v1/embeddings server: deterministic vectors (hashed n-grams of each input). */
function startStub(): Promise<{ server: Server; baseUrl: string; received: Received[] }> {
  const vectors = new HashingEmbeddings({ dimensions: STUB_DIMENSIONS, idf: false });
  const received: Received[] = [];
  const readBody = async (request: IncomingMessage) => {
    let text = '';
    for await (const part of request) text += String(part);
    return JSON.parse(text) as Received['body'];
  };
  const server = createServer((request, response) => {
    void (async () => {
      if (request.method !== 'POST' || request.url !== '/v1/embeddings') {
        response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"not found"}}');
        return;
      }
      const body = await readBody(request);
      received.push({ path: request.url, authorization: request.headers.authorization, body });
      if (request.headers.authorization === 'Bearer sk-revoked') {
        response.writeHead(401, { 'content-type': 'application/json' }).end('{"error":{"message":"invalid api key","type":"invalid_request_error"}}');
        return;
      }
      if (body.model === 'broken-model') {
        response.writeHead(400, { 'content-type': 'application/json' }).end('{"error":{"message":"model not loaded","type":"invalid_request_error"}}');
        return;
      }
      const inputs = Array.isArray(body.input) ? body.input : [body.input];
      const embedded = await vectors.embedDocuments(inputs);
      const data = embedded.map((embedding, index) => ({ object: 'embedding', index, embedding }));
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ object: 'list', data, model: body.model, usage: { prompt_tokens: 1, total_tokens: 1 } }));
    })();
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ server, baseUrl: `http://127.0.0.1:${port}/v1`, received });
    });
  });
}

const { compilations, inputHash } = await realCorpus();
const temp = await tempDataDir();
let stub: Awaited<ReturnType<typeof startStub>>;
beforeAll(async () => {
  stub = await startStub();
});
afterAll(async () => {
  await new Promise((resolve) => stub.server.close(resolve));
  await temp.cleanup();
});

describe('createEmbeddings', () => {
  it('falls back to the offline hashing embedder unless a model and an endpoint or key are set', () => {
    for (const settings of [{}, { embeddingsModel: 'text-embedding-3-small' }, { openaiApiKey: 'sk-test' }, { embeddingsModel: ' ', openaiApiKey: 'sk-test' }]) {
      const choice = createEmbeddings(settings);
      expect(choice.kind).toBe('hashing');
      expect(choice.embeddings).toBeInstanceOf(HashingEmbeddings);
      expect(choice.id).toBe('hashing-v1-768-idf');
    }
    expect(createEmbeddings({ hashingDimensions: 256 }).id).toBe('hashing-v1-256-idf');
  });

  it('picks OpenAIEmbeddings for a configured model, naming model and host in the id', () => {
    const hosted = createEmbeddings({ embeddingsModel: 'text-embedding-3-small', openaiApiKey: 'sk-test' });
    expect(hosted.embeddings).toBeInstanceOf(OpenAIEmbeddings);
    expect(hosted).toMatchObject({ kind: 'openai', id: 'openai:text-embedding-3-small@api.openai.com' });
    const local = createEmbeddings({ embeddingsModel: 'bge-m3', openaiBaseUrl: stub.baseUrl });
    expect(local.id).toBe(`openai:bge-m3@${new URL(stub.baseUrl).host}`);
  });

  it('rejects a base URL that is not a URL', () => {
    expect(() => createEmbeddings({ embeddingsModel: 'm', openaiBaseUrl: 'not a url' })).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
  });
});

describe('an index built through OpenAIEmbeddings against the stub server', () => {
  it('embeds in batches, learns the dimensions from the first vector and answers queries', async () => {
    const choice = createEmbeddings({ embeddingsModel: 'stub-embed', openaiApiKey: 'sk-test', openaiBaseUrl: stub.baseUrl });
    expect(choice.embeddings).toBeInstanceOf(OpenAIEmbeddings);
    const chunks = chunkCompilations(compilations, 'sections').slice(0, 150);
    const dir = path.join(temp.dir, 'openai-vectors');
    const opened = await openVectorIndex({ dir, chunks, embeddings: choice.embeddings, embedderId: choice.id, inputHash });
    expect(opened.origin).toBe('built');
    expect(opened.index.dimensions).toBe(STUB_DIMENSIONS);
    const documentCalls = stub.received.filter((call) => Array.isArray(call.body.input));
    expect(documentCalls.map((call) => call.body.input.length)).toEqual([64, 64, 22]);
    for (const call of stub.received) {
      expect(call).toMatchObject({ path: '/v1/embeddings', authorization: 'Bearer sk-test' });
      expect(call.body).toMatchObject({ model: 'stub-embed', encoding_format: 'float' });
    }
    const target = chunks[42]!;
    const before = stub.received.length;
    const hits = await opened.index.search(target.text, 3);
    expect(stub.received.length).toBe(before + 1);
    expect(hits[0]?.chunk.id).toBe(target.id);
    const reopened = await openVectorIndex({ dir, chunks, embeddings: choice.embeddings, embedderId: choice.id, inputHash });
    expect(reopened.origin).toBe('loaded');
    expect(stub.received.length).toBe(before + 1);
  });

  it('serves a whole text index through the stub, and refuses the hashing embedder on the same folder', async () => {
    const choice = createEmbeddings({ embeddingsModel: 'stub-embed', openaiBaseUrl: stub.baseUrl });
    const index = await openTextIndex({ dataDir: temp.dir, compilations, inputHash, strategy: 'fixed', embeddings: choice.embeddings, embedderId: choice.id });
    expect(index.vectorOrigin).toBe('built');
    expect(stub.received.at(-1)?.authorization).toBe('Bearer not-needed');
    expect((await index.vector.search('启悦私享会', 5)).length).toBe(5);
    const hashing = createEmbeddings({});
    await expect(
      openTextIndex({ dataDir: temp.dir, compilations, inputHash, strategy: 'fixed', embeddings: hashing.embeddings, embedderId: hashing.id, allowRebuild: false }),
    ).rejects.toThrow(new RegExp(`"${choice.id}".*"${hashing.id}".*npx park-kg ingest`, 's'));
  });

  it('turns endpoint failures into ParkKgErrors: a rejected key is config, other failures are retryable', async () => {
    const chunks = chunkCompilations(compilations, 'sections').slice(0, 10);
    const revoked = createEmbeddings({ embeddingsModel: 'stub-embed', openaiApiKey: 'sk-revoked', openaiBaseUrl: stub.baseUrl });
    await expect(openVectorIndex({ dir: path.join(temp.dir, 'revoked'), chunks, embeddings: revoked.embeddings, embedderId: revoked.id, inputHash })).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: expect.stringContaining('rejected the API key'),
    });
    const broken = createEmbeddings({ embeddingsModel: 'broken-model', openaiBaseUrl: stub.baseUrl });
    await expect(openVectorIndex({ dir: path.join(temp.dir, 'broken'), chunks, embeddings: broken.embeddings, embedderId: broken.id, inputHash })).rejects.toMatchObject({
      code: 'STORE_UNAVAILABLE',
      retryable: true,
      message: expect.stringContaining('model not loaded'),
    });
  });
});
