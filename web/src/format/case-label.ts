// How a case is named in the interface. Case numbers start at 1; text before the first case (the
// compilation's 前言) can be cited too and arrives as case 0.

/** `案例12`, or `前言` for text outside the numbered cases. */
export function caseLabel(number: number): string {
  return number >= 1 ? `案例${number}` : '前言';
}

/** `案例12《标题》`; the front matter's title is already 前言, so it is not repeated. */
export function caseWithTitle(number: number, title: string): string {
  return number >= 1 ? `案例${number}《${title}》` : title && title !== '前言' ? `前言《${title}》` : '前言';
}

/** Parts joined by ` · `; empty parts (front matter has no association) and repeats left out. */
export function joinParts(...parts: Array<string | null | undefined>): string {
  const kept: string[] = [];
  for (const part of parts) {
    if (typeof part === 'string' && part.trim() !== '' && kept[kept.length - 1] !== part) kept.push(part);
  }
  return kept.join(' · ');
}
