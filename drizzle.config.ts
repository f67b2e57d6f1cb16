import { defineConfig } from 'drizzle-kit';

// Flat NNNN_name.sql files: the layout both wrangler and readD1Migrations read.
export default defineConfig({
  dialect: 'sqlite',
  schema: './worker/db/schema.ts',
  out: './migrations',
});
