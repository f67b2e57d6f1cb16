import { t } from '#src/i18n/index.ts';
import { ApiError } from './errors.ts';

let warned = false;

/**
 * Cloudflare Turnstile, enforced when TURNSTILE_SECRET is configured (production). Without
 * a secret (local development) submissions pass, and the Worker says so once.
 */
export async function verifyTurnstile(secret: string | undefined, token: string | undefined, ip: string): Promise<void> {
  if (!secret) {
    if (!warned) console.warn('Turnstile is off: TURNSTILE_SECRET is not set (fine for local development).');
    warned = true;
    return;
  }
  if (!token)
    throw new ApiError(400, 'turnstile_required', t('api.turnstile.required'), { turnstileToken: t('api.turnstile.requiredField') });
  let ok = false;
  try {
    const res = await fetch('https://challenges.cloudflare.com/turnstile/v0/siteverify', {
      method: 'POST',
      body: new URLSearchParams({ secret, response: token, remoteip: ip }),
    });
    ok = res.ok && ((await res.json()) as { success?: boolean }).success === true;
  } catch (cause) {
    throw new ApiError(503, 'turnstile_unavailable', t('api.turnstile.unavailable'), {}, { cause });
  }
  if (!ok) throw new ApiError(400, 'turnstile_failed', t('api.turnstile.failed'), { turnstileToken: t('api.turnstile.failedField') });
}
