/**
 * References (A-7K3F9M4P) and access codes (7K3F-9M4P-Q8RT): letters and digits that cannot
 * be confused when read aloud or copied by hand — no 0/O, 1/I, 2/Z.
 */
export const ALPHABET = '3456789ABCDEFGHJKLMNPQRSTUVWXY';
export const REFERENCE_LENGTH = 8;
export const ACCESS_CODE_LENGTH = 12;

/** A- applications, V- volunteers, R- reports (what the public hands in), C- the child's file (staff only). */
export const KIND_PREFIX = { application: 'A', volunteer: 'V', report: 'R', case: 'C' } as const;
export type ReferenceKind = keyof typeof KIND_PREFIX;
/** What the public submits and follows with an access code. */
export type IntakeKind = Exclude<ReferenceKind, 'case'>;

/** log2(30^12) ≈ 58.9 bits: far past the 50 the issue asks for. */
export const ACCESS_CODE_BITS = ACCESS_CODE_LENGTH * Math.log2(ALPHABET.length);

/** Encodes random bytes as `length` characters of ALPHABET (via a big integer; bias below 2^-60). */
export function encode(bytes: Uint8Array, length: number): string {
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  const base = BigInt(ALPHABET.length);
  let out = '';
  for (let i = 0; i < length; i++) {
    out += ALPHABET[Number(n % base)];
    n /= base;
  }
  return out;
}

export function newReference(kind: ReferenceKind, random: Uint8Array = crypto.getRandomValues(new Uint8Array(12))): string {
  return `${KIND_PREFIX[kind]}-${encode(random, REFERENCE_LENGTH)}`;
}

/** Upper case, without spaces; accepts a reference typed without its dash. */
export function normalizeReference(input: string): string {
  const s = input
    .trim()
    .toUpperCase()
    .replace(/[\s－—–]/g, '')
    .replace(/^([AVRC])-?/, '$1-');
  return s;
}

export function isReference(value: string): boolean {
  return new RegExp(`^[AVRC]-[${ALPHABET}]{${REFERENCE_LENGTH}}$`).test(value);
}

export function kindOf(reference: string): ReferenceKind | null {
  const prefix = reference[0];
  const found = (Object.entries(KIND_PREFIX) as [ReferenceKind, string][]).find(([, p]) => p === prefix);
  return found ? found[0] : null;
}

/** The kind of a reference the public can look up with an access code (not a case's). */
export function intakeKindOf(reference: string): IntakeKind | null {
  const kind = kindOf(reference);
  return kind === 'case' ? null : kind;
}

/** 7K3F9M4PQ8RT → 7K3F-9M4P-Q8RT, for reading out and writing down. */
export function formatAccessCode(code: string): string {
  return code.match(/.{1,4}/g)!.join('-');
}

/** Accepts the code with or without dashes and spaces, in any case. */
export function normalizeAccessCode(input: string): string {
  return input
    .trim()
    .toUpperCase()
    .replace(/[\s\-－—–]/g, '');
}

export function isAccessCode(value: string): boolean {
  return new RegExp(`^[${ALPHABET}]{${ACCESS_CODE_LENGTH}}$`).test(value);
}
