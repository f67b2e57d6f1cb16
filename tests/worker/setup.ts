import { applyD1Migrations } from 'cloudflare:test';
import { gateway } from './support/sms-gateway.ts';
import { env } from 'cloudflare:workers';

// Every test file starts from the real schema: the same SQL files wrangler applies.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);

// Text messages go to a fake 政务短信平台 (the webhook provider's endpoint): nothing leaves the machine.
gateway.install();
