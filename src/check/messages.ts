import { t } from '../i18n/index.ts';
import type { ResultMessages } from './results-html.ts';

/** The checker's messages, for the page (embedded) and for the Worker (a form posted without JavaScript). */
export function checkMessages(): ResultMessages {
  return {
    eligible: t('check.results.eligible'),
    maybe: t('check.results.maybe'),
    ineligible: t('check.results.ineligible'),
    none: t('check.results.none'),
    why: t('check.results.why'),
    dept: t('check.results.dept'),
    materials: t('check.results.materials'),
    ask: t('check.results.ask'),
    notAssessed: t('check.results.notAssessed'),
    choose: t('check.results.choose'),
    offline: t('check.results.offline'),
    basis: t('check.results.basis'),
  };
}
