// Words that turn co-occurrence in a sentence into a typed relation. General Chinese
// vocabulary of cooperation, visits and building, not names from any book.

export const PARTNER_CUE = /(合作|共建|签约|签订|联合|携手|对接|依托|牵手|联盟|校企|产学研|引进|邀请|联办|协办|共同|协议|战略|结对|入驻|挂牌|联系|走进|深入|会同|推动|促成|组织)/;
export const VISIT_CUE = /(走进|来到|莅临|到访|来访|考察|调研|参观|视察|走访|深入|赴|进园区|做客|来园区|报告|讲座|授课|指导|把脉|问诊|座谈|对接会|交流|行”|行活动)/;
export const BUILD_CUE = /(建|设立|成立|打造|搭建|挂牌|揭牌|授牌|获批|组建|运营|认定|入选|落地|依托|引进|布局|开设)/;

/** The most specific date a sentence states, using `fallbackYear` for 6 月 12 日-style dates. */
export function statedDate(sentence: string, fallbackYear: number | null): string | undefined {
  const full = /(\d{4})\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?/.exec(sentence);
  if (full) return formatDate(Number(full[1]), Number(full[2]), full[3] ? Number(full[3]) : null);
  const partial = /(?:^|[^\d])(\d{1,2})\s*月\s*(\d{1,2})\s*日/.exec(sentence);
  if (partial && fallbackYear) return formatDate(fallbackYear, Number(partial[1]), Number(partial[2]));
  const year = /(\d{4})\s*年/.exec(sentence);
  return year ? year[1] : undefined;
}

function formatDate(year: number, month: number, day: number | null): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return day ? `${year}-${pad(month)}-${pad(day)}` : `${year}-${pad(month)}`;
}
