import { mobileProblem } from '../domain/validators.ts';
import { checked, value } from '../forms/checks.ts';
import { startSimpleForm } from '../forms/simple-form.ts';
import type { FieldError } from '../forms/stepper.ts';

export function startReportForm(): void {
  const form = document.getElementById('report-form') as HTMLFormElement;
  const m = JSON.parse(document.getElementById('report-messages')!.textContent!) as Record<string, string>;
  startSimpleForm(form, 'tonghu.report.draft', () => {
    const errors: FieldError[] = [];
    const need = (field: string, problem: string | null | false) => {
      if (problem) errors.push({ field, message: problem });
    };
    need('categories', !checked(form, 'categories').length && m['report.err.categories']!);
    need('description', !value(form, 'description') && m['report.err.description']!);
    need('where.township', !value(form, 'where.area') && m['report.err.area']!);
    need('where.place', !value(form, 'where.place') && m['report.err.place']!);
    need('ageBand', !value(form, 'ageBand') && m['report.err.ageBand']!);
    need('inDanger', !value(form, 'inDanger') && m['report.err.inDanger']!);
    need('reporter.role', !value(form, 'reporter.role') && m['report.err.role']!);
    const phone = value(form, 'reporter.phone');
    need('reporter.phone', phone !== '' && mobileProblem(phone));
    return errors;
  });
}
