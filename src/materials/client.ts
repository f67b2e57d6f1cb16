/**
 * The upload forms of the materials (src/materials/html.ts) in the browser: a photo chosen on
 * a phone is redrawn at most 2,000 px on its long side as a JPEG (smaller to send on a
 * village's mobile network, and without the photo's location and other EXIF data), then sent
 * at once, one request per file, with a progress bar each. Without the script the same form
 * posts as it is and the Worker answers with the page.
 */
import { FILE_LIMITS } from '../domain/materials.ts';
import { format } from '../i18n/format.ts';
import type { UploadMessages } from './messages.ts';

export interface SentFile {
  id: string;
  item: string;
  size: number;
  type: string;
}

/** The page's upload messages, embedded as #upload-messages. */
export function uploadMessagesOf(doc: Document = document): UploadMessages {
  return JSON.parse(doc.getElementById('upload-messages')!.textContent!) as UploadMessages;
}

/** A photo redrawn as JPEG, its long side at most photoLongSide; anything else (a PDF, an image the browser cannot read) as it is. */
export async function shrinkPhoto(file: File): Promise<Blob> {
  if (!file.type.startsWith('image/')) return file;
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch {
    return file;
  }
  const scale = Math.min(1, FILE_LIMITS.photoLongSide / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(bitmap.width * scale));
  canvas.height = Math.max(1, Math.round(bitmap.height * scale));
  const ctx = canvas.getContext('2d')!;
  // A transparent PNG would turn black as a JPEG.
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  const jpeg = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', FILE_LIMITS.photoQuality));
  return jpeg ?? file;
}

interface Answer {
  status: number;
  body: { files?: SentFile[]; error?: { message: string } } | null;
}

/** One POST with upload progress (fetch has none); the key makes a retried request store nothing twice. */
function send(url: string, data: FormData, key: string, onProgress: (fraction: number) => void): Promise<Answer> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Idempotency-Key', key);
    xhr.upload.addEventListener('progress', (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    });
    xhr.addEventListener('load', () => {
      let body: Answer['body'] = null;
      try {
        body = JSON.parse(xhr.responseText) as Answer['body'];
      } catch {
        body = null;
      }
      resolve({ status: xhr.status, body });
    });
    xhr.addEventListener('error', () => resolve({ status: 0, body: null }));
    xhr.send(data);
  });
}

const jpegName = (name: string) => `${name.replace(/\.[^.]*$/, '') || 'photo'}.jpg`;

/**
 * Takes over every upload form under `root`: choosing files sends them. `onSent` runs once a
 * choice of files is through and at least one came in, with the item's title and how many
 * came (the status page looks again: the application may have gone back from 需补充材料).
 */
export function startUploads(root: HTMLElement, m: UploadMessages, onSent?: (sent: { title: string; n: number }) => void): void {
  for (const form of root.querySelectorAll<HTMLFormElement>('form.material-upload')) {
    const input = form.querySelector<HTMLInputElement>('input[type=file]')!;
    const list = form.querySelector<HTMLUListElement>('ul.uploads')!;
    const received = form.closest('li')?.querySelector<HTMLElement>('.material-received') ?? null;
    const seen = new Set<string>();
    form.querySelector<HTMLButtonElement>('button[type=submit]')!.hidden = true;
    form.addEventListener('submit', (ev) => ev.preventDefault());
    input.addEventListener('change', async () => {
      const chosen = [...(input.files ?? [])];
      // Cleared, so the same photo can be chosen again after a failure.
      input.value = '';
      let n = 0;
      for (const file of chosen) {
        const sent = await sendOne(form, list, file, m);
        for (const f of sent) seen.add(f.id);
        n += sent.length;
      }
      if (received && seen.size) {
        const n = Number(received.dataset.received ?? 0) + seen.size;
        received.textContent = format(m.received, { n });
      }
      const title = form.closest('li')?.querySelector('h3, h4')?.textContent ?? '';
      if (n) onSent?.({ title, n });
    });
  }
}

async function sendOne(form: HTMLFormElement, list: HTMLUListElement, file: File, m: UploadMessages): Promise<SentFile[]> {
  const li = document.createElement('li');
  const name = document.createElement('span');
  name.className = 'upload-name';
  name.textContent = file.name;
  const bar = document.createElement('progress');
  bar.max = 100;
  bar.value = 0;
  bar.setAttribute('aria-label', format(m.progress, { name: file.name }));
  const state = document.createElement('span');
  state.className = 'upload-state';
  state.setAttribute('role', 'status');
  state.textContent = m.shrinking;
  li.append(name, bar, state);
  list.append(li);

  const blob = await shrinkPhoto(file);
  const data = new FormData();
  data.set('accessCode', (form.elements.namedItem('accessCode') as HTMLInputElement).value);
  data.set('item', (form.elements.namedItem('item') as HTMLInputElement).value);
  data.append('file', blob, blob === file ? file.name : jpegName(file.name));
  state.textContent = m.uploading;
  const answer = await send(form.action, data, crypto.randomUUID(), (fraction) => {
    bar.value = Math.round(fraction * 100);
  });
  if (answer.status === 201 && answer.body?.files) {
    bar.value = 100;
    li.className = 'done';
    state.textContent = m.uploaded;
    return answer.body.files;
  }
  li.className = 'failed';
  state.textContent = format(m.failed, { message: answer.body?.error?.message ?? m.network });
  return [];
}
