/**
 * A form's draft, kept only in this tab's sessionStorage (never sent anywhere, gone when the
 * tab closes), so a slip of the Back button does not lose what a grandparent typed.
 */
const SKIP = new Set(['idempotencyKey', 'website', 'consent.privacyNotice']);

type Draft = Record<string, string[]>;

export function readForm(form: HTMLFormElement): Draft {
  const draft: Draft = {};
  for (const [name, value] of new FormData(form)) {
    if (SKIP.has(name) || typeof value !== 'string') continue;
    (draft[name] ??= []).push(value);
  }
  return draft;
}

export function writeForm(form: HTMLFormElement, draft: Draft): void {
  for (const el of form.elements) {
    const input = el as HTMLInputElement;
    if (!input.name || SKIP.has(input.name) || !(input.name in draft)) continue;
    const values = draft[input.name]!;
    if (input.type === 'radio' || input.type === 'checkbox') input.checked = values.includes(input.value);
    else input.value = values[0] ?? '';
  }
}

export function keepDraft(form: HTMLFormElement, key: string): void {
  const save = () => {
    try {
      sessionStorage.setItem(key, JSON.stringify(readForm(form)));
    } catch {
      // storage full or disabled: the form still works
    }
  };
  form.addEventListener('input', save);
  form.addEventListener('change', save);
}

export function restoreDraft(form: HTMLFormElement, key: string): boolean {
  const saved = sessionStorage.getItem(key);
  if (!saved) return false;
  try {
    writeForm(form, JSON.parse(saved) as Draft);
    return true;
  } catch {
    return false;
  }
}
