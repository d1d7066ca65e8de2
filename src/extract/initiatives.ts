// Initiatives: programmes, activity series and brands. The genre names them in quotes followed by
// an activity word (“院士行”活动, “启悦私享会”系列), or as event names ending in 论坛/大赛/沙龙 ….

export interface InitiativeMatch {
  name: string;
  /** Named only by the quotes and the word after them (“产学研”项目): bare, it is an ordinary word. */
  quotedOnly: boolean;
  start: number;
  end: number;
}

const FOLLOWING_WORD = /^(系列|活动|板块|品牌|计划|行动|工程|项目|大赛|论坛|沙龙|俱乐部|讲堂|课堂|训练营|竞赛|赛事|比赛|主题|专项|工作法|名片|办理服务|暖心服务)/;
const OWN_SUFFIX = /(行|会|赛|节|周|营|计划|工程|活动|行动|论坛|沙龙|课堂|讲堂|之旅|俱乐部|大集|市集|日)$/;
const QUOTED = /“([^“”。；]{2,24})”/g;

/** Quoted initiative names in one sentence. */
export function findInitiatives(sentence: string): InitiativeMatch[] {
  const out: InitiativeMatch[] = [];
  for (const match of sentence.matchAll(QUOTED)) {
    const inner = (match[1] ?? '').trim();
    const start = match.index ?? 0;
    const end = start + match[0].length;
    const after = sentence.slice(end, end + 6);
    if (/^\d+$/.test(inner) || /[0-9]+\s*[—-]/.test(inner)) continue;
    const ownName = OWN_SUFFIX.test(inner);
    if (ownName || FOLLOWING_WORD.test(after)) out.push({ name: inner.replace(/\s+/g, ' '), quotedOnly: !ownName, start, end });
  }
  return out;
}
