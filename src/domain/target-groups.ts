/**
 * Who the programme protects: the 困境未成年人 and 困境家庭 categories of the seven
 * plans, merged (篇一 三, 篇三 三, 篇四 三2, 篇五 二, 篇七 四; 单亲家庭 from 篇三 五(一)1 and
 * 篇六, 严重不良行为 from 篇二 四(二)1 and 篇五 二). Entitlements name the
 * groups they serve; the /entitlements/ filter and the search filters use these labels.
 */
export const TARGET_GROUPS = {
  orphan: { label: '孤儿', hint: '父母均已去世或被宣告死亡、失踪的孩子' },
  unsupported: { label: '事实无人抚养儿童', hint: '父母虽在，但因服刑、重残重病、失联等原因实际无人抚养的孩子' },
  disabled: { label: '残疾儿童', hint: '持有残疾证或经评估有残疾的孩子' },
  seriouslyIll: { label: '重病儿童', hint: '患有重大疾病的孩子' },
  streetChild: { label: '流浪乞讨儿童', hint: '在外流浪、乞讨或有流浪倾向的孩子' },
  leftBehind: { label: '留守儿童', hint: '父母外出务工、由他人照看的孩子' },
  singleParent: { label: '单亲家庭儿童', hint: '父母离异或一方去世，跟着爸爸或妈妈一方生活的孩子' },
  parentIllOrDisabled: { label: '父母重病重残的儿童', hint: '爸爸或妈妈重度残疾、患重病，照顾不了孩子或家里因此困难的孩子' },
  prisonerChild: { label: '服刑在押、强制戒毒人员子女', hint: '父母正在服刑、羁押或强制隔离戒毒的孩子' },
  lowIncome: { label: '低保和低保边缘家庭儿童', hint: '家庭享受最低生活保障或属于低保边缘、特困的孩子' },
  abused: { label: '遭受家庭暴力、虐待、遗弃的儿童', hint: '受到打骂、虐待、忽视或被遗弃的孩子' },
  trafficked: { label: '被拐卖、被非法雇佣的儿童', hint: '被拐卖、被强迫劳动或被利用乞讨的孩子' },
  dropout: { label: '失学辍学儿童', hint: '适龄却没有上学或中途不上学的孩子' },
  seriousMisbehaviour: { label: '有严重不良行为的未成年人', hint: '结伙斗殴、携带管制刀具、偷窃、吸毒等，家里和学校管不了的孩子' },
  offender: { label: '涉罪和社区矫正的未成年人', hint: '有违法犯罪行为、正在接受社区矫正的孩子' },
  crimeVictim: { label: '未成年被害人', hint: '受到性侵害、暴力伤害等犯罪侵害的孩子' },
  migrant: { label: '随迁子女', hint: '随外来务工父母在本地生活的孩子' },
  familyMember: { label: '困境儿童家庭成员', hint: '困境儿童家中有劳动能力的大人' },
  allChildren: { label: '所有未成年人', hint: '不满十八周岁的孩子' },
} as const;

export type TargetGroup = keyof typeof TARGET_GROUPS;
export const TARGET_GROUP_KEYS = Object.keys(TARGET_GROUPS) as [TargetGroup, ...TargetGroup[]];
