/**
 * Blind indexes: an HMAC under INDEX_KEY — a key of its own, so a leaked HMAC_KEY (access
 * codes) does not open the index, and the index does not open access codes — of a normalised
 * name, phone number or ID number. Staff find a child by the HMAC of what they typed; nothing
 * is decrypted to search, and the index alone tells nothing about whom it names.
 */
import { normalizeIdNumber, normalizeName, normalizePhone, type IndexKind } from '#src/domain/blind-index.ts';
import type { Env } from '../env.ts';
import { hmacText } from './crypto.ts';

/** The stored value for an already normalised key. */
export function blindValue(env: Env, kind: IndexKind, normalized: string): Promise<string> {
  return hmacText(env.INDEX_KEY, `index:${kind}:${normalized}`, 'INDEX_KEY');
}

/** What a child's file is found by, from what is known of the child and the people around them. */
export interface Findable {
  childName?: string | null;
  birthDate?: string | null;
  idNumber?: string | null;
  /** Guardians', applicants' and reporters' names and phones. */
  names?: (string | null | undefined)[];
  phones?: (string | null | undefined)[];
}

/** The index entries for what is known, each normalised and blinded; duplicates once. */
export async function indexEntries(env: Env, f: Findable): Promise<{ kind: IndexKind; value: string }[]> {
  const keys: [IndexKind, string][] = [];
  const name = f.childName ? normalizeName(f.childName) : '';
  if (name) keys.push(['name', name]);
  if (name && f.birthDate) keys.push(['nameBirth', `${name}|${f.birthDate}`]);
  if (f.idNumber) keys.push(['idNumber', normalizeIdNumber(f.idNumber)]);
  for (const n of f.names ?? []) if (n && normalizeName(n)) keys.push(['name', normalizeName(n)]);
  for (const p of f.phones ?? []) if (p && normalizePhone(p)) keys.push(['phone', normalizePhone(p)]);
  const unique = [...new Map(keys.map(([k, v]) => [`${k}:${v}`, [k, v] as const])).values()];
  return Promise.all(unique.map(async ([kind, v]) => ({ kind, value: await blindValue(env, kind, v) })));
}
