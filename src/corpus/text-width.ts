// Visual width helpers: the PDF wraps at a fixed width where CJK counts 1 and ASCII about 0.5.

/** Width of a line as printed: full-width characters 1, ASCII 0.5. */
export function visualWidth(text: string): number {
  let width = 0;
  for (const char of text.trim()) width += char.charCodeAt(0) < 0x80 ? 0.5 : 1;
  return width;
}

/** The wrap width of body text: the most common rounded width among longer lines. */
export function estimateWrapWidth(lines: readonly string[]): number {
  const counts = new Map<number, number>();
  for (const line of lines) {
    const width = Math.round(visualWidth(line));
    if (width >= 12) counts.set(width, (counts.get(width) ?? 0) + 1);
  }
  let best = 30;
  let bestCount = -1;
  for (const [width, count] of counts) {
    if (count > bestCount) {
      best = width;
      bestCount = count;
    }
  }
  return best;
}
