/** Small checks the browser forms share (the Worker checks the same things with zod). */
import { isRealDate } from '../eligibility/age.ts';

export function value(form: HTMLFormElement, name: string): string {
  const el = form.elements.namedItem(name);
  if (el instanceof RadioNodeList) return el.value;
  return ((el as HTMLInputElement | null)?.value ?? '').trim();
}

export function checked(form: HTMLFormElement, name: string): string[] {
  return [...form.querySelectorAll<HTMLInputElement>(`input[name="${name}"]:checked`)].map((i) => i.value);
}

/** Three boxes 年/月/日 → a problem, or null when the date is real and not in the future. */
export function dateProblem(y: string, m: string, d: string, today: string, messages: { missing: string; unreal: string; future: string }): string | null {
  if (!/^\d{4}$/.test(y) || !/^\d{1,2}$/.test(m) || !/^\d{1,2}$/.test(d)) return messages.missing;
  const iso = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
  if (!isRealDate(iso)) return messages.unreal;
  if (iso > today) return messages.future;
  return null;
}

/** Makes 「以上都没有」 exclusive with the other boxes of its group. */
export function exclusiveNone(form: HTMLFormElement): void {
  form.addEventListener('change', (ev) => {
    const box = ev.target as HTMLInputElement;
    if (box.type !== 'checkbox' || !box.checked) return;
    for (const other of form.querySelectorAll<HTMLInputElement>(`input[type=checkbox][name="${box.name}"]`)) {
      if (other !== box && (box.hasAttribute('data-exclusive') || other.hasAttribute('data-exclusive'))) other.checked = false;
    }
  });
}

/** [field, problem or nothing] pairs → the field errors to show. */
export function problems(pairs: [field: string, problem: string | null | false | undefined][]): { field: string; message: string }[] {
  return pairs.filter((p): p is [string, string] => typeof p[1] === 'string' && p[1] !== '').map(([field, message]) => ({ field, message }));
}
