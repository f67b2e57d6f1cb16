import { SITUATIONS } from '../../src/eligibility/answers.ts';
import { tickedToFlags } from '../../src/schemas/checkboxes.ts';
import { applicationRequest } from '../../src/schemas/requests.ts';
import { dateFromParts, formToObject, groupAt, setPath } from '../lib/forms.ts';
import { createApplication } from '../services/applications.ts';
import { intakeRoute } from './intake-route.ts';

/** The /apply/ form's fields, in the shape of the JSON API. */
function fromForm(form: URLSearchParams): Record<string, unknown> {
  const body = formToObject(form, {
    arrays: ['entitlements', 'answers.situations'],
    booleans: [
      'answers.child.disabled',
      'answers.child.seriouslyIll',
      'answers.household.suddenHardship',
      'answers.household.unemployedAdult',
    ],
    skip: ['child.birthYear', 'child.birthMonth', 'child.birthDay', 'address.place', 'consent.agreed'],
  });
  const child = groupAt(body, 'child');
  child.birthDate ??= dateFromParts(
    form.get('child.birthYear') ?? '',
    form.get('child.birthMonth') ?? '',
    form.get('child.birthDay') ?? '',
  );
  const [township, village] = (form.get('address.place') ?? '').split('/');
  const address = groupAt(body, 'address');
  if (township) address.township = township;
  if (village) address.village = village;
  setPath(body, 'consent.agreed', form.get('consent.agreed') === 'yes');
  if (body.answers) {
    const answers = groupAt(body, 'answers');
    const flags = tickedToFlags(answers.situations as string[] | undefined, Object.keys(SITUATIONS));
    if (flags) answers.situations = flags;
    else delete answers.situations;
  }
  return body;
}

/** POST /api/applications. */
export const applicationsRoute = intakeRoute({
  schema: applicationRequest,
  fromForm,
  create: createApplication,
  form: '/apply/',
  maxBody: 32 * 1024,
});
