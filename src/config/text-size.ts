/**
 * 大字 (适老化): the reader's choice of text size, remembered across pages in a first-party
 * cookie that the Worker reads on every HTML page (it puts the class on <html>) and the page's
 * script writes when the button is pressed. No copy in localStorage that could disagree.
 * Shared by the site (src/components/TextSize.astro) and the Worker (worker/lib/text-size.ts).
 */

export const TEXT_SIZE_COOKIE = 'tonghu-text';
export const TEXT_SIZES = ['large', 'standard'] as const;
export type TextSize = (typeof TEXT_SIZES)[number];

/** The class on <html> that makes the root font 137.5% (src/styles/global.css). */
export const LARGE_TEXT_CLASS = 'text-large';

/** A year: the choice is a reader's lasting need, not a session's. */
export const TEXT_SIZE_MAX_AGE = 365 * 24 * 60 * 60;

export const isLargeText = (cookieValue: string | undefined | null): boolean => cookieValue === 'large';

/**
 * The cookie as a Set-Cookie / document.cookie string. Secure on https; on http only for
 * loopback development (wrangler dev), where a Secure cookie would not be kept by every browser.
 * Not HttpOnly: the page's script writes the same cookie.
 */
export function textSizeCookie(size: TextSize, https: boolean): string {
  return `${TEXT_SIZE_COOKIE}=${size}; Path=/; Max-Age=${TEXT_SIZE_MAX_AGE}; SameSite=Lax${https ? '; Secure' : ''}`;
}

/**
 * Where to go back to after the choice: a path on this site only. Anything that a browser
 * could read as another host (`//evil`, `/\evil`, a scheme, control characters or spaces,
 * which browsers strip) gives `/`.
 */
export function safeReturnPath(value: string | undefined | null): string {
  if (!value || value.length > 2048) return '/';
  if (!/^\/(?![/\\])[A-Za-z0-9\-._~!$&'()*+,;=:@%/?#]*$/.test(value)) return '/';
  return value;
}
