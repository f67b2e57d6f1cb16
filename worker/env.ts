import type { StaffRole } from '#src/domain/staff-roles.ts';
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
  /** Status lookups: per caller, per reference and caller, per reference overall (looser). */
  STATUS_IP_LIMITER: RateLimit;
  STATUS_REF_CLIENT_LIMITER: RateLimit;
  STATUS_REF_LIMITER: RateLimit;
  /** 「忘记查询码」 per reference and per phone (keyed hash). */
  RECOVER_REF_LIMITER: RateLimit;
  RECOVER_PHONE_LIMITER: RateLimit;
  /** Public submissions (applications, sign-ups, reports): per caller, and per phone number. */
  SUBMIT_CLIENT_LIMITER: RateLimit;
  SUBMIT_PHONE_LIMITER: RateLimit;
  /** Staff searches, per account. */
  SEARCH_LIMITER: RateLimit;
  /** The site search's answers in the page (GET /search/?q=), per caller. */
  SEARCH_PAGE_LIMITER: RateLimit;
  /** Staff sign-in steps, per caller and per account. */
  SIGNIN_LIMITER: RateLimit;
  /**
   * `off`: sign in to the console with the personal token alone. Honoured only by a local
   * development Worker (wrangler dev, on loopback); a deployed Worker refuses it (503 on sign-in,
   * /api/health not ok). docs/staff.md.
   */
  STAFF_SECOND_FACTOR?: string;
  /** The audit log's nightly heads (lib/audit.ts), in a bucket with a lock rule (docs/deploy.md). */
  AUDIT_BUCKET: R2Bucket;
  /** The documents families attach, encrypted (wrangler.toml [[r2_buckets]]). */
  FILES: R2Bucket;
  /** Uploads of materials, per caller and per reference. */
  FILES_LIMITER: RateLimit;

  // Text messages (docs/sms.md, docs/deploy.md). With none of the provider settings, nothing
  // leaves the Worker: messages stay in the outbox for staff to read (outbox-only).
  /** The SMS outbox's queue (wrangler.toml [[queues.producers]]). */
  SMS_QUEUE: Queue<SmsJob>;
  /** outbox-only (default), tencent, aliyun or webhook. */
  SMS_PROVIDER?: string;
  /** The approved SMS signature (签名), without 【】; the portal's name until then. */
  SMS_SIGN_NAME?: string;
  /** JSON: the provider's template id for each template key, {"applicationSubmitted": "1234567", …}. */
  SMS_TEMPLATE_IDS?: string;
  /** Messages a phone number gets per day (China time), at most; past it they wait for the next day. */
  SMS_DAILY_CAP?: string;
  /** When nothing but urgent messages is sent, China time, e.g. 22:00-08:00; `off` for none. */
  SMS_QUIET_HOURS?: string;
  /** The first retry's delay in seconds; each further retry doubles it. */
  SMS_RETRY_BASE_SECONDS?: string;
  /** Tencent Cloud SMS: API key (secrets), SDK AppID and region. */
  TENCENT_SMS_SECRET_ID?: string;
  TENCENT_SMS_SECRET_KEY?: string;
  TENCENT_SMS_SDK_APP_ID?: string;
  TENCENT_SMS_REGION?: string;
  /** Alibaba Cloud SMS: AccessKey (secrets). */
  ALIYUN_SMS_ACCESS_KEY_ID?: string;
  ALIYUN_SMS_ACCESS_KEY_SECRET?: string;
  /** The county's own 政务短信平台: where to POST, and the HMAC key of the signature header (secret). */
  SMS_WEBHOOK_URL?: string;
  SMS_WEBHOOK_SECRET?: string;
}

/** What the SMS queue carries: an outbox row's id, nothing personal. */
export interface SmsJob {
  id: number;
}

/** The signed-in staff member, set by requireStaff on /api/staff/*. */
export interface StaffMember {
  id: number;
  name: string;
  role: StaffRole;
  /** Township ids, or [EVERY_TOWNSHIP] for every township (src/domain/township-scope.ts). */
  townships: string[];
  /** A 儿童主任's villages within those townships; null for whole townships. */
  villages?: string[] | null;
  /** A department account's department (src/domain/departments.ts). */
  department?: string | null;
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
