/**
 * Who the programme protects: the 困境未成年人 and 困境家庭 categories of the seven
 * plans, merged (篇一 三, 篇三 三, 篇四 三2, 篇五 二, 篇七 四; 单亲家庭 from 篇三 五(一)1 and
 * 篇六, 严重不良行为 from 篇二 四(二)1 and 篇五 二). Entitlements name the
 * groups they serve; the /entitlements/ filter and the search filters use these labels.
 */
import { t } from '../i18n/index.ts';

export const TARGET_GROUPS = {
  orphan: { label: t('domain.group.label.orphan'), hint: t('domain.group.orphan.hint') },
  unsupported: { label: t('domain.group.label.unsupported'), hint: t('domain.group.unsupported.hint') },
  disabled: { label: t('domain.group.label.disabled'), hint: t('domain.group.disabled.hint') },
  seriouslyIll: { label: t('domain.group.label.seriouslyIll'), hint: t('domain.group.seriouslyIll.hint') },
  streetChild: { label: t('domain.group.label.streetChild'), hint: t('domain.group.streetChild.hint') },
  leftBehind: { label: t('domain.group.label.leftBehind'), hint: t('domain.group.leftBehind.hint') },
  singleParent: { label: t('domain.group.label.singleParent'), hint: t('domain.group.singleParent.hint') },
  parentIllOrDisabled: { label: t('domain.group.label.parentIllOrDisabled'), hint: t('domain.group.parentIllOrDisabled.hint') },
  prisonerChild: { label: t('domain.group.label.prisonerChild'), hint: t('domain.group.prisonerChild.hint') },
  lowIncome: { label: t('domain.group.label.lowIncome'), hint: t('domain.group.lowIncome.hint') },
  abused: { label: t('domain.group.label.abused'), hint: t('domain.group.abused.hint') },
  trafficked: { label: t('domain.group.label.trafficked'), hint: t('domain.group.trafficked.hint') },
  dropout: { label: t('domain.group.label.dropout'), hint: t('domain.group.dropout.hint') },
  seriousMisbehaviour: { label: t('domain.group.label.seriousMisbehaviour'), hint: t('domain.group.seriousMisbehaviour.hint') },
  offender: { label: t('domain.group.label.offender'), hint: t('domain.group.offender.hint') },
  crimeVictim: { label: t('domain.group.label.crimeVictim'), hint: t('domain.group.crimeVictim.hint') },
  migrant: { label: t('domain.group.label.migrant'), hint: t('domain.group.migrant.hint') },
  familyMember: { label: t('domain.group.label.familyMember'), hint: t('domain.group.familyMember.hint') },
  allChildren: { label: t('domain.group.label.allChildren'), hint: t('domain.group.allChildren.hint') },
} as const;

export type TargetGroup = keyof typeof TARGET_GROUPS;
export const TARGET_GROUP_KEYS = Object.keys(TARGET_GROUPS) as [TargetGroup, ...TargetGroup[]];
