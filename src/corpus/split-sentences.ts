// Chinese sentence splitting: after 。！？ (with closing quotes); very long runs also at ；.

const SENTENCE = /[^。！？!?]*[。！？!?]+[”’」』）)]*|[^。！？!?]+$/g;
const LONG = 220;

/** Splits a paragraph into sentences whose concatenation is the paragraph. */
export function splitSentences(paragraph: string): string[] {
  const out: string[] = [];
  for (const match of paragraph.match(SENTENCE) ?? []) {
    const sentence = match.trim();
    if (!sentence) continue;
    if ([...sentence].length <= LONG) {
      out.push(sentence);
      continue;
    }
    for (const part of sentence.match(/[^；]*；|[^；]+$/g) ?? [sentence]) if (part.trim()) out.push(part.trim());
  }
  return out;
}
