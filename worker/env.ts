import type { StaffRole } from '../src/domain/staff-roles.ts';
import type { Database } from './db/client.ts';
import type { Context } from 'hono';
import type { ApiError } from './lib/errors.ts';

/** Bindings and secrets of the Worker (wrangler.toml, .dev.vars, `wrangler secret put`). */
export interface Env {
  DB: D1Database;
  ASSETS: Fetcher;
  APP_VERSION: string;
  /** AES-256-GCM key for personal fields, base64 (secret). */
  DATA_KEY: string;
  /** HMAC key for access codes and staff tokens, base64 (secret). */
  HMAC_KEY: string;
  /** HMAC key of the blind indexes staff search by (names, phones, ID numbers), base64 (secret). */
  INDEX_KEY: string;
  /** Cloudflare Turnstile secret; when absent (local development) submissions are not challenged. */
  TURNSTILE_SECRET?: string;
  STATUS_IP_LIMITER: RateLimit;
  STATUS_REF_LIMITER: RateLimit;
  /** Staff searches, per account. */
  SEARCH_LIMITER: RateLimit;
}

/** The signed-in staff member, set by requireStaff on /api/staff/*. */
export interface StaffMember {
  id: number;
  name: string;
  role: StaffRole;
  /** Township ids, or ['*'] for every township. */
  townships: string[];
  /** A 儿童主任's villages within those townships; null for whole townships. */
  villages?: string[] | null;
}

/** Where a form post's refusal is shown: the page of the form, and the form on it. */
export interface FormPage {
  path: string;
  /** The <form> to fill in again ('#apply-form'). */
  form: string;
  /** A page of its own for the refusal instead (the status lookup shows its own error block). */
  render?: (c: Context<AppEnv>, error: ApiError) => Promise<Response>;
}

/** What every staff service works with: set once per request by requireStaff. */
export interface StaffContext {
  env: Env;
  db: Database;
  member: StaffMember;
  /** The request's clock (epoch ms); tests pass a fixed one. */
  now: number;
}

export type AppEnv = {
  Bindings: Env;
  Variables: {
    staff: StaffMember;
    ctx: StaffContext;
    /** The page a refused form post comes back to (lib/form-posts.ts formPage). */
    formPage?: FormPage;
    /** The fields of a plain form post, kept to fill the form in again. */
    posted?: URLSearchParams;
  };
};
