// Intent from the wording of a question (rules over general Chinese phrasing, no book terms).
import type { LinkedEntity } from '../retrieve/entity-linker.js';
import type { Intent } from './types.js';

const PLAN = /(方案|计划书|规划|策划|拟一|拟个|拟定|帮我.{0,12}(设计|列|拟|写|做|出)|给个|怎么办一次|如何办一次|请.{0,6}(设计|草拟))/;
const FIRST_PERSON = /(我们|我园|我区|我方|本园|我想|我司|咱们)/;
const AGGREGATE = /(多少家|多少个|(?<!哪)几个案例|有几个|几家|数量|统计|总共|一共|分布|收录了哪些|篇.{0,6}哪些|哪些.{0,12}(成立|建立)的|截至|全国.{0,8}多少|有没有.{0,10}(省|市|香港|澳门|台湾|自治区).{0,8}案例)/;
const SHARED = /((和|与|同|跟).{1,24}(有关|有联系|合作|有过合作|打过交道)|除了.{1,20}(还|也)|指导过|哪几个案例|哪些案例.{0,8}(提到|涉及)|都.{0,6}(合作|邀请)|共同的|共享)/;
// 哪些园区科协邀请过院士 / 哪些案例和高校合作: a listing by kind of partner.
const KIND_LISTING = /(哪些|哪几个|几个)(园区|科协|案例|园区科协).{0,16}(院士|专家|高校|大学|学会|协会|研究院|院所|企业|工作站)|(院士|高校|大学|学会|研究院).{0,10}(哪些|哪几个)(园区|科协|案例)/;
const HOWTO = /(怎样|怎么|如何|哪些做法|什么做法|有哪些.{0,10}(做法|经验|办法|模式|举措)|一般要|可以参考|经验|有没有.{0,10}(组织|开展|举办)过|通常)/;
const DOMAIN = /(园区|科协|院士|专家|高校|大学|企业|科普|人才|学会|平台|基地|工作站|活动|案例|汇编|创新|科技|产业|海智|合作|孵化|培训)/;

/** The question's intent; `linked` tells whether it is about one named case or across cases. */
export function classifyIntent(question: string, linked: readonly LinkedEntity[]): Intent {
  const text = question.replace(/\s+/g, '');
  // A bare place name (北京) does not make a question about the book.
  if (linked.every((entity) => entity.node.label === 'Province') && !DOMAIN.test(text)) return 'out_of_scope';
  if (PLAN.test(text) && (FIRST_PERSON.test(text) || /方案|规划|计划书/.test(text))) return 'plan';
  if (AGGREGATE.test(text) && !/几个板块|几项|哪几个方面/.test(text)) return 'aggregate';
  if (SHARED.test(text) || KIND_LISTING.test(text)) return 'shared_partner';
  const aboutOneCase = linked.some((entity) => entity.node.label === 'Association' || entity.node.label === 'Park');
  if (HOWTO.test(text) && !aboutOneCase) return 'howto';
  return aboutOneCase ? 'lookup' : HOWTO.test(text) ? 'howto' : 'lookup';
}
