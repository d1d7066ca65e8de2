// Chinese names and colours for the graph's closed vocabularies. Typed as complete records, so a
// label added on the server fails the web build until it has a name and a colour here.
import type { Intent, NodeLabel, RelationType, RetrievalMode } from '../api/types.js';

export const LABEL_NAMES: Record<NodeLabel, string> = {
  Case: '案例',
  Chapter: '篇',
  Province: '省份',
  Park: '园区',
  Association: '园区科协',
  University: '高校',
  ResearchInstitute: '科研院所',
  Academician: '院士',
  Expert: '专家',
  Society: '学会',
  Enterprise: '企业',
  Platform: '平台',
  Initiative: '品牌活动',
};

/** Legend order: the case skeleton first, then partners, then what associations build and run. */
export const LABEL_ORDER: NodeLabel[] = [
  'Case',
  'Chapter',
  'Province',
  'Park',
  'Association',
  'University',
  'ResearchInstitute',
  'Academician',
  'Expert',
  'Society',
  'Enterprise',
  'Platform',
  'Initiative',
];

/** Thirteen hues far enough apart to tell apart on white, each dark enough for white text. */
export const LABEL_COLOURS: Record<NodeLabel, string> = {
  Case: '#64748b',
  Chapter: '#1e3a5f',
  Province: '#0e7490',
  Park: '#15803d',
  Association: '#dc2626',
  University: '#2563eb',
  ResearchInstitute: '#0f766e',
  Academician: '#d97706',
  Expert: '#a16207',
  Society: '#db2777',
  Enterprise: '#7c3aed',
  Platform: '#ea580c',
  Initiative: '#65a30d',
};

export const RELATION_NAMES: Record<RelationType, string> = {
  ABOUT: '关于',
  SERVES: '服务',
  IN_PROVINCE: '位于',
  IN_CHAPTER: '收录于',
  MENTIONS: '提及',
  PARTNERS_WITH: '合作',
  VISITED: '到访',
  BUILT: '建设',
  RUNS: '开展',
  AFFILIATED_WITH: '任职于',
};

export const INTENT_NAMES: Record<Intent, string> = {
  lookup: '事实查询',
  howto: '做法经验',
  shared_partner: '共享合作方',
  aggregate: '汇总统计',
  plan: '方案拟定',
  out_of_scope: '超出范围',
};

export const MODE_NAMES: Record<RetrievalMode, string> = {
  graph: '图谱增强（默认）',
  hybrid: '混合检索',
  vector: '向量检索',
  keyword: '关键词检索',
  naive: '朴素检索',
};

export const MODE_ORDER: RetrievalMode[] = ['graph', 'hybrid', 'vector', 'keyword', 'naive'];

/** The Chinese name of a label, or the label itself for one this build does not know. */
export function labelName(label: string): string {
  return (LABEL_NAMES as Record<string, string>)[label] ?? label;
}

export function labelColour(label: string): string {
  return (LABEL_COLOURS as Record<string, string>)[label] ?? '#475569';
}

export function relationName(type: string): string {
  return (RELATION_NAMES as Record<string, string>)[type] ?? type;
}
