/** Bindings and secrets of the Worker (wrangler.toml, .dev.vars, `wrangler secret put`). */
export interface Env {
  DB: D1Database;
  ASSETS: Fetcher;
  APP_VERSION: string;
  /** AES-256-GCM key for personal fields, base64 (secret). */
  DATA_KEY: string;
  /** HMAC key for access codes and staff tokens, base64 (secret). */
  HMAC_KEY: string;
}

export type AppEnv = { Bindings: Env };
