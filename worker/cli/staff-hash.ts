import { createHash } from 'node:crypto';
import { tokenHashInput } from '../lib/staff-token.ts';

/** What the staff table stores for a token: the same SHA-256 the Worker computes (worker/lib/staff-auth.ts). */
export function hashToken(token: string): string {
  return createHash('sha256').update(tokenHashInput(token)).digest('base64url');
}
