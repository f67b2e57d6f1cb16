/**
 * How names, phone numbers and ID numbers are written down before they are blind-indexed
 * (worker/lib/blind-index.ts), so 「王 秀兰」 and 「王秀兰」, 「138 1234 5678」 and
 * 「+86 13812345678」 find the same child. Pure: the staff search box uses it to say what
 * kind of query it is.
 */
import { isReference, normalizeReference } from './reference-code.ts';

export type IndexKind = 'name' | 'phone' | 'idNumber' | 'nameBirth';

/** Full-width letters and digits folded, spaces and the middle dot of transliterated names dropped. */
export function normalizeName(name: string): string {
  return name
    .normalize('NFKC')
    .replace(/[\s·•・.\u3000]/g, '')
    .toLowerCase();
}

/** Digits only, without China's +86 or 0086. */
export function normalizePhone(phone: string): string {
  return phone
    .normalize('NFKC')
    .replace(/\D/g, '')
    .replace(/^(0086|86)(?=1\d{10}$)/, '');
}

export function normalizeIdNumber(id: string): string {
  return id.normalize('NFKC').replace(/\s/g, '').toUpperCase();
}

export type StaffQuery =
  | { kind: 'reference'; value: string }
  | { kind: 'idNumber'; value: string }
  | { kind: 'phone'; value: string }
  | { kind: 'name'; value: string }
  | { kind: 'tooShort' };

/** What a staff member typed in the search box: a reference, an ID number, a mobile number, or a name. */
export function parseStaffQuery(input: string): StaffQuery {
  const text = input.normalize('NFKC').trim();
  const reference = normalizeReference(text);
  if (isReference(reference)) return { kind: 'reference', value: reference };
  const id = normalizeIdNumber(text);
  if (/^\d{17}[\dX]$/.test(id)) return { kind: 'idNumber', value: id };
  const phone = normalizePhone(text);
  if (/^[\d\s+\-()]+$/.test(text) && /^1\d{10}$/.test(phone)) return { kind: 'phone', value: phone };
  const name = normalizeName(text);
  if ([...name].length < 2) return { kind: 'tooShort' };
  return { kind: 'name', value: name };
}
