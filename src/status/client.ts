/**
 * /status/ in the browser: asks POST /api/status and shows the answer in place. The code is
 * sent in the request body only, never in the address.
 */
import { statusLines, type StatusAnswer, type StatusWords } from '../domain/status-answer.ts';

interface ErrorBody {
  error: { message: string };
}

const $ = (id: string) => document.getElementById(id)!;

export function startStatus(): void {
  const form = $('status-form') as HTMLFormElement;
  const withdrawForm = $('withdraw-form') as HTMLFormElement;
  const messages = JSON.parse($('status-messages').textContent!) as Record<string, string> & { words: StatusWords };
  let last: { reference: string; accessCode: string } | null = null;

  async function ask(url: string, body: { reference: string; accessCode: string }): Promise<void> {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const data = (await res.json()) as StatusAnswer | ErrorBody;
    if ('error' in data) {
      $('status-result').hidden = true;
      $('status-error-message').textContent = data.error.message;
      $('status-error').hidden = false;
      $('status-error').focus();
      return;
    }
    last = body;
    $('status-error').hidden = true;
    render(data);
  }

  function render(a: StatusAnswer): void {
    $('status-result-label').textContent = a.statusLabel;
    $('status-result-reference').textContent = a.reference;
    $('status-result-next').textContent = a.nextStep;
    const lines = statusLines(a, messages.words);
    const list = (id: string, items: string[]) =>
      $(id).replaceChildren(
        ...items.map((line) => {
          const li = document.createElement('li');
          li.textContent = line;
          return li;
        }),
      );
    list('status-result-timeline', lines.timeline);
    list('status-result-items', lines.items);
    $('status-result-measures').hidden = lines.items.length === 0;
    $('status-result-due').textContent = lines.due ?? '';
    $('status-result-due').hidden = lines.due === null;
    $('status-result-appeal').hidden = !a.appeal;
    $('status-result-contact').textContent = lines.contact;
    withdrawForm.hidden = !a.canWithdraw;
    $('status-result').hidden = false;
    $('status-result').focus();
  }

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const data = new FormData(form);
    void ask('/api/status', { reference: String(data.get('reference') ?? ''), accessCode: String(data.get('accessCode') ?? '') });
  });
  withdrawForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    if (!last || !confirm(messages.withdrawConfirm)) return;
    void ask('/api/status/withdraw', last);
  });
}
