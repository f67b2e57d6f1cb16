/**
 * Status model of a report of a child at risk (发现报告, 篇五 三(二); 强制报告,
 * 《未成年人保护法》第十一条). A lookup shows the status only, never what was reported.
 */
import { CAPABILITIES } from './staff-roles.ts';
import type { StatusModel } from './status-model.ts';

const { manage, workOnRecords } = CAPABILITIES;

export type ReportStatus = 'received' | 'triaged' | 'verified' | 'closed';

export const REPORT_MODEL: StatusModel<ReportStatus> = {
  initial: 'received',
  states: {
    received: {
      label: '已接收',
      nextStep: '报告已收到，工作人员会尽快分派给孩子所在的乡镇（街道）。如果孩子正处在危险中，请立即拨打 110。',
    },
    triaged: { label: '已分派', nextStep: '报告已交给孩子所在的乡镇（街道），工作人员会上门核实情况。' },
    verified: { label: '已核实', nextStep: '工作人员已上门核实，正在按孩子的情况采取保护和帮扶措施。' },
    closed: { label: '已处理', nextStep: '这份报告已处理完毕。感谢您关心孩子。', final: true, purgeable: true },
  },
  transitions: [
    { from: ['received'], to: 'triaged', by: manage },
    { from: ['triaged'], to: 'verified', by: workOnRecords },
    { from: ['verified'], to: 'closed', by: manage },
    { from: ['received', 'triaged'], to: 'closed', by: manage, reason: true },
  ],
};

export const REPORT_CATEGORIES = {
  streetBegging: '流浪乞讨',
  abuse: '疑似遭受暴力、虐待',
  unattended: '无人监护、没人照顾',
  outOfSchool: '失学辍学',
  childLabour: '非法雇佣、童工',
  other: '其他',
} as const;

export const AGE_BANDS = {
  infant: '3 岁以下',
  preschool: '3 到 5 岁',
  primary: '6 到 11 岁',
  teen: '12 到 15 岁',
  older: '16、17 岁',
  unknown: '看不出来',
} as const;

export const DANGER = { yes: '是，孩子现在有危险', no: '没有眼前的危险', unsure: '说不清' } as const;

/** People with a duty to report under 强制报告 (《未成年人保护法》第十一条第二款); `none` is everyone else. */
export const REPORTER_ROLES = {
  none: '都不是，我是普通居民',
  teacher: '老师、学校工作人员',
  doctor: '医生、护士等医务人员',
  socialWorker: '社会工作者、儿童主任',
  communityWorker: '村（居）委会工作人员',
  police: '公安民警',
  other: '其他密切接触孩子的工作人员',
} as const;
export type ReporterRole = keyof typeof REPORTER_ROLES;
