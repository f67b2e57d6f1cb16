import path from 'node:path';
import { getViteConfig } from 'astro/config';

const ROOT = path.resolve(import.meta.dirname, '../..');

/**
 * Pure code and content, in Node. Through Astro's Vite config, so a test can render a
 * component with the container API (the form questions are rendered that way).
 */
export default getViteConfig({
  root: ROOT,
  test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node' },
});
