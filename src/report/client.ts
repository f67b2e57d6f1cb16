import { mobileProblem } from '../domain/validators.ts';
import { checked, problems, value } from '../forms/checks.ts';
import { startSimpleForm } from '../forms/simple-form.ts';

export function startReportForm(): void {
  const form = document.getElementById('report-form') as HTMLFormElement;
  const m = JSON.parse(document.getElementById('report-messages')!.textContent!) as Record<string, string>;
  const phone = () => value(form, 'reporter.phone');
  startSimpleForm(form, 'tonghu.report.draft', () =>
    problems([
      ['categories', !checked(form, 'categories').length && m['report.err.categories']],
      ['description', !value(form, 'description') && m['report.err.description']],
      ['where.township', !value(form, 'where.area') && m['report.err.area']],
      ['where.place', !value(form, 'where.place') && m['report.err.place']],
      ['ageBand', !value(form, 'ageBand') && m['report.err.ageBand']],
      ['inDanger', !value(form, 'inDanger') && m['report.err.inDanger']],
      ['reporter.role', !value(form, 'reporter.role') && m['report.err.role']],
      ['reporter.phone', phone() !== '' && mobileProblem(phone())],
      [
        'notify.sms',
        checked(form, 'notify.sms').length > 0 &&
          (phone() === '' || !checked(form, 'reporter.followUp').length) &&
          m['report.err.smsNeedsPhone'],
      ],
    ]),
  );
}
