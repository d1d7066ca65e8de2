// Facts about a case read from its header and opening sentences: park, region, short names, founding.
import { firstRegionIn, regionPrefix } from './regions.js';

const ASSOCIATION_SUFFIX = /(科学技术协会|科协)$/;

/** Association name without internal spacing quirks: spaces only between Latin and Han text. */
export function normaliseName(name: string): string {
  return name
    .replace(/\s+/g, ' ')
    .replace(/(\p{Script=Han})\s+(?=\p{Script=Han})/gu, '$1')
    .trim();
}

/** Forms a name is compared by: no spaces at all. */
export function compactName(name: string): string {
  return name.replace(/\s+/g, '');
}

/** Short names the text introduces with 以下简称“…”. */
export function declaredShortNames(text: string): string[] {
  const out: string[] = [];
  for (const match of text.matchAll(/以下简称[：:]?“([^”]{2,30})”/g)) out.push(normaliseName(match[1] ?? ''));
  return out;
}

/** Park name (association minus 科协) and its other forms (without region, declared short names). */
export function parkNames(association: string, shortNames: readonly string[]): { park: string; aliases: string[] } {
  const park = association.replace(ASSOCIATION_SUFFIX, '').trim();
  const aliases = new Set<string>();
  const prefix = regionPrefix(park);
  if (prefix) {
    const rest = compactName(park).slice(prefix.prefix.length).replace(/^(兵团)/, '');
    if ([...rest].length >= 2) aliases.add(rest);
  }
  for (const short of shortNames) {
    const form = short.replace(ASSOCIATION_SUFFIX, '').trim();
    if ([...form].length >= 2) aliases.add(form);
  }
  aliases.delete(park);
  return { park, aliases: [...aliases] };
}

/** Province-level region from the association name, else from the opening text. */
export function caseRegion(association: string, openingText: string): string | null {
  return regionPrefix(association)?.region ?? firstRegionIn(openingText);
}

/**
 * Founding year of the association when the opening states it. The clause that says 成立 must
 * have the 科协 as its subject (directly, or as the sentence's subject), since parks are often
 * founded decades before their associations.
 */
export function foundingYear(openingSentences: readonly string[]): number | null {
  for (const sentence of openingSentences) {
    const clauses = sentence.split(/[，；,;]/);
    let offset = 0;
    for (const [index, clause] of clauses.entries()) {
      const end = offset + clause.length;
      const subject = hasAssociationSubject(clause, clauses[0] ?? '') || (/^\s*自/.test(clause) && /(科协|科学技术协会)/.test(clauses[index + 1] ?? ''));
      if (/(成立|创建|组建)/.test(clause) && !/成立(后|以后)/.test(clause) && subject) {
        const inClause = [...clause.matchAll(/(\d{4})\s*年/g)].at(-1);
        const before = [...sentence.slice(0, end).matchAll(/(\d{4})\s*年/g)].at(-1);
        const year = Number((inClause ?? before)?.[1]);
        if (year >= 1950 && year <= 2100) return year;
      }
      offset = end + 1;
    }
  }
  return null;
}

function hasAssociationSubject(clause: string, firstClause: string): boolean {
  const own = clause.replace(/在[^，]*?(指导|帮助|支持)[^，]*?下/g, '');
  if (/(科协|科学技术协会)/.test(own)) return true;
  return /^[^在]*?(科协|科学技术协会)/.test(firstClause) && /^\s*(于|在|经|并|正式|\d)/.test(clause);
}
