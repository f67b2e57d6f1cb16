/** Small checks the browser forms share (the Worker checks the same things with zod). */

export function value(form: HTMLFormElement, name: string): string {
  const el = form.elements.namedItem(name);
  if (el instanceof RadioNodeList) return el.value;
  return ((el as HTMLInputElement | null)?.value ?? '').trim();
}

export function checked(form: HTMLFormElement, name: string): string[] {
  return [...form.querySelectorAll<HTMLInputElement>(`input[name="${name}"]:checked`)].map((i) => i.value);
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
  return pairs
    .filter((p): p is [string, string] => typeof p[1] === 'string' && p[1] !== '')
    .map(([field, message]) => ({ field, message }));
}
