import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { indexedHtml, searchSources } from './sources.ts';

/**
 * After `astro build`, indexes every search source with Pagefind (the npm package runs its bundled binary; the
 * extended build segments Chinese) and writes the index into dist/client/pagefind, served with the site: the
 * browser loads only the index chunks a query needs, from this server, so search works without any outside
 * service. Excluded from the index: the previous/next links the module's table of contents (other lessons' titles), buttons and
 * the lesson's 「第 N 单元 · …」 line.
 */
export function pagefindSearch(): AstroIntegration {
  return {
    name: 'hotline-academy:pagefind',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const clientDir = fileURLToPath(dir);
        const { createIndex, close } = await import('pagefind');
        const excludeSelectors = ['.prev-next', '.module-toc', 'button', '[data-pagefind-body] > p.muted:first-child'];
        const { index, errors } = await createIndex({ forceLanguage: 'zh', excludeSelectors });
        if (!index) throw new Error(`pagefind: could not create the index: ${errors.join('; ')}`);
        let count = 0;
        for (const source of searchSources) {
          for (const record of await source(clientDir, process.cwd())) {
            const added = await index.addHTMLFile({ url: record.url, content: indexedHtml(record) });
            if (added.errors.length) throw new Error(`pagefind: ${record.url}: ${added.errors.join('; ')}`);
            count++;
          }
        }
        const written = await index.writeFiles({ outputPath: `${clientDir}/pagefind` });
        if (written.errors.length) throw new Error(`pagefind: writing the index failed: ${written.errors.join('; ')}`);
        await close();
        logger.info(`indexed ${count} pages for search`);
      },
    },
  };
}
