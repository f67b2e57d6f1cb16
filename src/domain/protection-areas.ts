import type { DepartmentKey } from './departments.ts';

/**
 * The seven protection areas of the programme. Six come from every plan
 * (救助保护, 教育保护, 司法保护, 就业扶持, 医疗保护, 精神关爱); 住房保障 comes from the
 * city plan (篇三 五(六)). Lead and co-responsible units merge the plans' lists.
 */
export const PROTECTION_AREAS = {
  rescue: {
    label: '救助保护',
    summary: '发现和救助流浪、无人照料的孩子，保障困境儿童和家庭的基本生活。',
    lead: 'civilAffairs',
    co: [
      'publicSecurity',
      'urbanManagement',
      'health',
      'education',
      'justice',
      'finance',
      'youthLeague',
      'womensFederation',
      'disabledPersons',
      'tradeUnion',
      'charity',
      'court',
      'procuratorate',
      'township',
    ],
  },
  education: {
    label: '教育保护',
    summary: '让每个适龄孩子有学上、上得起学，防止失学辍学，关爱留守儿童。',
    lead: 'education',
    co: ['civilAffairs', 'finance', 'youthLeague', 'womensFederation', 'disabledPersons', 'charity', 'township'],
  },
  judicial: {
    label: '司法保护',
    summary: '打击侵害未成年人的违法犯罪，保护被害孩子，帮助犯错的孩子回归社会。',
    lead: 'publicSecurity',
    co: ['court', 'procuratorate', 'justice', 'education', 'township'],
  },
  employment: {
    label: '就业扶持',
    summary: '帮助困境儿童家庭中有劳动能力的成员参加培训、找到工作、自主创业。',
    lead: 'humanResources',
    co: ['tradeUnion', 'womensFederation', 'youthLeague', 'taxation', 'marketRegulation'],
  },
  medical: {
    label: '医疗保护',
    summary: '流浪孩子生病先救治后结算，困境儿童和家庭看得起病。',
    lead: 'health',
    co: ['civilAffairs', 'humanResources', 'publicSecurity', 'finance', 'urbanManagement', 'township'],
  },
  mental: {
    label: '精神关爱',
    summary: '心理咨询、定期走访和志愿陪伴，关心孩子的心理健康。',
    lead: 'womensFederation',
    co: ['health', 'civilAffairs', 'education', 'youthLeague', 'township'],
  },
  housing: {
    label: '住房保障',
    summary: '维护孤儿的房产权益，帮助孤儿成年后解决住房困难。',
    lead: 'housing',
    co: ['civilAffairs', 'township'],
  },
} as const satisfies Record<string, { label: string; summary: string; lead: DepartmentKey; co: readonly DepartmentKey[] }>;

export type ProtectionArea = keyof typeof PROTECTION_AREAS;
export const PROTECTION_AREA_KEYS = Object.keys(PROTECTION_AREAS) as [ProtectionArea, ...ProtectionArea[]];
