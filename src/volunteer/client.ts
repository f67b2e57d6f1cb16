import { idNumberProblem, mobileProblem } from '../domain/validators.ts';
import { checked, value } from '../forms/checks.ts';
import { startSimpleForm } from '../forms/simple-form.ts';
import type { FieldError } from '../forms/stepper.ts';

export function startVolunteerForm(): void {
  const form = document.getElementById('volunteer-form') as HTMLFormElement;
  const m = JSON.parse(document.getElementById('volunteer-messages')!.textContent!) as Record<string, string>;
  startSimpleForm(form, 'tonghu.volunteer.draft', () => {
    const errors: FieldError[] = [];
    const need = (field: string, problem: string | null | false) => {
      if (problem) errors.push({ field, message: problem });
    };
    need('role', !value(form, 'role') && m['volunteer.err.role']!);
    need('name', !value(form, 'name') && m['apply.err.name']!);
    need('phone', mobileProblem(value(form, 'phone')));
    need('idNumber', idNumberProblem(value(form, 'idNumber')));
    need('serve.village', !value(form, 'serve.place') && m['apply.err.place']!);
    need('availability.days', !checked(form, 'availability.days').length && m['volunteer.err.days']!);
    need('availability.times', !checked(form, 'availability.times').length && m['volunteer.err.times']!);
    need('capacity', !value(form, 'capacity') && m['volunteer.err.capacity']!);
    need('backgroundCheckConsent', !checked(form, 'backgroundCheckConsent').length && m['volunteer.err.background']!);
    need('consent.agreed', !checked(form, 'consent.agreed').length && m['apply.err.consent']!);
    return errors;
  });
}
