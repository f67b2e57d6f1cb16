import { SITUATIONS } from '../../src/eligibility/answers.ts';
import { applicationRequest } from '../../src/schemas/requests.ts';
import { dateFromParts, formToObject } from '../lib/forms.ts';
import { createApplication } from '../services/applications.ts';
import { intakeRoute, tickedToFlags } from './intake-route.ts';

/** The /apply/ form's fields, in the shape of the JSON API. */
function fromForm(form: URLSearchParams): Record<string, unknown> {
  const body = formToObject(form, {
    arrays: ['entitlements', 'answers.situations'],
    booleans: ['answers.child.disabled', 'answers.child.seriouslyIll', 'answers.household.suddenHardship', 'answers.household.unemployedAdult'],
    skip: ['idempotencyKey', 'cf-turnstile-response', 'child.birthYear', 'child.birthMonth', 'child.birthDay', 'address.place', 'consent.agreed'],
  });
  const child = (body.child ??= {}) as Record<string, unknown>;
  child.birthDate ??= dateFromParts(form.get('child.birthYear') ?? '', form.get('child.birthMonth') ?? '', form.get('child.birthDay') ?? '');
  const [township, village] = (form.get('address.place') ?? '').split('/');
  const address = (body.address ??= {}) as Record<string, unknown>;
  if (township) address.township = township;
  if (village) address.village = village;
  ((body.consent ??= {}) as Record<string, unknown>).agreed = form.get('consent.agreed') === 'yes';
  const answers = body.answers as Record<string, unknown> | undefined;
  if (answers) {
    const flags = tickedToFlags(answers.situations as string[] | undefined, Object.keys(SITUATIONS));
    if (flags) answers.situations = flags;
    else delete answers.situations;
  }
  const token = form.get('cf-turnstile-response');
  if (token) body.turnstileToken = token;
  return body;
}

/** POST /api/applications. */
export const applicationsRoute = intakeRoute({ schema: applicationRequest, fromForm, create: createApplication, form: '/apply/', maxBody: 32 * 1024 });
