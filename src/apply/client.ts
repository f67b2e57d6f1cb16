/**
 * /apply/ in the browser: steps, checks, the draft, the hand-over from /check/, and a
 * check-your-answers page. Submitting is an ordinary form post, the same as without
 * JavaScript, so there is one way in.
 */
import { CHECK_STORAGE_KEY, type CheckHandOver } from '../check/handover.ts';
import { todayInChina } from '../eligibility/age.ts';
import { fieldsFromAnswers, stepProblems } from '../forms/answers-reader.ts';
import { checked, exclusiveNone } from '../forms/checks.ts';
import { keepDraft, restoreDraft } from '../forms/draft.ts';
import { createStepper } from '../forms/stepper.ts';
import { sayFrom } from '../i18n/format.ts';
import { checklistOf, type ChecklistLine } from '../domain/materials.ts';
import { materialsHtml, type MaterialsMessages } from '../materials/html.ts';

export const DRAFT_KEY = 'tonghu.apply.draft';
const STEPS = ['applicant', 'child', 'circumstances', 'entitlements', 'consent', 'review'];

function apply(form: HTMLFormElement, fields: Record<string, string[]>): void {
  for (const [name, values] of Object.entries(fields)) {
    for (const el of form.querySelectorAll<HTMLInputElement>(`[name="${name}"]`)) {
      if (el.type === 'radio' || el.type === 'checkbox') el.checked = values.includes(el.value);
      else el.value = values[0] ?? '';
    }
  }
}

export function startApplyForm(): void {
  const form = document.getElementById('apply-form') as HTMLFormElement;
  const m = JSON.parse(document.getElementById('apply-messages')!.textContent!) as Record<string, string> & {
    questions: Record<string, string>;
    materials: MaterialsMessages;
  };
  const say = sayFrom(m.questions);
  const today = todayInChina();
  const key = form.elements.namedItem('idempotencyKey') as HTMLInputElement;
  if (!key.value) key.value = crypto.randomUUID(); // served without the Worker (astro dev)

  // Coming from /check/ (sessionStorage) or from an entitlement page (?e=slug).
  const restored = restoreDraft(form, DRAFT_KEY);
  if (!restored) {
    const raw = sessionStorage.getItem(CHECK_STORAGE_KEY);
    if (raw) {
      const handOver = JSON.parse(raw) as CheckHandOver;
      apply(form, { ...fieldsFromAnswers('apply', handOver.answers), entitlements: handOver.entitlements });
      document.getElementById('from-check')!.hidden = false;
    }
    const wanted = new URL(location.href).searchParams.getAll('e').flatMap((e) => e.split(','));
    if (wanted.length) apply(form, { entitlements: [...checked(form, 'entitlements'), ...wanted] });
  }
  keepDraft(form, DRAFT_KEY);
  exclusiveNone(form);
  showMaterials(form, m.materials, m.materialsEmpty!);

  // The same checks, with the same words, as the Worker runs on a form posted without JavaScript.
  const validate = (step: string) => stepProblems('apply', step, new FormData(form), { today, say });

  const stepper = createStepper({
    form,
    steps: () => STEPS,
    validate,
    onShow: (step) => {
      if (step === 'review') renderReview();
    },
    onFinish: () => {
      // The ordinary form post goes ahead; the done page clears the draft.
    },
    messages: { progress: m.progress!, next: m.next!, finish: m.finish! },
  });

  /** Check your answers: every question of every step, with a link back to change it. */
  function renderReview(): void {
    const list = document.getElementById('review-list')!;
    list.replaceChildren();
    for (const section of form.querySelectorAll<HTMLElement>('section[data-step]')) {
      const step = section.dataset.step!;
      if (step === 'review') continue;
      for (const field of section.querySelectorAll<HTMLElement>('.field')) {
        const label = field.querySelector('legend, label.block, .checkbox label')?.textContent?.trim() ?? '';
        const answer = describe(field);
        const row = document.createElement('div');
        const dt = document.createElement('dt');
        dt.textContent = label;
        const dd = document.createElement('dd');
        dd.textContent = answer || '—';
        const change = document.createElement('dd');
        const button = document.createElement('button');
        button.type = 'button';
        button.className = 'secondary';
        button.textContent = `${m.change}`;
        button.setAttribute('aria-label', `${m.change}：${label}`);
        button.addEventListener('click', () => stepper.show(step));
        change.append(button);
        row.append(dt, dd, change);
        list.append(row);
      }
    }
  }

  function describe(field: HTMLElement): string {
    const texts: string[] = [];
    for (const input of field.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>(
      'input:not([type=hidden]), select, textarea',
    )) {
      if (input instanceof HTMLInputElement && (input.type === 'radio' || input.type === 'checkbox')) {
        if (input.checked) texts.push(field.querySelector(`label[for="${input.id}"]`)?.textContent?.trim() ?? input.value);
      } else if (input instanceof HTMLSelectElement) {
        if (input.value) texts.push(input.selectedOptions[0]?.textContent?.trim() ?? '');
      } else if (input.value.trim()) {
        texts.push(input.value.trim());
      }
    }
    return texts.join(field.querySelector('.date-input') ? ' / ' : '、');
  }

  for (const s of form.querySelectorAll<HTMLElement>('section[data-step]')) s.hidden = true;
  stepper.show('applicant', false);
}

/** Under the choice of entitlements: the materials they need together, each once, as the choice changes. */
function showMaterials(form: HTMLFormElement, messages: MaterialsMessages, empty: string): void {
  const lines = JSON.parse(document.getElementById('apply-checklists')!.textContent!) as Record<string, ChecklistLine[]>;
  const target = document.getElementById('apply-materials-preview')!;
  const render = () => {
    const chosen = checked(form, 'entitlements');
    const items = checklistOf(chosen.map((slug) => lines[slug] ?? []));
    if (!chosen.length) {
      const p = document.createElement('p');
      p.textContent = empty;
      target.replaceChildren(p);
    } else target.innerHTML = materialsHtml(items, messages, { level: 4 });
  };
  form.addEventListener('change', (ev) => {
    if ((ev.target as HTMLInputElement).name === 'entitlements') render();
  });
  render();
}
