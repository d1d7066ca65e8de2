// China's province-level regions (general geography, not this book): short and full names.

const REGIONS: ReadonlyArray<readonly [short: string, full: string]> = [
  ['北京', '北京市'], ['天津', '天津市'], ['上海', '上海市'], ['重庆', '重庆市'],
  ['河北', '河北省'], ['山西', '山西省'], ['辽宁', '辽宁省'], ['吉林', '吉林省'], ['黑龙江', '黑龙江省'],
  ['江苏', '江苏省'], ['浙江', '浙江省'], ['安徽', '安徽省'], ['福建', '福建省'], ['江西', '江西省'],
  ['山东', '山东省'], ['河南', '河南省'], ['湖北', '湖北省'], ['湖南', '湖南省'], ['广东', '广东省'],
  ['海南', '海南省'], ['四川', '四川省'], ['贵州', '贵州省'], ['云南', '云南省'], ['陕西', '陕西省'],
  ['甘肃', '甘肃省'], ['青海', '青海省'], ['台湾', '台湾省'],
  ['内蒙古', '内蒙古自治区'], ['广西', '广西壮族自治区'], ['西藏', '西藏自治区'], ['宁夏', '宁夏回族自治区'],
  ['新疆', '新疆维吾尔自治区'], ['香港', '香港特别行政区'], ['澳门', '澳门特别行政区'],
];

/** Province-level region a name starts with (short or full form), with the matched prefix. */
export function regionPrefix(name: string): { region: string; prefix: string } | null {
  const trimmed = name.replace(/\s+/g, '');
  for (const [short, full] of REGIONS) {
    if (trimmed.startsWith(full)) return { region: short, prefix: full };
  }
  for (const [short] of REGIONS) {
    if (trimmed.startsWith(short)) return { region: short, prefix: short };
  }
  return null;
}

/** First province-level region named anywhere in a text, for cases whose name lacks one. */
export function firstRegionIn(text: string): string | null {
  let best: { region: string; at: number } | null = null;
  for (const [short, full] of REGIONS) {
    for (const form of [full, short]) {
      const at = text.indexOf(form);
      if (at >= 0 && (!best || at < best.at)) best = { region: short, at };
    }
  }
  return best?.region ?? null;
}
