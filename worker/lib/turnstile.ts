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
  if (!token) throw new ApiError(400, 'turnstile_required', '请先完成页面上的人机验证，再提交。', { turnstileToken: '请完成人机验证' });
  let ok = false;
  try {
    const res = await fetch('https://challenges.cloudflare.com/turnstile/v0/siteverify', {
      method: 'POST',
      body: new URLSearchParams({ secret, response: token, remoteip: ip }),
    });
    ok = res.ok && ((await res.json()) as { success?: boolean }).success === true;
  } catch (cause) {
    throw new ApiError(503, 'turnstile_unavailable', '人机验证服务暂时连不上，请稍后再试。', {}, { cause });
  }
  if (!ok) throw new ApiError(400, 'turnstile_failed', '人机验证没有通过，请刷新页面后重试。', { turnstileToken: '人机验证没有通过' });
}
