// Word segmentation with part-of-speech tags (@node-rs/jieba), loaded once per process.
import { createRequire } from 'node:module';
import type { Jieba as JiebaType } from '@node-rs/jieba';

/** A token with its offsets in the sentence, so regex matches can be aligned to words. */
export interface Token {
  word: string;
  tag: string;
  start: number;
  end: number;
}

const require = createRequire(import.meta.url);
let instance: JiebaType | null = null;

function jieba(): JiebaType {
  if (!instance) {
    const { Jieba } = require('@node-rs/jieba') as typeof import('@node-rs/jieba');
    const { dict } = require('@node-rs/jieba/dict.js') as { dict: Uint8Array };
    instance = Jieba.withDict(dict);
  }
  return instance;
}

/** Tokens of a sentence in order; offsets are UTF-16 indices into the sentence. */
export function tokenize(sentence: string): Token[] {
  const out: Token[] = [];
  let offset = 0;
  for (const { word, tag } of jieba().tag(sentence)) {
    const start = sentence.indexOf(word, offset);
    const at = start < 0 ? offset : start;
    out.push({ word, tag, start: at, end: at + word.length });
    offset = at + word.length;
  }
  return out;
}

/** Plain word list for keyword indexing (search mode splits long words further). */
export function cutForSearch(text: string): string[] {
  return jieba().cutForSearch(text, true);
}
