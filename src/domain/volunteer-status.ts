/**
 * Status model of a volunteer or 爱心妈妈/代理妈妈: the screening the law requires for people
 * in close contact with children (《未成年人保护法》第六十二条: 入职查询), training, then
 * one-to-one pairing (篇一 三(二)5, 篇七 教育帮扶4).
 */
import { t } from '../i18n/index.ts';
import { labelTable } from '../i18n/format.ts';
import { CAPABILITIES } from './staff-roles.ts';
import { VOLUNTEER_SCREENING } from './volunteer-screening.ts';

const STAFF = CAPABILITIES.manage;
import type { StatusModel } from './status-model.ts';

export type VolunteerStatus =
  'submitted' | 'reviewing' | 'background_check' | 'training' | 'ready' | 'paired' | 'inactive' | 'withdrawn' | 'rejected';

export { VOLUNTEER_SCREENING };
const SCREENING = VOLUNTEER_SCREENING;

export const VOLUNTEER_MODEL: StatusModel<VolunteerStatus> = {
  initial: 'submitted',
  states: {
    submitted: { label: '已报名', nextStep: t('domain.volunteer.submitted.nextStep') },
    reviewing: { label: '资格审核', nextStep: t('domain.volunteer.reviewing.nextStep') },
    background_check: {
      label: '背景审查',
      nextStep: t('domain.volunteer.background_check.nextStep'),
    },
    training: { label: '培训', nextStep: t('domain.volunteer.training.nextStep') },
    ready: { label: '待结对', nextStep: t('domain.volunteer.ready.nextStep') },
    paired: { label: '已结对', nextStep: t('domain.volunteer.paired.nextStep') },
    inactive: { label: '暂停', nextStep: t('domain.volunteer.inactive.nextStep') },
    withdrawn: { label: '已退出', nextStep: t('domain.volunteer.withdrawn.nextStep'), final: true, purgeable: true },
    rejected: {
      label: '未通过',
      nextStep: t('domain.volunteer.rejected.nextStep'),
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

export const VOLUNTEER_SKILLS = labelTable(t, [
  'domain.volunteer.skill.tutoring',
  'domain.volunteer.skill.companionship',
  'domain.volunteer.skill.legal',
  'domain.volunteer.skill.medical',
  'domain.volunteer.skill.artsSports',
  'domain.volunteer.skill.safety',
  'domain.volunteer.skill.other',
]);

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
