/**
 * Status model of an assistance application: the 认定审核 procedure of the programme
 * (篇五 三(三): 初步筛选 → 建立档案 → 调查评估 → 审核认定), as the public sees it.
 * The procedure moves an application (services/staff/review.ts acts as `system`): a township's
 * batch, the county's screening, the home visit, and the county's decisions on each measure
 * asked for — so no single account can carry an application from 乡镇初审 to 审核认定通过.
 */
import { CAPABILITIES } from './staff-roles.ts';
import type { StatusModel } from './status-model.ts';

const { manage } = CAPABILITIES;

export type ApplicationStatus =
  'submitted' | 'screening' | 'investigating' | 'assessing' | 'approved' | 'partly_approved' | 'rejected' | 'needs_info' | 'withdrawn';

const REVIEW = ['screening', 'investigating', 'assessing'] as const;
const OPEN = ['submitted', ...REVIEW, 'needs_info'] as const;

/** Cases that are over without aid: no visits are due for them and they leave the risk counts. */
export const CLOSED_APPLICATION_STATUSES: ApplicationStatus[] = ['rejected', 'withdrawn'];

export const APPLICATION_MODEL: StatusModel<ApplicationStatus> = {
  initial: 'submitted',
  returning: 'needs_info',
  // 需补充材料 names the items asked for; once the family has uploaded every one of them, the
  // application goes back to the step it was at (worker/services/materials.ts).
  resumedBy: ['applicant'],
  states: {
    submitted: {
      label: '已提交',
      nextStep: '申请已收到。乡镇（街道）会进行初审，村（社区）儿童主任可能会打电话或上门了解情况，请保持电话畅通。',
    },
    screening: { label: '乡镇初审', nextStep: '乡镇（街道）正在初审。初审后会安排工作人员上门走访。' },
    investigating: { label: '入户调查/建档', nextStep: '工作人员会上门了解孩子和家庭的情况，并建立档案。请准备好办事指南中列出的材料。' },
    assessing: { label: '调查评估', nextStep: '民政部门正在评估孩子和家庭的情况，评估后作出认定。' },
    approved: {
      label: '审核认定通过',
      nextStep: '已认定为帮扶对象。有关部门会按帮扶方案落实帮扶，村（社区）儿童主任会定期回访。',
      final: true,
    },
    partly_approved: {
      label: '部分认定通过',
      nextStep: '申请的帮助有的已认定、有的没有认定，每一项的结果和原因见下面。已认定的，有关部门会按帮扶方案落实。',
      final: true,
    },
    rejected: {
      label: '不予认定',
      nextStep:
        '本次没有认定，原因见工作人员的说明。情况有变化可以重新申请；对结果有疑问，可以申请复核，也可以依法申请行政复议或提起行政诉讼。',
      final: true,
      purgeable: true,
    },
    needs_info: {
      label: '需补充材料',
      nextStep:
        '请按工作人员的说明补充材料：可以在本页拍照上传，也可以交给村（社区）儿童主任或乡镇（街道）。要求的材料都上传后，申请会继续办理。',
    },
    withdrawn: { label: '已撤回', nextStep: '申请已撤回。以后需要帮助，可以重新申请。', final: true, purgeable: true },
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
