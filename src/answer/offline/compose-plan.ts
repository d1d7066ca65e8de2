// Plan: a draft plan for the user's own park, in five steps; every step quotes the cases it
// comes from, so the practitioner can check each suggestion against the book.
import type { IndexedSentence } from '../../retrieve/sentence-index.js';
import { caseLabel, linkedNodes, notCovered, type ComposeContext, type Composition } from './compose-types.js';
import { pickPerCase } from './compose-howto.js';
import { scoreSentence } from './sentence-picker.js';

const STEPS: Array<{ title: string; cue: RegExp; prefer?: string[] }> = [
  { title: '目标', cue: /(旨在|目标|目的|为了|推动|助力|打造|提升|促进)/, prefer: ['background', 'lessons'] },
  { title: '前期准备', cue: /(前期|调研|需求|梳理|摸底|征集|匹配|筛选|专家库|靶向|清单|筹备|策划|遴选|走访)/ },
  { title: '组织实施', cue: /(邀请|举办|组织|开展|召开|对接会|座谈|考察|报告会|沙龙|路演|论坛|讲座|培训|建设|设立)/, prefer: ['practice'] },
  { title: '后续跟踪', cue: /(跟踪|落地|签约|转化|回访|长效|持续|后期|反馈|评估|常态化)/ },
  { title: '保障措施', cue: /(保障|经费|资金|制度|机制|队伍|协调|领导小组|联席|考核|激励|场地|人员|管理办法)/ },
];
const PER_STEP = 3;

export async function composePlan(context: ComposeContext): Promise<Composition> {
  const byCase = await pickPerCase(context, 8, 6);
  const pool = [...byCase.keys()].flatMap((caseNumber) => context.retrieval.candidates.filter((s) => s.caseNumber === caseNumber));
  if (pool.length === 0) return notCovered('没有找到可参考的案例');
  const used = new Set<string>();
  const lines = [`以下方案草案参考了书中 ${byCase.size} 个案例的做法，每一步都注明出处，请结合本园区实际调整。`];
  let steps = 0;
  STEPS.forEach((step, index) => {
    const picks = pickForStep(context, pool, step, used);
    if (picks.length === 0) return;
    steps++;
    lines.push('', `**${'一二三四五'[index]}、${step.title}**`);
    for (const sentence of picks) {
      used.add(sentence.id);
      lines.push(`- 参考${caseLabel(context, sentence.caseNumber)}：${sentence.text}${context.cites.cite(sentence)}`);
    }
  });
  if (steps === 0) return notCovered('案例中没有可用于拟定方案的做法');
  return { answerable: true, text: lines.join('\n'), graph: { nodes: linkedNodes(context), edges: [] } };
}

/** The best sentences for one step: they must carry the step's cue; at most two per case. */
function pickForStep(context: ComposeContext, pool: readonly IndexedSentence[], step: (typeof STEPS)[number], used: Set<string>): IndexedSentence[] {
  const scored = pool
    .filter((s) => !used.has(s.id) && step.cue.test(s.compact) && s.sectionKind !== 'caption')
    .map((sentence) => {
      let score = scoreSentence(context.sentences, sentence, { terms: context.terms, phrases: context.phrases, limit: 1 }) + 0.5;
      if (step.prefer?.includes(sentence.sectionKind)) score *= 1.3;
      return { sentence, score };
    })
    .sort((a, b) => b.score - a.score || a.sentence.caseNumber - b.sentence.caseNumber || a.sentence.position - b.sentence.position);
  const perCase = new Map<number, number>();
  const out: IndexedSentence[] = [];
  for (const { sentence } of scored) {
    if (out.length >= PER_STEP) break;
    const count = perCase.get(sentence.caseNumber) ?? 0;
    if (count >= 2) continue;
    perCase.set(sentence.caseNumber, count + 1);
    out.push(sentence);
  }
  return out;
}
