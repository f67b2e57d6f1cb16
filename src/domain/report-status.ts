/**
 * Status model of a report of a child at risk (发现报告, 篇五 三(二); 强制报告,
 * 《未成年人保护法》第十一条). A lookup shows the status only, never what was reported.
 */
import { t } from '../i18n/index.ts';
import { CAPABILITIES } from './staff-roles.ts';
import type { StatusModel } from './status-model.ts';

const { manage, workOnRecords } = CAPABILITIES;

export type ReportStatus = 'received' | 'triaged' | 'verified' | 'closed';

export const REPORT_MODEL: StatusModel<ReportStatus> = {
  initial: 'received',
  states: {
    received: {
      label: '已接收',
      nextStep: t('domain.report.received.nextStep'),
    },
    triaged: { label: '已分派', nextStep: t('domain.report.triaged.nextStep') },
    verified: { label: '已核实', nextStep: t('domain.report.verified.nextStep') },
    closed: { label: '已处理', nextStep: t('domain.report.closed.nextStep'), final: true, purgeable: true },
  },
  transitions: [
    { from: ['received'], to: 'triaged', by: manage },
    { from: ['triaged'], to: 'verified', by: workOnRecords },
    { from: ['verified'], to: 'closed', by: manage },
    { from: ['received', 'triaged'], to: 'closed', by: manage, reason: true },
  ],
};

export const REPORT_CATEGORIES = {
  streetBegging: t('domain.report.category.streetBegging'),
  abuse: t('domain.report.category.abuse'),
  unattended: t('domain.report.category.unattended'),
  outOfSchool: t('domain.report.category.outOfSchool'),
  childLabour: t('domain.report.category.childLabour'),
  other: t('domain.report.category.other'),
} as const;

export const AGE_BANDS = {
  infant: t('domain.report.age.infant'),
  preschool: t('domain.report.age.preschool'),
  primary: t('domain.report.age.primary'),
  teen: t('domain.report.age.teen'),
  older: t('domain.report.age.older'),
  unknown: t('domain.report.age.unknown'),
} as const;

export const DANGER = {
  yes: t('domain.report.danger.yes'),
  no: t('domain.report.danger.no'),
  unsure: t('domain.report.danger.unsure'),
} as const;

/** People with a duty to report under 强制报告 (《未成年人保护法》第十一条第二款); `none` is everyone else. */
export const REPORTER_ROLES = {
  none: t('domain.report.reporter.none'),
  teacher: t('domain.report.reporter.teacher'),
  doctor: t('domain.report.reporter.doctor'),
  socialWorker: t('domain.report.reporter.socialWorker'),
  communityWorker: t('domain.report.reporter.communityWorker'),
  police: t('domain.report.reporter.police'),
  other: t('domain.report.reporter.other'),
} as const;
export type ReporterRole = keyof typeof REPORTER_ROLES;
