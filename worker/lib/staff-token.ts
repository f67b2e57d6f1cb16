/**
 * The format of a staff token, shared by the Worker (lib/staff-auth.ts) and the command line
 * (cli/staff.ts, cli/staff-hash.ts). No Worker API here: the CLI runs it under plain `node`.
 */

export const TOKEN_PREFIX = 'th_';

/** A token as handed out: the prefix and 256 random bits in base64url (the range leaves room for older ones). */
export const TOKEN_PATTERN = new RegExp(`^${TOKEN_PREFIX}[A-Za-z0-9_-]{20,100}$`);

/**
 * What is hashed for the stored SHA-256: the token under a label of its own. Tokens are 256
 * random bits, so a plain hash is enough to store them.
 */
export function tokenHashInput(token: string): string {
  return `staff-token:${token}`;
}
