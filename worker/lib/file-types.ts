/**
 * What an uploaded file is, told by its first bytes — never by its name or the type the
 * browser declared, which anyone can set (an .exe renamed .jpg, an HTML page named .png) —
 * and, for a PDF, whether it carries anything that runs or hides another file: scripts
 * (/JavaScript, /JS), launch actions (/Launch), embedded files and rich media. A PDF is read
 * outside its streams, and inside its object streams (PDF 1.5 packs dictionaries there,
 * compressed), so a script cannot hide in either; page content and images are not read.
 */
import type { FileType } from '#src/domain/materials.ts';

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const startsWith = (bytes: Uint8Array, prefix: Uint8Array, at = 0) =>
  bytes.length >= at + prefix.length && prefix.every((b, i) => bytes[at + i] === b);

const PNG = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
const JPEG = Uint8Array.of(0xff, 0xd8, 0xff);
const RIFF = ascii('RIFF');
const WEBP = ascii('WEBP');
const PDF = ascii('%PDF-');

/** The accepted type the bytes begin with, or null (anything else, whatever it is called). */
export function sniffType(bytes: Uint8Array): FileType | null {
  if (startsWith(bytes, JPEG)) return 'image/jpeg';
  if (startsWith(bytes, PNG)) return 'image/png';
  if (startsWith(bytes, RIFF) && startsWith(bytes, WEBP, 8)) return 'image/webp';
  if (startsWith(bytes, PDF)) return 'application/pdf';
  return null;
}

/** Names whose presence refuses a PDF: what runs, what launches, what carries another file. */
const ACTIVE = new Set(['JavaScript', 'JS', 'Launch', 'EmbeddedFile', 'EmbeddedFiles', 'FileAttachment', 'RichMedia']);

export type PdfProblem = 'active' | 'encrypted' | 'unreadable';

/** Decompressed object streams of one file, at most: more is a zip bomb, not a scan. */
const MAX_INFLATED = 64 * 1024 * 1024;

const WHITESPACE = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);
/** ( ) < > [ ] { } / % end a name (PDF 32000-1 7.2.2). */
const DELIMITER = new Set([0x28, 0x29, 0x3c, 0x3e, 0x5b, 0x5d, 0x7b, 0x7d, 0x2f, 0x25]);
const STREAM = ascii('stream');
const ENDSTREAM = ascii('endstream');
const OBJ = ascii('obj');

/** The name starting after the '/' at `i`, with #xx escapes decoded (/J#61vaScript is /JavaScript), and where it ends. */
function readName(bytes: Uint8Array, i: number): { name: string; end: number } {
  let name = '';
  let j = i + 1;
  while (j < bytes.length && j - i < 128 && !WHITESPACE.has(bytes[j]!) && !DELIMITER.has(bytes[j]!)) {
    const b = bytes[j]!;
    const hexPair = b === 0x23 && j + 2 < bytes.length ? String.fromCharCode(bytes[j + 1]!, bytes[j + 2]!) : '';
    if (/^[0-9a-fA-F]{2}$/.test(hexPair)) {
      name += String.fromCharCode(parseInt(hexPair, 16));
      j += 3;
    } else {
      name += String.fromCharCode(b);
      j += 1;
    }
  }
  return { name, end: j };
}

function indexOf(bytes: Uint8Array, pattern: Uint8Array, from: number): number {
  for (let i = bytes.indexOf(pattern[0]!, from); i >= 0; i = bytes.indexOf(pattern[0]!, i + 1)) {
    if (startsWith(bytes, pattern, i)) return i;
  }
  return -1;
}

async function inflate(data: Uint8Array<ArrayBuffer>, budget: { left: number }): Promise<Uint8Array | null> {
  const reader = new Blob([data]).stream().pipeThrough(new DecompressionStream('deflate')).getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > budget.left) {
        await reader.cancel();
        return null;
      }
      parts.push(value);
    }
  } catch {
    // A stream that carries bytes after its end is read as far as it went; one that gave nothing is unreadable.
    if (size === 0) return null;
  }
  budget.left -= size;
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Walks a PDF's objects (or an inflated object stream's): what it finds, and the object streams to read next. */
function scan(bytes: Uint8Array, found: Set<string>, objectStreams: { data: Uint8Array<ArrayBuffer>; flate: boolean }[]): void {
  let names: string[] = [];
  let lastNonSpace = 0;
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i]!;
    if (b === 0x2f) {
      const { name, end } = readName(bytes, i);
      if (ACTIVE.has(name) || name === 'Encrypt') found.add(name);
      names.push(name);
      lastNonSpace = bytes[end - 1]!;
      i = end;
      continue;
    }
    // `stream` right after a dictionary's `>>`: its data is skipped, or kept when it packs objects.
    if (b === 0x73 && lastNonSpace === 0x3e && startsWith(bytes, STREAM, i) && (bytes[i + 6] === 0x0a || bytes[i + 6] === 0x0d)) {
      let start = i + 6;
      if (bytes[start] === 0x0d) start += 1;
      if (bytes[start] === 0x0a) start += 1;
      const endAt = indexOf(bytes, ENDSTREAM, start);
      const end = endAt < 0 ? bytes.length : endAt;
      if (names.includes('ObjStm')) {
        // The end of line before `endstream` is not part of the data (PDF 32000-1 7.3.8.1).
        let last = end;
        if (bytes[last - 1] === 0x0a) last -= 1;
        if (bytes[last - 1] === 0x0d) last -= 1;
        objectStreams.push({ data: bytes.slice(start, last) as Uint8Array<ArrayBuffer>, flate: names.includes('FlateDecode') });
      }
      names = [];
      lastNonSpace = 0;
      i = end + ENDSTREAM.length;
      continue;
    }
    // Each object starts its own dictionary (`1 0 obj`; `endobj` ends one).
    if (b === 0x6f && startsWith(bytes, OBJ, i)) names = [];
    if (!WHITESPACE.has(b)) lastNonSpace = b;
    i += 1;
  }
}

/** Why a PDF is refused, or null when it may be kept. */
export async function pdfProblem(bytes: Uint8Array): Promise<PdfProblem | null> {
  const found = new Set<string>();
  const pending: { data: Uint8Array<ArrayBuffer>; flate: boolean }[] = [];
  scan(bytes, found, pending);
  const budget = { left: MAX_INFLATED };
  for (let next = pending.shift(); next; next = pending.shift()) {
    // An object stream we cannot read could hide a script: refused rather than trusted.
    if (!next.flate) return 'unreadable';
    const inflated = await inflate(next.data, budget);
    if (!inflated) return 'unreadable';
    scan(inflated, found, pending);
  }
  // Encrypted objects cannot be read, so nothing could be checked in them.
  if (found.has('Encrypt')) return 'encrypted';
  return [...found].some((n) => ACTIVE.has(n)) ? 'active' : null;
}
