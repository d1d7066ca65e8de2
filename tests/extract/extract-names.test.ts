// Name patterns on sentences as the genre prints them.
import { describe, expect, it } from 'vitest';
import { findInitiatives } from '../../src/extract/initiatives.js';
import { findOrganisations } from '../../src/extract/org-names.js';
import { findPersons } from '../../src/extract/person-names.js';

const orgs = (s: string) => findOrganisations(s).map((m) => `${m.label}:${m.name}`);
const persons = (s: string) => findPersons(s).map((m) => `${m.role}:${m.name}`);

describe('findOrganisations', () => {
  it('cuts university names at prepositions and keeps full names', () => {
    expect(orgs('与宁波大学、北方民族大学、曼谷吞武里大学传媒学院合作')).toEqual([
      'University:宁波大学', 'University:北方民族大学', 'University:曼谷吞武里大学传媒学院',
    ]);
  });

  it('does not read descriptions as universities', () => {
    expect(orgs('上海理工大学国家大学科技园科协联合省内外大学')).toEqual(['University:上海理工大学']);
  });

  it('finds enterprises, institutes and platform kinds', () => {
    expect(orgs('力促湖北东贝机电集团股份有限公司与中国科学院周远院士续签协议，建立院士专家工作站和企业实验室')).toEqual([
      'Enterprise:湖北东贝机电集团股份有限公司', 'ResearchInstitute:中国科学院', 'Platform:院士专家工作站', 'Platform:企业实验室',
    ]);
  });

  it('keeps a university inside a platform name as its own mention', () => {
    expect(orgs('西安交通大学泉州联合创新孵化中心')).toEqual(['Platform:西安交通大学泉州联合创新孵化中心', 'University:西安交通大学']);
  });

  it('does not take the association itself as a society', () => {
    expect(orgs('扬州高新区科协组织科协会员参加中国化学会年会')).toEqual(['Society:中国化学会']);
  });
});

describe('findPersons', () => {
  it('reads names after and before titles, without the titles', () => {
    expect(persons('中国工程院院士朱蓓薇，中国科学院周远院士')).toEqual(['Academician:朱蓓薇', 'Academician:周远']);
    expect(persons('邀请俄罗斯工程院外籍院士孙安一行走进园区')).toEqual(['Academician:孙安']);
    expect(persons('依托天津大学王为教授团队')).toEqual(['Expert:王为']);
  });

  it('splits lists of academicians', () => {
    expect(persons('马伟民、李德仁、钱清泉等数十位两院院士')).toEqual(['Academician:马伟民', 'Academician:李德仁', 'Academician:钱清泉']);
  });

  it('does not read generic phrases as names', () => {
    expect(persons('邀请十多位院士专家来园区举办活动，引进高层次人才和高校教授')).toEqual([]);
  });
});

describe('findInitiatives', () => {
  it('takes quoted programmes followed by an activity word or named as one', () => {
    expect(findInitiatives('持续开展“院士专家园区行”活动，打造“启悦私享会”系列活动').map((m) => m.name)).toEqual(['院士专家园区行', '启悦私享会']);
  });

  it('ignores quoted metaphors', () => {
    expect(findInitiatives('当好“店小二”，打通“最后一公里”')).toEqual([]);
  });
});
