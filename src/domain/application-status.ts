/**
 * Status model of an assistance application: the 认定审核 procedure of the programme
 * (篇五 三(三): 初步筛选 → 建立档案 → 调查评估 → 审核认定), as the public sees it.
 * The procedure moves an application (services/staff/review.ts acts as `system`): a township's
 * batch, the county's screening, the home visit, and the county's decisions on each measure
 * asked for — so no single account can carry an application from 乡镇初审 to 审核认定通过.
 */
import { t } from '../i18n/index.ts';
import { CAPABILITIES } from './staff-roles.ts';
import type { StatusModel } from './status-model.ts';

const { manage } = CAPABILITIES;

export type ApplicationStatus =
  'submitted' | 'screening' | 'investigating' | 'assessing' | 'approved' | 'partly_approved' | 'rejected' | 'needs_info' | 'withdrawn';

const REVIEW = ['screening', 'investigating', 'assessing'] as const;
/** Not decided yet: still in review, or waiting for the family's material. */
export const OPEN_APPLICATION_STATUSES = ['submitted', ...REVIEW, 'needs_info'] as const;
const OPEN = OPEN_APPLICATION_STATUSES;

/**
 * Over without aid: no visits are due for them, they leave the risk counts, and the family is
 * no longer told of the child's file (its visits, its pairings).
 */
export const CLOSED_APPLICATION_STATUSES = ['rejected', 'withdrawn'] as const satisfies readonly ApplicationStatus[];

export const APPLICATION_MODEL: StatusModel<ApplicationStatus> = {
  initial: 'submitted',
  returning: 'needs_info',
  // 需补充材料 names the items asked for; once the family has uploaded every one of them, the
  // application goes back to the step it was at (worker/services/materials.ts).
  resumedBy: ['applicant'],
  states: {
    submitted: {
      label: '已提交',
      nextStep: t('domain.application.submitted.nextStep'),
    },
    screening: { label: '乡镇初审', nextStep: t('domain.application.screening.nextStep') },
    investigating: { label: '入户调查/建档', nextStep: t('domain.application.investigating.nextStep') },
    assessing: { label: '调查评估', nextStep: t('domain.application.assessing.nextStep') },
    approved: {
      label: '审核认定通过',
      nextStep: t('domain.application.approved.nextStep'),
      final: true,
    },
    partly_approved: {
      label: '部分认定通过',
      nextStep: t('domain.application.partly_approved.nextStep'),
      final: true,
    },
    rejected: {
      label: '不予认定',
      nextStep: t('domain.application.rejected.nextStep'),
      final: true,
      purgeable: true,
    },
    needs_info: {
      label: '需补充材料',
      nextStep: t('domain.application.needs_info.nextStep'),
    },
    withdrawn: { label: '已撤回', nextStep: t('domain.application.withdrawn.nextStep'), final: true, purgeable: true },
  },
  transitions: [
    // 初步筛选: the township's batch, then the county takes the child in (or not).
    { from: ['submitted'], to: 'screening', by: ['system'] },
    { from: ['screening'], to: 'investigating', by: ['system'] },
    { from: ['screening'], to: 'rejected', by: ['system'], reason: true },
    // 建立档案: the home visit.
    { from: ['investigating'], to: 'assessing', by: ['system'] },
    // 审核认定: the county's decisions on every measure asked for.
    { from: ['assessing'], to: 'approved', by: ['system'] },
    { from: ['assessing'], to: 'partly_approved', by: ['system'] },
    { from: ['assessing'], to: 'rejected', by: ['system'], reason: true },
    { from: ['assessing'], to: 'needs_info', by: ['system'], reason: true },
    // Staff can ask for missing material at any step of the review.
    { from: REVIEW, to: 'needs_info', by: manage, reason: true },
    { from: OPEN, to: 'withdrawn', by: ['applicant'] },
  ],
};
