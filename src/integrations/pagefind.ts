import type { AstroIntegration } from 'astro';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { close, createIndex } from 'pagefind';
import { expansionsFor } from '../search/synonyms.ts';

const BODY_END = '<!--pagefind-body-end-->';

/**
 * Builds the Pagefind index after every `astro build`, from the pages Astro just wrote.
 * Only <main data-pagefind-body> is indexed; synonyms of the words a page uses are added
 * to its index entry (not to the page people download), marked by BODY_END in the layout.
 */
export function pagefind(): AstroIntegration {
  return {
    name: 'tonghu-pagefind',
    hooks: {
      'astro:build:done': async ({ dir, pages, logger }) => {
        const outDir = fileURLToPath(dir);
        const started = performance.now();
        const { index, errors } = await createIndex({ forceLanguage: 'zh-cn' });
        if (!index) throw new Error(`Pagefind 无法创建索引：${errors.join('; ')}`);
        let indexed = 0;
        for (const { pathname } of pages) {
          const file = path.join(outDir, pathname, 'index.html');
          let html: string;
          try {
            html = await readFile(file, 'utf8');
          } catch {
            continue; // not an HTML page (404.html is written elsewhere)
          }
          if (!html.includes('data-pagefind-body')) continue;
          // Frontmatter keywords (in <meta name="keywords">) weigh like a heading; synonyms like body text.
          const keywords = /<meta name="keywords" content="([^"]*)"/.exec(html)?.[1]?.split(',') ?? [];
          const extra = expansionsFor(`${html.replace(/<[^>]+>/g, ' ')} ${keywords.join(' ')}`);
          html = html.replace(BODY_END, `<p data-pagefind-weight="6">${keywords.join(' ')}</p><p>${extra.join(' ')}</p>`);
          const added = await index.addHTMLFile({ url: `/${pathname}`, content: html });
          if (added.errors.length) throw new Error(`Pagefind 无法索引 /${pathname}：${added.errors.join('; ')}`);
          indexed += 1;
        }
        const written = await index.writeFiles({ outputPath: path.join(outDir, 'pagefind') });
        if (written.errors.length) throw new Error(`Pagefind 写入失败：${written.errors.join('; ')}`);
        await close();
        logger.info(`Pagefind: indexed ${indexed} pages in ${Math.round(performance.now() - started)} ms`);
      },
    },
  };
}
