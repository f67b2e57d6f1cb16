import { reportRequest } from '#src/schemas/requests.ts';
import { formToObject, groupAt, setPath } from '../lib/forms.ts';
import { createReport } from '../services/reports.ts';
import { intakeRoute } from './intake-route.ts';

/** The /report/ form's fields, in the shape of the JSON API. */
function fromForm(form: URLSearchParams): Record<string, unknown> {
  const body = formToObject(form, {
    arrays: ['categories'],
    skip: ['where.place', 'reporter.followUp', 'notify.sms'],
  });
  const [township, village] = (form.get('where.area') ?? '').split('/');
  const where = groupAt(body, 'where');
  delete where.area;
  if (township) where.township = township;
  if (village) where.village = village;
  const place = form.get('where.place');
  if (place?.trim()) where.place = place;
  setPath(body, 'reporter.followUp', form.get('reporter.followUp') === 'yes');
  setPath(body, 'notify.sms', form.get('notify.sms') === 'yes');
  return body;
}

/** POST /api/reports. */
export const reportsRoute = intakeRoute({
  schema: reportRequest,
  fromForm,
  create: createReport,
  form: '/report/',
  formSelector: '#report-form',
  maxBody: 16 * 1024,
});
