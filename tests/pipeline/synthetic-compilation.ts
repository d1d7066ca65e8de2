// A small made-up compilation in the genre's layout (two-line titles, a 科协 line, section
// headings, hard-wrapped lines), as a text file and as HTML to print to PDF. No real case text.

export interface SyntheticCase {
  title: [string, string];
  association: string;
  sections: Array<{ heading: string; paragraphs: string[] }>;
}

/** Chapter printed before the cases: `第二篇` / `人才培养`. */
export const SYNTHETIC_CHAPTER = { number: '第二篇', name: '人才培养' };

export const SYNTHETIC_CASES: SyntheticCase[] = [
  {
    title: ['搭建产学研合作平台', '助力园区产业创新发展'],
    association: '浙江临江高新区科协',
    sections: [
      {
        heading: '工作背景',
        paragraphs: [
          '浙江临江高新区科协成立于 2021 年，是园区联系科技工作者的桥梁和纽带。园区现有高新技术企业一百二十余家，主导产业为新材料和智能装备，企业对技术人才和科研资源的需求十分迫切。',
        ],
      },
      {
        heading: '主要做法',
        paragraphs: [
          '一是深化校地合作。园区科协与临江理工大学签订战略合作协议，共建临江新材料联合研究院，组织高校教师进企业开展技术诊断。',
          '二是建设服务平台。园区科协牵头建设临江智能装备院士专家工作站，邀请专家团队常驻园区，为企业解决关键技术难题。',
        ],
      },
      {
        heading: '工作成效',
        paragraphs: [
          '两年来，园区科协累计组织校企对接活动三十余场，促成合作项目二十项。临江精工机械有限公司与高校联合攻关，成功研制新型数控机床主轴，产品性能达到国内先进水平。',
        ],
      },
    ],
  },
  {
    title: ['院士专家进园区', '点燃企业创新引擎'],
    association: '湖南青山经开区科协',
    sections: [
      {
        heading: '工作背景',
        paragraphs: [
          '湖南青山经济技术开发区科协成立于 2019 年，服务园区企业两百余家。园区企业普遍缺少高层次人才，亟需借助院士专家的智力资源推动产业转型升级。',
        ],
      },
      {
        heading: '主要做法',
        paragraphs: [
          '园区科协持续开展“院士专家青山行”活动，2023 年 6 月邀请中国工程院院士王建国到园区调研指导，走访了园区重点企业。',
          '园区科协还与湖南省机械工程学会合作，联合举办智能制造技术论坛，邀请青山大学陈立新教授作专题报告。',
        ],
      },
      {
        heading: '工作成效',
        paragraphs: [
          '活动共吸引园区企业技术人员五百余人次参加，青山重工科技有限公司与院士团队达成技术合作意向。园区科协被评为全省优秀基层科协组织。',
        ],
      },
    ],
  },
];

/** Hard-wraps a paragraph at `width` characters, as the book's text extraction does. */
function wrap(paragraph: string, width = 30): string[] {
  const chars = [...paragraph];
  const lines: string[] = [];
  for (let index = 0; index < chars.length; index += width) lines.push(chars.slice(index, index + width).join(''));
  return lines;
}

/** The compilation as a text file in the seed's conventions (block starts marked by a leading space). */
export function syntheticText(): string {
  const out: string[] = [' 前言', '本书收集了两个园区科协在人才培养方面的工作案例，供各地园区科协参考。', '', SYNTHETIC_CHAPTER.number, SYNTHETIC_CHAPTER.name, ''];
  for (const item of SYNTHETIC_CASES) {
    out.push(` ${item.title[0]}`, item.title[1], ` ${item.association}`, '');
    for (const section of item.sections) {
      out.push(` ${section.heading}`);
      for (const paragraph of section.paragraphs) out.push(...wrap(paragraph));
      out.push('');
    }
  }
  return `${out.join('\n')}\n`;
}

/** The compilation as an HTML page for Chromium's PDF printer: CJK font, fixed measure, page per case. */
export function syntheticHtml(): string {
  const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const cases = SYNTHETIC_CASES.map(
    (item) => `<section class="case">
  <h1>${escape(item.title[0])}<br>${escape(item.title[1])}</h1>
  <p class="association">${escape(item.association)}</p>
  ${item.sections.map((section) => `<h2>${escape(section.heading)}</h2>\n  ${section.paragraphs.map((p) => `<p>${escape(p)}</p>`).join('\n  ')}`).join('\n  ')}
</section>`,
  ).join('\n');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><style>
  @page { size: A4; margin: 20mm; }
  body { font-family: 'Noto Sans CJK SC', 'Noto Serif CJK SC', sans-serif; font-size: 14px; line-height: 1.6; }
  .measure { width: 30em; }
  h1 { font-size: 18px; font-weight: bold; margin: 0 0 1.2em; }
  h2 { font-size: 15px; font-weight: bold; margin: 1.2em 0 0.6em; }
  p { margin: 0; text-indent: 2em; }
  p.association { text-indent: 0; margin-bottom: 1.5em; }
  .case + .case { break-before: page; }
  .chapter { break-after: page; font-size: 20px; }
</style></head><body><div class="measure">
<section class="chapter"><p class="association">前言</p><p>本书收集了两个园区科协在人才培养方面的工作案例，供各地园区科协参考。</p>
<h2>${SYNTHETIC_CHAPTER.number}</h2><h2>${SYNTHETIC_CHAPTER.name}</h2></section>
${cases}
</div></body></html>`;
}

/** Entities the fake model "finds" when they are printed in a sentence it was sent. */
export const LLM_FINDS = [
  { label: 'University', name: '临江理工大学' },
  // The rules miss these two: they show what the LLM adds.
  { label: 'ResearchInstitute', name: '临江新材料联合研究院' },
  { label: 'Enterprise', name: '青山重工科技有限公司' },
  { label: 'Academician', name: '王建国' },
] as const;

/** The `[id] text` lines and the association of an extraction prompt. */
export function promptSentences(prompt: string): { association: string; sentences: Array<{ id: string; text: string }> } {
  const association = /园区科协：(.+)/.exec(prompt)?.[1]?.trim() ?? '';
  const sentences = [...prompt.matchAll(/^\[([^\]\s]+)\] (.+)$/gm)].map((match) => ({ id: match[1]!, text: match[2]! }));
  return { association, sentences };
}

/**
 * A model reply for an extraction prompt: the LLM_FINDS printed in the case, plus things a
 * careless model invents (a sentence id not in the case, a name the sentence does not print, an
 * unknown label, a relation citing a made-up sentence), which the grounding check must drop.
 */
export function fakeExtractionReply(prompt: string): string {
  const { association, sentences } = promptSentences(prompt);
  const first = sentences[0]?.id ?? 'none';
  const entities: unknown[] = [];
  const relations: unknown[] = [];
  for (const find of LLM_FINDS) {
    const ids = sentences.filter((sentence) => sentence.text.includes(find.name)).map((sentence) => sentence.id);
    if (ids.length === 0) continue;
    entities.push({ label: find.label, name: find.name, sentences: ids });
    if (find.label === 'ResearchInstitute') relations.push({ type: 'PARTNERS_WITH', source: association, target: find.name, sentence: ids[0] });
  }
  entities.push({ label: 'University', name: '虚构科技大学', sentences: [first] });
  entities.push({ label: 'Enterprise', name: '临江精工机械有限公司', sentences: ['c99-0000000000'] });
  entities.push({ label: 'Spaceship', name: '园区科协', sentences: [first] });
  relations.push({ type: 'PARTNERS_WITH', source: association, target: '临江理工大学', sentence: 'c99-0000000000' });
  return `\`\`\`json\n${JSON.stringify({ entities, relations })}\n\`\`\``;
}

/** The user message of a recorded chat completion request. */
export function userPrompt(body: { messages?: Array<{ role: string; content: unknown }> }): string {
  const message = body.messages?.find((item) => item.role === 'user');
  return typeof message?.content === 'string' ? message.content : JSON.stringify(message?.content ?? '');
}

/** A minimal PDF from object bodies, with a correct cross-reference table. */
export function minimalPdf(objects: readonly string[], trailerExtra = ''): Buffer {
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, index) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${index + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R ${trailerExtra}>>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

const ONE_EMPTY_PAGE = [
  '<< /Type /Catalog /Pages 2 0 R >>',
  '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
  '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>',
  '<< /Length 0 >>\nstream\n\nendstream',
];

/** PDFs that cannot be a compilation: no text layer (a scan), password-protected, damaged. */
export const BAD_PDFS = {
  imageOnly: () => minimalPdf(ONE_EMPTY_PAGE),
  encrypted: () =>
    minimalPdf(
      [...ONE_EMPTY_PAGE, `<< /Filter /Standard /V 1 /R 2 /O <${'ab'.repeat(32)}> /U <${'cd'.repeat(32)}> /P -4 >>`],
      `/Encrypt 5 0 R /ID [<${'01'.repeat(16)}> <${'01'.repeat(16)}>] `,
    ),
  corrupt: () => Buffer.from(`%PDF-1.7\n${'garbage '.repeat(50)}`, 'latin1'),
};
