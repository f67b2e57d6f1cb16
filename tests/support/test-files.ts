/**
 * Files made by the tests (no binary fixtures): bytes that begin like a JPEG, PNG or PDF, or
 * like something else (a Windows program, an HTML page), and PDFs with and without scripts.
 * Used by the Worker tests, the reliability suite and the benchmarks; no runtime of its own.
 */
const te = new TextEncoder();
const encode = (text: string): Uint8Array<ArrayBuffer> => new Uint8Array(te.encode(text));

/** `size` bytes: the signature, then a counter pattern (so byte-identical means something). */
function signed(signature: number[], size: number, seed = 1): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 31 + seed * 17 + (i >> 8)) & 0xff;
  bytes.set(signature.slice(0, size));
  return bytes;
}

export const jpegBytes = (size = 4096, seed = 1) => signed([0xff, 0xd8, 0xff, 0xe0], size, seed);
export const pngBytes = (size = 4096, seed = 1) => signed([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], size, seed);
/** A Windows program (MZ header), whatever it is named. */
export const exeBytes = (size = 4096) => signed([0x4d, 0x5a, 0x90, 0x00], size);
export const htmlBytes = () => encode('<!doctype html><html><body><script>alert(document.domain)</script></body></html>');

/** A small PDF whose catalogue has `extra` in its dictionary (e.g. `/OpenAction << /S /JavaScript /JS (app.alert(1)) >>`). */
export function pdfBytes(extra = ''): Uint8Array<ArrayBuffer> {
  return encode(
    [
      '%PDF-1.7',
      `1 0 obj << /Type /Catalog /Pages 2 0 R ${extra} >> endobj`,
      '2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj',
      '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >> endobj',
      // A content stream that happens to contain "/JS" in its bytes: page content is not scanned.
      '4 0 obj << /Length 20 >> stream\nBT /JS 12 Tf ET q Q\nendstream endobj',
      'trailer << /Root 1 0 R >>',
      '%%EOF',
    ].join('\n'),
  );
}

async function deflate(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream('deflate'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** A PDF 1.5 whose script sits in a compressed object stream, where a plain scan of the file cannot see it. */
export async function pdfWithHiddenScript(): Promise<Uint8Array<ArrayBuffer>> {
  const packed = await deflate(encode('5 0 << /S /JavaScript /JS (app.alert(1)) >>'));
  const head = encode(
    '%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R /OpenAction 5 0 R >> endobj\n' +
      `6 0 obj << /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length ${packed.length} >> stream\n`,
  );
  const tail = encode('\nendstream endobj\ntrailer << /Root 1 0 R >>\n%%EOF');
  const out = new Uint8Array(head.length + packed.length + tail.length);
  out.set(head);
  out.set(packed, head.length);
  out.set(tail, head.length + packed.length);
  return out;
}
