/**
 * Status model of a volunteer or 爱心妈妈/代理妈妈: the screening the law requires for people
 * in close contact with children (《未成年人保护法》第六十二条: 入职查询), training, then
 * one-to-one pairing (篇一 三(二)5, 篇七 教育帮扶4).
 */
import { CAPABILITIES } from './staff-roles.ts';

const STAFF = CAPABILITIES.manage;
import type { StatusModel } from './status-model.ts';

export type VolunteerStatus =
  'submitted' | 'reviewing' | 'background_check' | 'training' | 'ready' | 'paired' | 'inactive' | 'withdrawn' | 'rejected';

/** Before the volunteer is ready to be paired: withdrawing then takes back the sign-up (撤回报名). */
export const VOLUNTEER_SCREENING = ['submitted', 'reviewing', 'background_check', 'training'] as const;
const SCREENING = VOLUNTEER_SCREENING;

export const VOLUNTEER_MODEL: StatusModel<VolunteerStatus> = {
  initial: 'submitted',
  states: {
    submitted: { label: '已报名', nextStep: '报名已收到。乡镇（街道）会审核您的报名信息，可能会打电话和您核实。' },
    reviewing: { label: '资格审核', nextStep: '工作人员正在审核您的报名资格，可能会约您面谈。' },
    background_check: {
      label: '背景审查',
      nextStep: '按法律规定，正在查询是否有不宜接触未成年人的违法犯罪记录（入职查询）。一般不需要您做什么。',
    },
    training: { label: '培训', nextStep: '请参加乡镇（街道）或妇联安排的培训，了解怎样陪伴和保护孩子。培训时间会另行通知。' },
    ready: { label: '待结对', nextStep: '您已完成审核和培训。乡镇（街道）会根据孩子的需要为您安排结对，届时会联系您。' },
    paired: { label: '已结对', nextStep: '您已与孩子结对。请按约定经常联系和看望孩子，遇到问题及时告诉村（社区）儿童主任。' },
    inactive: { label: '暂停', nextStep: '您的志愿服务暂时停止。需要恢复时，请联系乡镇（街道）。' },
    withdrawn: { label: '已退出', nextStep: '您已退出志愿服务。感谢您的付出，欢迎以后再来。', final: true, purgeable: true },
    rejected: {
      label: '未通过',
      nextStep: '这次没有通过审核，原因见工作人员的说明。如有疑问，可以联系乡镇（街道）。',
      final: true,
      purgeable: true,
    },
  },
  transitions: [
    { from: ['submitted'], to: 'reviewing', by: STAFF },
    { from: ['reviewing'], to: 'background_check', by: STAFF },
    { from: ['background_check'], to: 'training', by: STAFF },
    { from: ['training'], to: 'ready', by: STAFF },
    { from: ['ready'], to: 'paired', by: STAFF },
    { from: ['paired'], to: 'ready', by: STAFF },
    { from: ['ready', 'paired'], to: 'inactive', by: STAFF, reason: true },
    { from: ['inactive'], to: 'ready', by: STAFF },
    { from: SCREENING, to: 'rejected', by: STAFF, reason: true },
    { from: [...SCREENING, 'ready', 'paired', 'inactive'], to: 'withdrawn', by: ['applicant'] },
  ],
};

/** 志愿者 or 爱心妈妈/代理妈妈. */
export const VOLUNTEER_ROLES = {
  volunteer: '志愿者',
  caringMother: '爱心妈妈（代理妈妈）',
} as const;

export const VOLUNTEER_SKILLS = {
  tutoring: '学业辅导',
  companionship: '心理陪伴、聊天谈心',
  legal: '法律知识',
  medical: '医疗卫生',
  artsSports: '文体活动（唱歌、画画、运动等）',
  safety: '安全和自我保护教育',
  other: '其他',
} as const;

export const WEEKDAYS = { mon: '周一', tue: '周二', wed: '周三', thu: '周四', fri: '周五', sat: '周六', sun: '周日' } as const;
export const DAYTIMES = { morning: '上午', afternoon: '下午', evening: '晚上' } as const;

/** The outcomes staff record for a background check (入职查询). */
export const BACKGROUND_CHECK_RESULTS = { clear: '未发现不宜接触未成年人的记录', notClear: '发现不宜接触未成年人的记录' } as const;

/** How many children one volunteer may be paired with at the most (the sign-up form offers 1 to this). */
export const VOLUNTEER_CAPACITY_MAX = 5;

/** A pairing with no recorded contact for this long shows on the staff alert list. */
export const CONTACT_ALERT_DAYS = 30;

/** The usual path, in order (the /volunteer/ page lists it). */
export const VOLUNTEER_PIPELINE: VolunteerStatus[] = ['submitted', 'reviewing', 'background_check', 'training', 'ready', 'paired'];
