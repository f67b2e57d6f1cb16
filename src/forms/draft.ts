/**
 * A form's draft, kept only in this tab's sessionStorage (never sent anywhere, gone when the
 * tab closes), so a slip of the Back button does not lose what a grandparent typed.
 */
type Draft = Record<string, string[]>;
type Field = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

/**
 * What the person typed or chose, and nothing else: hidden inputs are the page's own (the
 * idempotency key, the privacy-notice version, Turnstile's token) and the honeypot sits in an
 * aria-hidden block nobody sees.
 */
function kept(el: Element): el is Field {
  if (!(el instanceof HTMLInputElement || el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement)) return false;
  return el.name !== '' && el.type !== 'hidden' && !el.closest('[aria-hidden="true"]');
}

export function readForm(form: HTMLFormElement): Draft {
  const draft: Draft = {};
  for (const el of form.elements) {
    if (!kept(el) || el.disabled) continue;
    if (el instanceof HTMLInputElement && (el.type === 'radio' || el.type === 'checkbox') && !el.checked) continue;
    (draft[el.name] ??= []).push(el.value);
  }
  return draft;
}

export function writeForm(form: HTMLFormElement, draft: Draft): void {
  for (const el of form.elements) {
    if (!kept(el) || !(el.name in draft)) continue;
    const values = draft[el.name]!;
    if (el instanceof HTMLInputElement && (el.type === 'radio' || el.type === 'checkbox')) el.checked = values.includes(el.value);
    else el.value = values[0] ?? '';
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
