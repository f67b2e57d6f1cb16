/**
 * The departments the seven work plans name as lead or co-responsible units.
 * Content refers to them by key; the county settings decide the prefix (县/区/市),
 * so a district that deploys the portal reads 「区民政局」 without editing content. Two names
 * too long for a term are in the dictionary (department.*).
 */
import { t } from '../i18n/browser.ts';

export const DEPARTMENTS = {
  civilAffairs: { name: '{level}民政局', short: '民政部门' },
  education: { name: '{level}教育局', short: '教育部门' },
  publicSecurity: { name: '{level}公安局', short: '公安机关' },
  justice: { name: '{level}司法局', short: '司法行政部门' },
  court: { name: '{level}人民法院', short: '人民法院' },
  procuratorate: { name: '{level}人民检察院', short: '人民检察院' },
  humanResources: { name: '{level}人力资源和社会保障局', short: '人社部门' },
  health: { name: '{level}卫生健康局', short: '卫生健康部门' },
  finance: { name: '{level}财政局', short: '财政部门' },
  housing: { name: '{level}住房和城乡建设局', short: '住房保障部门' },
  urbanManagement: { name: '{level}城市管理局', short: '城管执法部门' },
  taxation: { name: '{level}税务局', short: '税务部门' },
  marketRegulation: { name: '{level}市场监督管理局', short: '市场监管部门' },
  disabledPersons: { name: '{level}残疾人联合会', short: '残联' },
  womensFederation: { name: '{level}妇女联合会', short: '妇联' },
  youthLeague: { name: '共青团{level}委', short: '共青团' },
  tradeUnion: { name: '{level}总工会', short: '工会' },
  charity: { name: '{level}慈善会', short: '慈善会' },
  rescueStation: { name: t('department.rescueStation.name'), short: '救助保护机构' },
  welfareInstitution: { name: '儿童福利机构', short: '儿童福利机构' },
  township: { name: '乡镇人民政府（街道办事处）', short: '乡镇（街道）' },
  village: { name: '村（居）民委员会', short: '村（社区）' },
  schools: { name: t('department.schools.name'), short: '学校' },
  hospitals: { name: '定点医疗机构', short: '医疗机构' },
} as const;

export type DepartmentKey = keyof typeof DEPARTMENTS;
export const DEPARTMENT_KEYS = Object.keys(DEPARTMENTS) as [DepartmentKey, ...DepartmentKey[]];

/** 「县民政局」 for a county, 「区民政局」 for a district. */
export function departmentName(key: DepartmentKey, level: string): string {
  return DEPARTMENTS[key].name.replace('{level}', level);
}
