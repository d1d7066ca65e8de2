// Person names next to titles: 院士朱蓓薇, 孙安院士, 王为教授, and lists such as
// 马伟民、李德仁、钱清泉等数十位两院院士. Names are returned without their titles.
import { tokenize, type Token } from './segmenter.js';
import { surnameLength } from './surnames.js';

export type PersonRole = 'Academician' | 'Expert';

export interface PersonMatch {
  role: PersonRole;
  name: string;
  start: number;
  end: number;
}

const ACADEMICIAN_TITLE = '院士';
const EXPERT_TITLES = ['教授', '研究员', '博士', '总工程师', '高级工程师'];
// Characters that never sit inside a two- or three-character name in this register of prose.
const NOT_IN_NAME = new Set([...'区县市省园镇村的了是在和与等及一团队们行来到做作进参考调带领指导专家院士工站、，。；：“”（）《》及或并也将被把对向从给让请邀由经其该这那每各多位名个后前中上下内外']);
// Words that, right before a name, mean the character before the name is not part of it.
const LEFT_FUNCTION = new Set([...'向和与由同为请及等让将把对是在从给被跟经邀聘约赴至于']);

function validName(candidate: string): boolean {
  const chars = [...candidate];
  if (chars.length < 2 || chars.length > 4) return false;
  if (!chars.every((char) => /\p{Script=Han}/u.test(char) && !NOT_IN_NAME.has(char))) return false;
  const surname = surnameLength(candidate);
  return surname > 0 && chars.length - surname >= 1 && chars.length - surname <= 2;
}

/** Name right after a title (院士朱蓓薇): prefer three characters when the third can be in a name. */
function nameAfter(text: string, at: number, known: ReadonlySet<string>, tokens: readonly Token[]): string | null {
  const three = text.slice(at, at + 3);
  const two = text.slice(at, at + 2);
  if (known.has(two) && !known.has(three)) return validName(two) ? two : null;
  if (validName(three) && !NOT_IN_NAME.has(three[2] ?? '') && notAWord(tokens, at, at + 3)) return three;
  return validName(two) && notAWord(tokens, at, at + 2) ? two : null;
}

// A dictionary word that is not a person name (高层次, 高校) is not a name.
function notAWord(tokens: readonly Token[], start: number, end: number): boolean {
  return !tokens.some((token) => token.start === start && token.end === end && !/^nr/.test(token.tag));
}

/** Name right before a title (孙安院士): the character before a two-character name decides. */
function nameBefore(text: string, end: number, known: ReadonlySet<string>, tokens: readonly Token[]): string | null {
  const three = text.slice(Math.max(0, end - 3), end);
  const two = text.slice(Math.max(0, end - 2), end);
  if (known.has(three)) return three;
  if (known.has(two)) return two;
  if (three.length === 3 && validName(three) && !LEFT_FUNCTION.has(three[0] ?? '') && wordsAllow(tokens, end - 3, end) && notAWord(tokens, end - 3, end)) return three;
  return validName(two) && wordsAllow(tokens, end - 2, end) && notAWord(tokens, end - 2, end) ? two : null;
}

// A name is not split off a longer word (园区|举办) and holds no verb or function word (举办).
function wordsAllow(tokens: readonly Token[], start: number, end: number): boolean {
  for (const token of tokens) {
    if (token.end <= start || token.start >= end) continue;
    if (token.start < start) return false;
    if (token.word.length >= 2 && /^(v|p|c|u|d|m|q|r|t)/.test(token.tag)) return false;
  }
  return true;
}

/** All titled person names in a sentence. `known` holds names already read unambiguously. */
export function findPersons(sentence: string, known: ReadonlySet<string> = new Set()): PersonMatch[] {
  const out: PersonMatch[] = [];
  const tokens = tokenize(sentence);
  const push = (role: PersonRole, name: string, start: number) => {
    if (!out.some((match) => match.start === start && match.name === name)) out.push({ role, name, start, end: start + name.length });
  };
  const titles: Array<[PersonRole, string]> = [[ 'Academician', ACADEMICIAN_TITLE ], ...EXPERT_TITLES.map((title) => ['Expert', title] as [PersonRole, string])];
  for (const [role, title] of titles) {
    for (let at = sentence.indexOf(title); at >= 0; at = sentence.indexOf(title, at + title.length)) {
      const after = at + title.length;
      let name = nameAfter(sentence, after, known, tokens);
      let cursor = after;
      // 院士庄德、胡春宏: a list continues after the first name.
      while (name) {
        push(role, name, cursor);
        cursor += name.length;
        if (sentence[cursor] !== '、') break;
        cursor += 1;
        name = nameAfter(sentence, cursor, known, tokens);
      }
      const before = nameBefore(sentence, at, known, tokens);
      if (before) push(role, before, at - before.length);
    }
  }
  // 马伟民、李德仁、钱清泉等数十位两院院士
  for (const match of sentence.matchAll(/((?:\p{Script=Han}{2,3}、)+\p{Script=Han}{2,3})等[^。，；]{0,10}?(院士|专家|教授)/gu)) {
    const role: PersonRole = match[2] === '院士' ? 'Academician' : 'Expert';
    let offset = match.index ?? 0;
    for (const part of (match[1] ?? '').split('、')) {
      if (validName(part)) push(role, part, offset);
      offset += part.length + 1;
    }
  }
  return out.sort((a, b) => a.start - b.start);
}
