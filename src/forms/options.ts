/** The choices of a radio or checkbox question, as the form components take them (built into the page, not a page script). */
import { t } from '../i18n/index.ts';

export type Option = [value: string, label: string];

/** A domain's { key: label } list (CHOICES.hukou, RELATIONSHIPS …) as options, in its order. */
export const opts = (o: Record<string, string>): Option[] => Object.entries(o);

/** 有 / 没有, for the yes-or-no questions (the values the form readers turn into booleans). */
export const yesNo = (): Option[] => [
  ['true', t('check.yes')],
  ['false', t('check.no')],
];
