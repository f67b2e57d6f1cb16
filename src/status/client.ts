/**
 * /status/ in the browser: asks POST /api/status and shows the answer in place, with an
 * application's materials and their uploads (src/materials/client.ts), the SMS choice, and
 * 「忘记查询码」. The code is sent in the request body only, never in the address.
 */
import { statusLines, withdrawLabel, type StatusAnswer, type StatusWords } from '../domain/status-answer.ts';
import { showErrors } from '../forms/stepper.ts';
import { format } from '../i18n/format.ts';
import { startUploads, uploadMessagesOf } from '../materials/client.ts';
import { materialsHtml } from '../materials/html.ts';

interface ErrorBody {
  error: { message: string; fields?: Record<string, string> };
}

interface NotifyWords {
  on: string;
  off: string;
  none: string;
  stop: string;
  start: string;
}

const $ = (id: string) => document.getElementById(id)!;

export function startStatus(): void {
  const form = $('status-form') as HTMLFormElement;
  const withdrawForm = $('withdraw-form') as HTMLFormElement;
  const notifyForm = $('notify-form') as HTMLFormElement;
  const recoverForm = $('recover-form') as HTMLFormElement;
  const messages = JSON.parse($('status-messages').textContent!) as Record<string, string> & {
    words: StatusWords;
    notify: NotifyWords;
  };
  const upload = uploadMessagesOf();
  let last: { reference: string; accessCode: string } | null = null;
  let shown: StatusAnswer | null = null;
  let smsOn = false;

  /** `afterUpload`: what just came in; the page then stays as it is (each file's progress) unless the status moved. */
  async function ask(
    url: string,
    body: { reference: string; accessCode: string; sms?: boolean },
    afterUpload?: { title: string; n: number },
  ): Promise<void> {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const data = (await res.json()) as StatusAnswer | ErrorBody;
    if (afterUpload && ('error' in data || data.status === shown?.status)) return;
    if ('error' in data) {
      $('status-result').hidden = true;
      // A box left empty is said at the box (「请填写编号」); a lookup that found nothing, above the form.
      const fields = Object.entries(data.error.fields ?? {}).filter(([k]) => k !== '_');
      $('status-error').hidden = fields.length > 0;
      showErrors(
        form,
        fields.map(([field, message]) => ({ field, message })),
      );
      if (fields.length) return;
      $('status-error-message').textContent = data.error.message;
      $('status-error').focus();
      return;
    }
    last = { reference: body.reference, accessCode: body.accessCode };
    showErrors(form, []);
    $('status-error').hidden = true;
    render(data, afterUpload);
  }

  function render(a: StatusAnswer, afterUpload?: { title: string; n: number }): void {
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
    withdrawForm.querySelector('button')!.textContent = withdrawLabel(a, messages.words);
    smsOn = a.notify.sms;
    $('status-result-notify').textContent = !a.notify.canChange ? messages.notify.none : smsOn ? messages.notify.on : messages.notify.off;
    notifyForm.hidden = !a.notify.canChange;
    notifyForm.querySelector('button')!.textContent = smsOn ? messages.notify.stop : messages.notify.start;
    renderMaterials(a, afterUpload);
    shown = a;
    $('status-result').hidden = false;
    $('status-result').focus();
  }

  /** The materials with their forms; after an upload that moved the status, with a note of what came in. */
  function renderMaterials(a: StatusAnswer, afterUpload?: { title: string; n: number }): void {
    const list = $('status-materials-list');
    $('status-materials').hidden = a.kind !== 'application';
    if (a.kind !== 'application' || !last) return list.replaceChildren();
    const target = { reference: a.reference, accessCode: last.accessCode, idempotencyKey: () => crypto.randomUUID() };
    const notice = afterUpload ? { error: false, text: format(upload.done, afterUpload) } : undefined;
    list.innerHTML = materialsHtml(a.materials, upload, { target, notice, level: 4 });
    const asked = last;
    startUploads(list, upload, (sent) => void ask('/api/status', asked, sent));
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
  notifyForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    if (last) void ask('/api/status/notify', { ...last, sms: !smsOn });
  });
  recoverForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    void recover();
  });

  /** 「忘记查询码」: the same answer whatever the reference and phone; errors only for what is malformed. */
  async function recover(): Promise<void> {
    const data = new FormData(recoverForm);
    const res = await fetch('/api/status/recover', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ reference: String(data.get('reference') ?? ''), phone: String(data.get('phone') ?? '') }),
    });
    if (res.status === 202) {
      showErrors(recoverForm, []);
      recoverForm.hidden = true;
      $('recover-done').hidden = false;
      $('recover-done').focus();
      return;
    }
    const body = (await res.json()) as ErrorBody;
    const fields = Object.entries(body.error.fields ?? {}).filter(([k]) => k !== '_');
    showErrors(
      recoverForm,
      fields.length ? fields.map(([field, message]) => ({ field, message })) : [{ field: '_', message: body.error.message }],
    );
  }
}
