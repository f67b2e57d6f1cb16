/** Words of the console that do not come from the API (which sends status and level labels itself). */
import { CONTACT_ALERT_DAYS } from '../domain/volunteer-status.ts';

export const L = {
  reference: '编号', status: '状态', township: '乡镇（街道）', village: '村（社区）', risk: '风险等级', nextVisit: '下次走访',
  created: '提交时间', overdue: '已逾期', entitlements: '申请的帮助', matches: '预审可能符合', all: '全部', filter: '筛选',
  open: '打开', none: '暂无', save: '保存', applicant: '申请人', child: '孩子', phone: '电话', idNumber: '身份证号码',
  birthDate: '出生日期', address: '住址', circumstances: '情况说明', relationship: '与孩子关系', name: '姓名',
  timeline: '办理记录', publicNote: '给申请人看的说明（会显示在查询页）', internalNote: '内部备注（申请人看不到）',
  reason: '原因（会告诉申请人）', moveTo: '办理下一步', to: '转到', levelReason: '定级理由', setRisk: '设定风险等级',
  visits: '走访记录', addVisit: '记录一次走访', visitedAt: '走访时间', findings: '走访情况', by: '经办人', at: '时间',
  pairing: '结对', pairedWith: '结对志愿者', noPairing: '还没有结对', goPair: '去结对', prescreen: '预审结果',
  purged: '保存期限已过，个人信息已删除。',
  /** {civilAffairs} is the county's bureau (Context.config.civilAffairs): 县民政局, 区民政局 … */
  escalated: '红色个案：请立即干预，并报{civilAffairs}。',
  volunteers: '志愿者和爱心妈妈', role: '身份', capacity: '可结对人数', skills: '特长', check: '背景审查',
  checkResult: '审查结果', checkedAt: '审查日期', expiresAt: '有效期至', recordCheck: '登记背景审查', available: '可结对',
  valid: '有效', expired: '已过期或没有',
  experience: '经历', availability: '有空的时间', childCase: '孩子的个案编号', volunteer: '志愿者编号',
  override: '跨乡镇结对的理由（同乡镇可不填）', pair: '确定结对', activePairings: '进行中的结对',
  alerts: `超过 ${CONTACT_ALERT_DAYS} 天没有联系的结对`, lastContact: '最近联系', days: '天没联系', end: '结束结对', endReason: '结束原因',
  contact: '记录一次联系', contactAt: '联系时间', contactNote: '联系情况', reports: '报告', categories: '看到的情况',
  inDanger: '当时有危险', ageBand: '年龄', reporterRole: '报告人身份', description: '报告内容', place: '地点',
  reporterContact: '报告人联系方式', anonymous: '匿名', triage: '分派', linkCase: '关联已有个案编号（选填）',
  newCase: '根据这份报告新建个案（建档）', linked: '关联个案', verifyOrClose: '核实或结案', accounts: '工作人员账号',
  createAccount: '新建账号', days90: '有效天数', revoke: '停用', active: '有效', inactive: '已停用或过期',
  newToken: '新账号的令牌（只显示这一次，请交给本人）：', audit: '审计日志', action: '操作', record: '记录', outcome: '结果',
  detail: '说明', more: '更早的记录', dashboard: '概况', byStatus: '个案按状态', byRisk: '按风险等级', byTownship: '按乡镇（街道）',
  indicators: '工作指标（目标 100%）', overdueVisits: '逾期未走访', redCases: '红色个案', volunteerStatus: '志愿者按状态',
  reportStatus: '报告按状态', pairingsActive: '进行中的结对', pairingAlerts: `超过 ${CONTACT_ALERT_DAYS} 天未联系`, count: '数量',
} as const;
