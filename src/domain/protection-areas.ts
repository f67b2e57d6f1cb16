import { t } from '../i18n/index.ts';
import type { DepartmentKey } from './departments.ts';

/**
 * The seven protection areas of the programme. Six come from every plan
 * (救助保护, 教育保护, 司法保护, 就业扶持, 医疗保护, 精神关爱); 住房保障 comes from the
 * city plan (篇三 五(六)). Lead and co-responsible units merge the plans' lists.
 */
export const PROTECTION_AREAS = {
  rescue: {
    label: '救助保护',
    summary: t('domain.area.rescue.summary'),
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
    summary: t('domain.area.education.summary'),
    lead: 'education',
    co: ['civilAffairs', 'finance', 'youthLeague', 'womensFederation', 'disabledPersons', 'charity', 'township'],
  },
  judicial: {
    label: '司法保护',
    summary: t('domain.area.judicial.summary'),
    lead: 'publicSecurity',
    co: ['court', 'procuratorate', 'justice', 'education', 'township'],
  },
  employment: {
    label: '就业扶持',
    summary: t('domain.area.employment.summary'),
    lead: 'humanResources',
    co: ['tradeUnion', 'womensFederation', 'youthLeague', 'taxation', 'marketRegulation'],
  },
  medical: {
    label: '医疗保护',
    summary: t('domain.area.medical.summary'),
    lead: 'health',
    co: ['civilAffairs', 'humanResources', 'publicSecurity', 'finance', 'urbanManagement', 'township'],
  },
  mental: {
    label: '精神关爱',
    summary: t('domain.area.mental.summary'),
    lead: 'womensFederation',
    co: ['health', 'civilAffairs', 'education', 'youthLeague', 'township'],
  },
  housing: {
    label: '住房保障',
    summary: t('domain.area.housing.summary'),
    lead: 'housing',
    co: ['civilAffairs', 'township'],
  },
} as const satisfies Record<string, { label: string; summary: string; lead: DepartmentKey; co: readonly DepartmentKey[] }>;

export type ProtectionArea = keyof typeof PROTECTION_AREAS;
export const PROTECTION_AREA_KEYS = Object.keys(PROTECTION_AREAS) as [ProtectionArea, ...ProtectionArea[]];
