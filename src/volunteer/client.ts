import { idNumberProblem, mobileProblem } from '../domain/validators.ts';
import { checked, problems, value } from '../forms/checks.ts';
import { startSimpleForm } from '../forms/simple-form.ts';

export function startVolunteerForm(): void {
  const form = document.getElementById('volunteer-form') as HTMLFormElement;
  const m = JSON.parse(document.getElementById('volunteer-messages')!.textContent!) as Record<string, string>;
  startSimpleForm(form, 'tonghu.volunteer.draft', () =>
    problems([
      ['role', !value(form, 'role') && m['volunteer.err.role']],
      ['name', !value(form, 'name') && m['apply.err.name']],
      ['phone', mobileProblem(value(form, 'phone'))],
      ['idNumber', idNumberProblem(value(form, 'idNumber'))],
      ['serve.village', !value(form, 'serve.place') && m['volunteer.err.place']],
      ['availability.days', !checked(form, 'availability.days').length && m['volunteer.err.days']],
      ['availability.times', !checked(form, 'availability.times').length && m['volunteer.err.times']],
      ['capacity', !value(form, 'capacity') && m['volunteer.err.capacity']],
      ['backgroundCheckConsent', !checked(form, 'backgroundCheckConsent').length && m['volunteer.err.background']],
      ['consent.agreed', !checked(form, 'consent.agreed').length && m['apply.err.consent']],
    ]),
  );
}
