import { volunteerRequest } from '../../src/schemas/requests.ts';
import { formToObject } from '../lib/forms.ts';
import { createVolunteer } from '../services/volunteers.ts';
import { intakeRoute } from './intake-route.ts';

/** The /volunteer/ form's fields, in the shape of the JSON API. */
function fromForm(form: URLSearchParams): Record<string, unknown> {
  const body = formToObject(form, {
    arrays: ['availability.days', 'availability.times', 'skills'],
    numbers: ['capacity'],
    skip: ['idempotencyKey', 'cf-turnstile-response', 'serve.place', 'backgroundCheckConsent', 'consent.agreed'],
  });
  const [township, village] = (form.get('serve.place') ?? '').split('/');
  body.serve = { ...(township ? { township } : {}), ...(village ? { village } : {}) };
  body.backgroundCheckConsent = form.get('backgroundCheckConsent') === 'yes';
  ((body.consent ??= {}) as Record<string, unknown>).agreed = form.get('consent.agreed') === 'yes';
  body.skills ??= [];
  const token = form.get('cf-turnstile-response');
  if (token) body.turnstileToken = token;
  return body;
}

/** POST /api/volunteers. */
export const volunteersRoute = intakeRoute({ schema: volunteerRequest, fromForm, create: createVolunteer, form: '/volunteer/', maxBody: 16 * 1024 });
