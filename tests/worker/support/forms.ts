/** The public forms as a browser without JavaScript posts them, each with a fresh idempotency key. */
import { PRIVACY_NOTICE_VERSION } from '#src/domain/privacy.ts';
import { applicationFields } from '../../fixtures/application-form.ts';
import { key } from './api.ts';

export const applyForm = (): [string, string][] => [
  ['idempotencyKey', key()],
  ...applicationFields,
  ['entitlements', 'nutrition-lunch'],
  ['consent.privacyNotice', PRIVACY_NOTICE_VERSION],
  ['consent.agreed', 'yes'],
  ['website', ''],
];
export const volunteerForm = (): [string, string][] => [
  ['idempotencyKey', key()],
  ['role', 'volunteer'],
  ['name', '赵强'],
  ['phone', '13600136000'],
  ['idNumber', '11010519491231002X'],
  ['serve.place', 'qingshui/清水村'],
  ['availability.days', 'sat'],
  ['availability.times', 'morning'],
  ['capacity', '1'],
  ['backgroundCheckConsent', 'yes'],
  ['consent.privacyNotice', PRIVACY_NOTICE_VERSION],
  ['consent.agreed', 'yes'],
  ['website', ''],
];
export const reportForm = (): [string, string][] => [
  ['idempotencyKey', key()],
  ['categories', 'abuse'],
  ['description', '隔壁家经常打孩子。'],
  ['where.area', 'qingshui/河湾村'],
  ['where.place', '村口第三家'],
  ['ageBand', 'primary'],
  ['inDanger', 'no'],
  ['reporter.role', 'none'],
  ['reporter.followUp', 'yes'],
  ['privacyNotice', PRIVACY_NOTICE_VERSION],
  ['website', ''],
];
