/**
 * Encryption of personal fields at rest (AES-256-GCM under DATA_KEY) and keyed hashes
 * (HMAC-SHA-256 under HMAC_KEY) for access codes, idempotency and staff tokens. Keys are
 * Worker secrets; nothing here logs a value.
 */
import { ACCESS_CODE_LENGTH, encode, type IntakeKind } from '../../src/domain/reference-code.ts';

const te = new TextEncoder();
const td = new TextDecoder();
const keyCache = new Map<string, Promise<CryptoKey>>();

function fromBase64(b64: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
}
function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}
const toBase64Url = (bytes: Uint8Array) => toBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

export class MissingSecretError extends Error {}

function secretBytes(secret: string | undefined, name: string): Uint8Array<ArrayBuffer> {
  if (!secret) throw new MissingSecretError(`${name} is not set: run npm start (writes .dev.vars) or wrangler secret put ${name}`);
  const bytes = fromBase64(secret);
  if (bytes.length < 32) throw new MissingSecretError(`${name} must be at least 32 random bytes, base64-encoded`);
  return bytes;
}

function aesKey(secret: string | undefined): Promise<CryptoKey> {
  const cacheKey = `aes:${secret}`;
  let key = keyCache.get(cacheKey);
  if (!key) {
    key = crypto.subtle.importKey('raw', secretBytes(secret, 'DATA_KEY').slice(0, 32), 'AES-GCM', false, ['encrypt', 'decrypt']);
    keyCache.set(cacheKey, key);
  }
  return key;
}

function hmacKey(secret: string | undefined, name = 'HMAC_KEY'): Promise<CryptoKey> {
  const cacheKey = `hmac:${secret}`;
  let key = keyCache.get(cacheKey);
  if (!key) {
    key = crypto.subtle.importKey('raw', secretBytes(secret, name), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    keyCache.set(cacheKey, key);
  }
  return key;
}

/**
 * Encrypts a JSON value. `context` (the record's reference) is bound as additional data, so a
 * ciphertext copied onto another row does not decrypt.
 */
export async function encryptJson(dataKey: string | undefined, context: string, value: unknown): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ct = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: te.encode(context) },
    await aesKey(dataKey),
    te.encode(JSON.stringify(value)),
  );
  return `v1.${toBase64(iv)}.${toBase64(new Uint8Array(ct))}`;
}

export async function decryptJson<T>(dataKey: string | undefined, context: string, text: string): Promise<T> {
  const [version, iv, ct] = text.split('.');
  if (version !== 'v1' || !iv || !ct) throw new Error('unknown ciphertext format');
  const plain = await crypto.subtle.decrypt(
    { name: 'AES-GCM', iv: fromBase64(iv), additionalData: te.encode(context) },
    await aesKey(dataKey),
    fromBase64(ct),
  );
  return JSON.parse(td.decode(plain)) as T;
}

export async function hmac(hmacSecret: string | undefined, message: string, keyName = 'HMAC_KEY'): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.sign('HMAC', await hmacKey(hmacSecret, keyName), te.encode(message)));
}

export async function hmacText(hmacSecret: string | undefined, message: string, keyName = 'HMAC_KEY'): Promise<string> {
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
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const wrapped = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: te.encode(`file-key:${context}`) },
    await aesKey(dataKey),
    raw,
  );
  return { object, keyEnc: `f1.${toBase64(iv)}.${toBase64(new Uint8Array(wrapped))}` };
}

/** The file again, from its R2 object and its `keyEnc`; throws when either was altered or moved. */
export async function decryptFile(dataKey: string | undefined, context: string, keyEnc: string, object: ArrayBuffer): Promise<ArrayBuffer> {
  const [version, iv, wrapped] = keyEnc.split('.');
  if (version !== 'f1' || !iv || !wrapped) throw new Error('unknown file key format');
  const raw = new Uint8Array(
    await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: fromBase64(iv), additionalData: te.encode(`file-key:${context}`) },
      await aesKey(dataKey),
      fromBase64(wrapped),
    ),
  );
  const fileKey = await crypto.subtle.importKey('raw', raw.slice(0, 32), 'AES-GCM', false, ['decrypt']);
  return crypto.subtle.decrypt({ name: 'AES-GCM', iv: raw.slice(32), additionalData: te.encode(context) }, fileKey, object);
}

/**
 * What D1 keeps to tell the same file again: a keyed hash (under HMAC_KEY) of its SHA-256. An
 * unkeyed digest would let anyone with a copy of the database test for a known document.
 */
export async function fileHash(hmacSecret: string | undefined, plain: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = hex(new Uint8Array(await crypto.subtle.digest('SHA-256', plain)));
  return hmacText(hmacSecret, `file:${digest}`);
}
