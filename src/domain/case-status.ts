/**
 * Status model of a child's file (一人一档, 篇五 三(一) 二是: 对辖区内的未成年人建立专项档案).
 * A file is open while the child is followed; a report can open it before the child is known
 * (待核实); merging two files of the same child leaves one of them merged, reversibly.
 */
import { t } from '../i18n/index.ts';
import { CAPABILITIES } from './staff-roles.ts';
import type { StatusModel } from './status-model.ts';

const { manage, workOnRecords } = CAPABILITIES;

export type CaseStatus = 'unverified' | 'open' | 'closed' | 'merged';

/** Files that are no longer followed: no visit is due, they leave the rosters and the counts. */
export const INACTIVE_CASE_STATUSES: CaseStatus[] = ['closed', 'merged'];

export const CASE_MODEL: StatusModel<CaseStatus> = {
  initial: 'open',
  states: {
    unverified: { label: '待核实', nextStep: t('domain.case.unverified.nextStep') },
    open: { label: '在档', nextStep: t('domain.case.open.nextStep') },
    closed: { label: '已结案', nextStep: t('domain.case.closed.nextStep'), final: true },
    merged: { label: '已合并', nextStep: t('domain.case.merged.nextStep'), final: true },
  },
  transitions: [
    // A 儿童主任 who has found the child on a visit can say who it is.
    { from: ['unverified'], to: 'open', by: workOnRecords },
    { from: ['unverified', 'open'], to: 'closed', by: manage, reason: true },
    { from: ['closed'], to: 'open', by: manage, reason: true },
  ],
};
