/**
 * Encryption of personal fields at rest (AES-256-GCM under DATA_KEY, a key ring) and keyed
 * hashes (HMAC-SHA-256 under HMAC_KEY) for access codes, idempotency and staff tokens. Keys
 * are Worker secrets, each exactly 32 random bytes; nothing here logs a value. Whether a key
 * is the one the data was written with is lib/keys.ts's business (fingerprints in D1).
 */
import { ACCESS_CODE_LENGTH, encode, type IntakeKind } from '#src/domain/reference-code.ts';
import type { SealedField } from '../db/encrypted-columns.ts';

const te = new TextEncoder();
const td = new TextDecoder();

function fromBase64(b64: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
}
function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}
/** base64url without padding (RFC 4648 §5): tokens, hashes, and WebAuthn's keys and challenges. */
export const toBase64Url = (bytes: Uint8Array) => toBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

export function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  return fromBase64(b64.padEnd(Math.ceil(b64.length / 4) * 4, '='));
}

// --- Keys ---------------------------------------------------------------------------------------

/** The Worker's three secrets (wrangler secret put, .dev.vars). */
export const SECRET_NAMES = ['DATA_KEY', 'HMAC_KEY', 'INDEX_KEY'] as const;
export type SecretName = (typeof SECRET_NAMES)[number];

/** Why a secret cannot be used: each one a 503 and a line in /api/health, never a guess. */
export type KeyProblem = 'missing' | 'malformed' | 'length' | 'mismatch' | 'unknown_key';

/** Every key is exactly this many random bytes: shorter is weak, longer would be cut (and was, once). */
export const KEY_BYTES = 32;

/** A secret that is absent, malformed, of the wrong length, or not the one the data was written with. */
export class KeyUnavailableError extends Error {
  readonly secret: SecretName;
  readonly problem: KeyProblem;
  // Fields assigned here, not as parameter properties: the command line runs this file under
  // plain `node`, whose type stripping does not take them.
  constructor(secret: SecretName, problem: KeyProblem) {
    super(`${secret} cannot be used: ${problem}`);
    this.name = 'KeyUnavailableError';
    this.secret = secret;
    this.problem = problem;
  }
}

export interface RingKey {
  /** Short public id of the key (the start of its fingerprint), written into each ciphertext. */
  id: string;
  /** SHA-256 of the key under a label: what D1 remembers to tell a right key from a wrong one. */
  fingerprint: string;
  raw: Uint8Array<ArrayBuffer>;
}

/**
 * A secret's keys. DATA_KEY may hold several, comma- or space-separated, newest first: the
 * first encrypts, every one decrypts (rotation, docs/deploy.md). HMAC_KEY and INDEX_KEY hold
 * one. Each key is 32 random bytes in base64.
 */
export interface KeyRing {
  name: SecretName;
  active: RingKey;
  keys: RingKey[];
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

function decodeKey(name: SecretName, text: string): Uint8Array<ArrayBuffer> {
  const std = text.replace(/-/g, '+').replace(/_/g, '/');
  if (!BASE64.test(std) || std.length % 4 === 1) throw new KeyUnavailableError(name, 'malformed');
  let raw: Uint8Array<ArrayBuffer>;
  try {
    raw = fromBase64(std.padEnd(Math.ceil(std.length / 4) * 4, '='));
  } catch {
    throw new KeyUnavailableError(name, 'malformed');
  }
  if (raw.length !== KEY_BYTES) throw new KeyUnavailableError(name, 'length');
  return raw;
}

async function ringKey(name: SecretName, raw: Uint8Array<ArrayBuffer>): Promise<RingKey> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new Uint8Array([...te.encode(`tonghu-key:${name}:`), ...raw])));
  const fingerprint = toBase64Url(digest);
  return { id: fingerprint.slice(0, 8), fingerprint, raw };
}

async function parseRing(name: SecretName, secret: string | undefined): Promise<KeyRing> {
  const entries = (secret ?? '').split(/[\s,]+/).filter(Boolean);
  if (!entries.length) throw new KeyUnavailableError(name, 'missing');
  if (entries.length > 1 && name !== 'DATA_KEY') throw new KeyUnavailableError(name, 'malformed');
  const keys = await Promise.all(entries.map((e) => ringKey(name, decodeKey(name, e))));
  if (new Set(keys.map((k) => k.id)).size !== keys.length) throw new KeyUnavailableError(name, 'malformed');
  return { name, active: keys[0]!, keys };
}

const rings = new Map<string, Promise<KeyRing>>();

/** The key ring of a secret's value, checked (KeyUnavailableError otherwise) and kept per isolate. */
export function keyRing(name: SecretName, secret: string | undefined): Promise<KeyRing> {
  const cacheKey = `${name}\n${secret ?? ''}`;
  let ring = rings.get(cacheKey);
  if (!ring) {
    ring = parseRing(name, secret);
    rings.set(cacheKey, ring);
    // A refused value is not kept: the next call reports it afresh.
    ring.catch(() => rings.delete(cacheKey));
  }
  return ring;
}

const cryptoKeys = new Map<string, Promise<CryptoKey>>();

function importKey(name: SecretName, k: RingKey): Promise<CryptoKey> {
  const cacheKey = `${name}:${k.fingerprint}`;
  let key = cryptoKeys.get(cacheKey);
  if (!key) {
    key =
      name === 'DATA_KEY'
        ? crypto.subtle.importKey('raw', k.raw, 'AES-GCM', false, ['encrypt', 'decrypt'])
        : crypto.subtle.importKey('raw', k.raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    cryptoKeys.set(cacheKey, key);
  }
  return key;
}

async function hmacKey(secret: string | undefined, name: SecretName): Promise<CryptoKey> {
  const ring = await keyRing(name, secret);
  return importKey(name, ring.active);
}

// --- Personal fields at rest ---------------------------------------------------------------------

/**
 * The ciphertext formats. v3 (`v3.<key id>.<iv>.<ct>`, written today) binds its record and its
 * field; v2 (`v2.<key id>.<iv>.<ct>`) and v1 (`v1.<iv>.<ct>`, from before key rings, no id)
 * bind the record only. v2 and v1 still read; `npm run keys:rotate` rewrites them as v3.
 */
const V3 = 'v3';
const V2 = 'v2';
const V1 = 'v1';

/**
 * A value that does not open under the key it names, or is no ciphertext at all: altered, or
 * moved from another record or another field. Carries the field's name (never the value) for
 * the operator; answered as a refusal (lib/errors.ts), not a 500.
 */
export class SealBrokenError extends Error {
  readonly field: SealedField;
  constructor(field: SealedField, options?: { cause?: unknown }) {
    super(`${field}: the stored value does not open (altered, or moved from another record or field)`, options);
    this.name = 'SealBrokenError';
    this.field = field;
  }
}

/** The id of the key a ciphertext was written with; null for a v1 ciphertext (no id) or anything else. */
export function ciphertextKeyId(text: string): string | null {
  const parts = text.split('.');
  return (parts[0] === V3 || parts[0] === V2) && parts.length === 4 ? parts[1]! : null;
}

/** The format of a ciphertext ('v3', 'v2', 'v1'), or null for anything else. */
export function ciphertextVersion(text: string): 'v3' | 'v2' | 'v1' | null {
  const parts = text.split('.');
  if ((parts[0] === V3 || parts[0] === V2) && parts.length === 4) return parts[0];
  return parts[0] === V1 && parts.length === 3 ? V1 : null;
}

/**
 * The additional data of a v3 ciphertext: the field and the record. A field's name never holds
 * a line break, so no pair of (field, context) reads as another.
 */
const fieldAad = (field: SealedField, context: string) => te.encode(`tonghu-v3\n${field}\n${context}`);

/**
 * Encrypts a JSON value under the ring's first key, whose id goes into the ciphertext. The
 * value is bound as additional data to `field` (its column, db/encrypted-columns.ts) and to
 * `context` (the record's reference), so a ciphertext copied onto another row, or into another
 * column of the same row, does not decrypt.
 */
export async function encryptJson(dataKey: string | undefined, field: SealedField, context: string, value: unknown): Promise<string> {
  const ring = await keyRing('DATA_KEY', dataKey);
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ct = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: fieldAad(field, context) },
    await importKey('DATA_KEY', ring.active),
    te.encode(JSON.stringify(value)),
  );
  return `${V3}.${ring.active.id}.${toBase64(iv)}.${toBase64(new Uint8Array(ct))}`;
}

/**
 * Decrypts what encryptJson wrote, under the key its id names: a v3 ciphertext bound to
 * `field` and `context`, a v2 one (written before fields were bound) to `context` alone; a v1
 * ciphertext (before key rings, with no id) under whichever key of the ring opens it. A
 * ciphertext whose key is not in the ring is a key problem (503); one that does not open under
 * its key is a broken value (SealBrokenError).
 */
export async function decryptJson<T>(dataKey: string | undefined, field: SealedField, context: string, text: string): Promise<T> {
  const ring = await keyRing('DATA_KEY', dataKey);
  const parts = text.split('.');
  if ((parts[0] === V3 || parts[0] === V2) && parts.length === 4) {
    const [version, id, iv, ct] = parts as [string, string, string, string];
    const key = ring.keys.find((k) => k.id === id);
    if (!key) throw new KeyUnavailableError('DATA_KEY', 'unknown_key');
    const aad = version === V3 ? fieldAad(field, context) : te.encode(context);
    let plain: ArrayBuffer;
    try {
      plain = await crypto.subtle.decrypt(
        { name: 'AES-GCM', iv: fromBase64(iv), additionalData: aad },
        await importKey('DATA_KEY', key),
        fromBase64(ct),
      );
    } catch (cause) {
      throw new SealBrokenError(field, { cause });
    }
    return JSON.parse(td.decode(plain)) as T;
  }
  if (parts[0] === V1 && parts.length === 3) {
    const [, iv, ct] = parts as [string, string, string];
    for (const key of ring.keys) {
      try {
        const plain = await crypto.subtle.decrypt(
          { name: 'AES-GCM', iv: fromBase64(iv), additionalData: te.encode(context) },
          await importKey('DATA_KEY', key),
          fromBase64(ct),
        );
        return JSON.parse(td.decode(plain)) as T;
      } catch {
        // not this key: try the next
      }
    }
    // No id to tell a missing key from a broken value: the older behaviour (503) stands.
    throw new KeyUnavailableError('DATA_KEY', 'unknown_key');
  }
  throw new SealBrokenError(field);
}

/** decryptJson of a column that may be empty: null stays null. */
export async function decryptOrNull<T>(
  dataKey: string | undefined,
  field: SealedField,
  context: string,
  text: string | null,
): Promise<T | null> {
  return text ? decryptJson<T>(dataKey, field, context, text) : null;
}

export async function hmac(hmacSecret: string | undefined, message: string, keyName: SecretName = 'HMAC_KEY'): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.sign('HMAC', await hmacKey(hmacSecret, keyName), te.encode(message)));
}

export async function hmacText(hmacSecret: string | undefined, message: string, keyName: SecretName = 'HMAC_KEY'): Promise<string> {
  return toBase64Url(await hmac(hmacSecret, message, keyName));
}

export async function sha256(text: string): Promise<string> {
  return toBase64Url(new Uint8Array(await crypto.subtle.digest('SHA-256', te.encode(text))));
}

/** Constant-time comparison of two strings of the same alphabet. */
export function sameText(a: string, b: string): boolean {
  const x = te.encode(a);
  const y = te.encode(b);
  if (x.length !== y.length) return false;
  let diff = 0;
  for (let i = 0; i < x.length; i++) diff |= x[i]! ^ y[i]!;
  return diff === 0;
}

/**
 * The access code of a submission, derived from its idempotency key: a replay of the same
 * request can show the same code again, and the code itself is never stored.
 */
export async function accessCodeFor(hmacSecret: string | undefined, kind: IntakeKind, idempotencyKey: string): Promise<string> {
  return encode((await hmac(hmacSecret, `access-code:${kind}:${idempotencyKey}`)).slice(0, 16), ACCESS_CODE_LENGTH);
}

/** What is stored for an access code: a keyed hash bound to the reference. */
export function accessHash(hmacSecret: string | undefined, reference: string, code: string): Promise<string> {
  return hmacText(hmacSecret, `access-hash:${reference}:${code}`);
}

export function randomToken(bytes = 32): string {
  return toBase64Url(crypto.getRandomValues(new Uint8Array(bytes)));
}

/** Lower-case hex, as the SMS providers' signatures want it. */
export function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export async function sha256Hex(text: string): Promise<string> {
  return hex(new Uint8Array(await crypto.subtle.digest('SHA-256', te.encode(text))));
}

/** HMAC-SHA-256 under a key given per call (a provider's secret, or a key derived from one). */
export async function hmacSha256(key: string | Uint8Array<ArrayBuffer>, message: string): Promise<Uint8Array<ArrayBuffer>> {
  const raw = typeof key === 'string' ? te.encode(key) : key;
  const k = await crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return new Uint8Array(await crypto.subtle.sign('HMAC', k, te.encode(message)));
}

// --- Files (申请材料 in R2) ----------------------------------------------------------------------

/**
 * A file encrypted for R2: AES-256-GCM under a random key of its own, with `context` (the
 * application's reference and the file's id) as additional data, so an object moved onto
 * another file does not decrypt. The object is the ciphertext alone (no copy of the bytes is
 * made to prefix it); the file's key and nonce go in `keyEnc`, encrypted under DATA_KEY and
 * bound to the same context, for D1. Deleting the row leaves an object no one can read.
 */
export async function encryptFile(
  dataKey: string | undefined,
  context: string,
  plain: Uint8Array<ArrayBuffer>,
): Promise<{ object: ArrayBuffer; keyEnc: string }> {
  const raw = crypto.getRandomValues(new Uint8Array(44)); // 32-byte key, then a 12-byte nonce
  const fileKey = await crypto.subtle.importKey('raw', raw.slice(0, 32), 'AES-GCM', false, ['encrypt']);
  const object = await crypto.subtle.encrypt({ name: 'AES-GCM', iv: raw.slice(32), additionalData: te.encode(context) }, fileKey, plain);
  // The file's key goes under DATA_KEY like every encrypted column: the key ring reads it, and
  // key rotation re-encrypts it (db/encrypted-columns.ts), while the object in R2 stays as it is.
  return { object, keyEnc: await encryptJson(dataKey, 'files.key_enc', fileKeyContext(context), toBase64(raw)) };
}

/** What a file's key is bound to: its own context, marked as a key so no other value can stand in for it. */
export const fileKeyContext = (context: string) => `file-key:${context}`;

/** The file again, from its R2 object and its `keyEnc`; throws when either was altered or moved. */
export async function decryptFile(dataKey: string | undefined, context: string, keyEnc: string, object: ArrayBuffer): Promise<ArrayBuffer> {
  const raw = fromBase64(await decryptJson<string>(dataKey, 'files.key_enc', fileKeyContext(context), keyEnc));
  const fileKey = await crypto.subtle.importKey('raw', raw.slice(0, 32), 'AES-GCM', false, ['decrypt']);
  try {
    return await crypto.subtle.decrypt({ name: 'AES-GCM', iv: raw.slice(32), additionalData: te.encode(context) }, fileKey, object);
  } catch (cause) {
    // The object in R2 was altered or put in another file's place: refused like a broken column,
    // named by the column whose key opens it.
    throw new SealBrokenError('files.key_enc', { cause });
  }
}

/**
 * What D1 keeps to tell the same file again: a keyed hash (under HMAC_KEY) of its SHA-256. An
 * unkeyed digest would let anyone with a copy of the database test for a known document.
 */
export async function fileHash(hmacSecret: string | undefined, plain: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = hex(new Uint8Array(await crypto.subtle.digest('SHA-256', plain)));
  return hmacText(hmacSecret, `file:${digest}`);
}
