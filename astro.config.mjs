// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import { pagefind } from './src/integrations/pagefind.ts';
import { countySettingsReminder } from './src/integrations/county-settings.ts';
import { catalog } from './src/integrations/catalog.ts';
import { securityHeaders } from './src/integrations/headers.ts';

export default defineConfig({
  // The Worker serves dist/ as static assets; Astro only builds HTML.
  output: 'static',
  outDir: './dist',
  trailingSlash: 'always',
  build: {
    format: 'directory',
    // Inline the one small stylesheet so a page renders from a single response.
    inlineStylesheets: 'always',
  },
  vite: {
    // Scripts stay in files under /_astro/ so the CSP in public/_headers can forbid inline script.
    build: {
      assetsInlineLimit: 0,
      rollupOptions: {
        // Astro's MDX modules carry a directive the bundler warns about once per page; it is harmless.
        onwarn(warning, warn) {
          if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
        },
      },
    },
  },
  integrations: [mdx(), catalog(), pagefind(), securityHeaders(), countySettingsReminder()],
  devToolbar: { enabled: false },
});
