import { readForm, setPath } from '#src/forms/answers-reader.ts';
import { fieldNames, askedOn } from '#src/forms/questions.ts';
import { todayInChina } from '#src/eligibility/age.ts';
import { t } from '#src/i18n/index.ts';
import { applicationRequest } from '#src/schemas/requests.ts';
import { invalid } from '../lib/validate.ts';
import { createApplication } from '../services/applications.ts';
import { intakeRoute } from './intake-route.ts';

/** The fields of /apply/ that are not questions: set by the page itself. */
const PAGE_FIELDS = ['consent.privacyNotice', 'website'];
const KNOWN = new Set([...askedOn('apply').flatMap(fieldNames), ...PAGE_FIELDS]);

/**
 * The /apply/ form's fields, in the shape of the JSON API, read through the question
 * registry with the same checks as the page's script. Like the JSON API's strict schema, a
 * field the form does not have is refused.
 */
function fromForm(form: URLSearchParams): Record<string, unknown> {
  const { body, errors } = readForm('apply', form, { today: todayInChina(), say: t });
  const stray = [...new Set(form.keys())].filter((name) => !KNOWN.has(name));
  const fields = Object.fromEntries([...errors.map((e) => [e.field, e.message]), ...stray.map((name) => [name, t('err.form.stray')])]);
  if (Object.keys(fields).length) throw invalid(fields);
  for (const name of PAGE_FIELDS) {
    const value = form.get(name);
    if (value !== null) setPath(body, name, value);
  }
  return body;
}

/** POST /api/applications. */
export const applicationsRoute = intakeRoute({
  schema: applicationRequest,
  fromForm,
  create: createApplication,
  form: '/apply/',
  formSelector: '#apply-form',
  maxBody: 32 * 1024,
});
