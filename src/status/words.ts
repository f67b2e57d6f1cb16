/** The words around a status answer, from the dictionary: the page embeds them for its script, the Worker reads them. */
import type { StatusWords } from '../domain/status-answer.ts';
import { t } from '../i18n/index.ts';

export const STATUS_WORDS: StatusWords = {
  phone: t('status.phone'),
  noPhone: t('status.noPhone'),
  dueBy: t('status.dueBy'),
  noDueBy: t('status.noDueBy'),
  itemNote: t('status.itemNote'),
  withdraw: {
    application: t('status.withdraw.application'),
    signUp: t('status.withdraw.signUp'),
    service: t('status.withdraw.service'),
    report: t('status.withdraw.report'),
  },
};
