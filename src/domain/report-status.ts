/**
 * Status model of a report of a child at risk (发现报告, 篇五 三(二); 强制报告,
 * 《未成年人保护法》第十一条). A lookup shows the status only, never what was reported.
 */
import { t } from '../i18n/index.ts';
import { labelTable } from '../i18n/format.ts';
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

export const REPORT_CATEGORIES = labelTable(t, [
  'domain.report.category.streetBegging',
  'domain.report.category.abuse',
  'domain.report.category.unattended',
  'domain.report.category.outOfSchool',
  'domain.report.category.childLabour',
  'domain.report.category.other',
]);

export const AGE_BANDS = labelTable(t, [
  'domain.report.age.infant',
  'domain.report.age.preschool',
  'domain.report.age.primary',
  'domain.report.age.teen',
  'domain.report.age.older',
  'domain.report.age.unknown',
]);

export const DANGER = labelTable(t, ['domain.report.danger.yes', 'domain.report.danger.no', 'domain.report.danger.unsure']);

/** People with a duty to report under 强制报告 (《未成年人保护法》第十一条第二款); `none` is everyone else. */
export const REPORTER_ROLES = labelTable(t, [
  'domain.report.reporter.none',
  'domain.report.reporter.teacher',
  'domain.report.reporter.doctor',
  'domain.report.reporter.socialWorker',
  'domain.report.reporter.communityWorker',
  'domain.report.reporter.police',
  'domain.report.reporter.other',
]);
export type ReporterRole = keyof typeof REPORTER_ROLES;
