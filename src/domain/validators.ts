/**
 * Checks shared by the forms in the browser and the Worker's schemas, with messages that
 * say what is wrong.
 */
import { t } from '../i18n/browser.ts';

/** Mainland mobile numbers: 11 digits starting 13–19. */
export function mobileProblem(value: string): string | null {
  const v = value.replace(/[\s-]/g, '');
  if (!/^\d+$/.test(v)) return t('validators.mobile.digits');
  if (v.length !== 11) return t('validators.mobile.length', { n: v.length });
  if (!/^1[3-9]/.test(v)) return t('validators.mobile.prefix');
  return null;
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/** The GB 11643 check character for the first 17 digits of an ID number. */
export function idCheckDigit(first17: string): string {
  return CHECK[WEIGHTS.reduce((acc, w, i) => acc + w * Number(first17[i]), 0) % 11]!;
}

/** Resident ID number (GB 11643-1999): 18 characters, a real birth date, the right check digit. */
export function idNumberProblem(value: string): string | null {
  const v = value.trim().toUpperCase();
  if (v.length !== 18) return t('validators.id.length', { n: v.length });
  if (!/^\d{17}[\dX]$/.test(v)) return t('validators.id.digits');
  const y = Number(v.slice(6, 10));
  const m = Number(v.slice(10, 12));
  const d = Number(v.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    return t('validators.id.birthDate');
  }
  if (idCheckDigit(v) !== v[17]) return t('validators.id.checkDigit');
  return null;
}

export function normalizeIdNumber(value: string): string {
  return value.trim().toUpperCase();
}

export function normalizeMobile(value: string): string {
  return value.replace(/[\s-]/g, '');
}
