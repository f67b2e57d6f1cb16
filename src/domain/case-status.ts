/**
 * Status model of a child's file (一人一档, 篇五 三(一) 二是: 对辖区内的未成年人建立专项档案).
 * A file is open while the child is followed; a report can open it before the child is known
 * (待核实); merging two files of the same child leaves one of them merged, reversibly.
 */
import { CAPABILITIES } from './staff-roles.ts';
import type { StatusModel } from './status-model.ts';

const { manage, workOnRecords } = CAPABILITIES;

export type CaseStatus = 'unverified' | 'open' | 'closed' | 'merged';

/** Files that are no longer followed: no visit is due, they leave the rosters and the counts. */
export const INACTIVE_CASE_STATUSES: CaseStatus[] = ['closed', 'merged'];

export const CASE_MODEL: StatusModel<CaseStatus> = {
  initial: 'open',
  states: {
    unverified: { label: '待核实', nextStep: '有人报告了这个孩子，还不知道孩子是谁。请上门核实，补全孩子的情况。' },
    open: { label: '在档', nextStep: '按风险等级走访，每次摸底排查时重新核对。' },
    closed: { label: '已结案', nextStep: '不再跟进（例如已满十八周岁、已迁出本县）。情况有变化时可以重新打开。', final: true },
    merged: { label: '已合并', nextStep: '这个档案与另一个档案是同一个孩子，已合并到那个档案。', final: true },
  },
  transitions: [
    // A 儿童主任 who has found the child on a visit can say who it is.
    { from: ['unverified'], to: 'open', by: workOnRecords },
    { from: ['unverified', 'open'], to: 'closed', by: manage, reason: true },
    { from: ['closed'], to: 'open', by: manage, reason: true },
  ],
};
