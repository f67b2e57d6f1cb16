import { volunteerRequest } from '#src/schemas/requests.ts';
import { formToObject, setPath } from '../lib/forms.ts';
import { createVolunteer } from '../services/volunteers.ts';
import { intakeRoute } from './intake-route.ts';

/** The /volunteer/ form's fields, in the shape of the JSON API. */
function fromForm(form: URLSearchParams): Record<string, unknown> {
  const body = formToObject(form, {
    arrays: ['availability.days', 'availability.times', 'skills'],
    numbers: ['capacity'],
    skip: ['serve.place', 'backgroundCheckConsent', 'consent.agreed', 'notify.sms'],
  });
  const [township, village] = (form.get('serve.place') ?? '').split('/');
  body.serve = { ...(township ? { township } : {}), ...(village ? { village } : {}) };
  body.backgroundCheckConsent = form.get('backgroundCheckConsent') === 'yes';
  setPath(body, 'consent.agreed', form.get('consent.agreed') === 'yes');
  setPath(body, 'notify.sms', form.get('notify.sms') === 'yes');
  body.skills ??= [];
  return body;
}

/** POST /api/volunteers. */
export const volunteersRoute = intakeRoute({
  schema: volunteerRequest,
  fromForm,
  create: createVolunteer,
  form: '/volunteer/',
  formSelector: '#volunteer-form',
  maxBody: 16 * 1024,
});
