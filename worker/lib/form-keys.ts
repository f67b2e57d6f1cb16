/**
 * The idempotency key each form view carries, signed by the Worker (HMAC under HMAC_KEY): a
 * page of ours is the only place to get one, so a form post that comes without Origin (an old
 * browser, or a page elsewhere that hides it) is taken only with a key we signed — another
 * site cannot read our page to copy one (routes/intake-route.ts).
 */
import type { Env } from '../env.ts';
import { hmacText, randomToken, sameText } from './crypto.ts';

const PREFIX = 'F';
/** 16 random bytes and the first 22 characters (132 bits) of their HMAC, both base64url. */
const PART = 22;

export async function newFormKey(env: Env): Promise<string> {
  const nonce = randomToken(16);
  return `${PREFIX}${nonce}${await signature(env, nonce)}`;
}

export async function isSignedFormKey(env: Env, key: string | null | undefined): Promise<boolean> {
  if (!key || key.length !== 1 + 2 * PART || !key.startsWith(PREFIX)) return false;
  const nonce = key.slice(1, 1 + PART);
  return sameText(key.slice(1 + PART), await signature(env, nonce));
}

async function signature(env: Env, nonce: string): Promise<string> {
  return (await hmacText(env.HMAC_KEY, `form-key:${nonce}`)).slice(0, PART);
}
