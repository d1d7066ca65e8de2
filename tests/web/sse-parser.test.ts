// The web app's SSE parser: fetch bodies arrive in arbitrary chunks, so events, lines and even
// the CRLF pair may be split anywhere; comments (heartbeats) are ignored.
import { describe, expect, it } from 'vitest';
import { SseParser, type SseEvent } from '../../web/src/api/sse.js';

const STREAM = 'event: token\ndata: {"text":"园区"}\n\n: keep-alive\n\nevent: token\ndata: {"text":"科协"}\n\nevent: answer\ndata: {"answer":"园区科协[1]"}\n\nevent: done\ndata: {}\n\n';

function feed(chunks: string[]): SseEvent[] {
  const parser = new SseParser();
  return [...chunks.flatMap((chunk) => parser.push(chunk)), ...parser.finish()];
}

describe('SseParser', () => {
  it('parses named events and skips comment lines', () => {
    expect(feed([STREAM])).toEqual([
      { event: 'token', data: '{"text":"园区"}' },
      { event: 'token', data: '{"text":"科协"}' },
      { event: 'answer', data: '{"answer":"园区科协[1]"}' },
      { event: 'done', data: '{}' },
    ]);
  });

  it('gives the same events however the stream is cut', () => {
    const whole = feed([STREAM]);
    for (const size of [1, 2, 3, 7, 13]) {
      const chunks: string[] = [];
      for (let index = 0; index < STREAM.length; index += size) chunks.push(STREAM.slice(index, index + size));
      expect(feed(chunks)).toEqual(whole);
    }
  });

  it('handles CRLF split between chunks, multi-line data and a last event without a blank line', () => {
    expect(feed(['event: token\r', '\ndata: a\r\ndata: b\r\n\r', '\ndata: tail'])).toEqual([
      { event: 'token', data: 'a\nb' },
      { event: 'message', data: 'tail' },
    ]);
  });

  it('ignores blocks without data and unknown fields', () => {
    expect(feed(['event: ping\n\nid: 7\nretry: 10\ndata: x\n\n'])).toEqual([{ event: 'message', data: 'x' }]);
  });
});
