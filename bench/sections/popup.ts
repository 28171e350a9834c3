import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { launchWithExtension, prepareExtension } from '../../test/support/extension/chromium';
import { median, p95 } from '../stats';
import type { Figure, Section } from '../types';

const RENDER_RUNS = 15;

/** Gzipped size of every script popup.html loads (its entry and the chunks it imports statically). */
export function popupScriptBytes(outputDir: string): { raw: number; gzip: number; files: string[] } {
  const html = readFileSync(join(outputDir, 'popup.html'), 'utf8');
  const files = new Set<string>();
  for (const match of html.matchAll(/(?:src|href)="\/?([^"]+\.js)"/g)) files.add(match[1]!);
  const queue = [...files];
  while (queue.length > 0) {
    const file = queue.pop()!;
    const code = readFileSync(join(outputDir, file), 'utf8');
    // Static imports only (`import … from "…"` / `import "…"`); dynamic import() chunks load later.
    for (const match of code.matchAll(/(?:^|[;\s}])(?:import\s*[^"'()]*?from\s*|import\s*)["']([^"']+\.js)["']/g)) {
      const specifier = match[1]!;
      const base = file.split('/').slice(0, -1).join('/');
      const target = specifier.startsWith('/') ? specifier.slice(1) : join(base, specifier);
      if (!files.has(target) && existsSync(join(outputDir, target))) {
        files.add(target);
        queue.push(target);
      }
    }
  }
  let raw = 0;
  let gzip = 0;
  for (const file of files) {
    const bytes = readFileSync(join(outputDir, file));
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  return { raw, gzip, files: [...files] };
}

/**
 * Records, in the page's own clock (ms since navigation start), when the first screen is on the
 * page: an <h1> inside the popup's root (or the body, for the static reference).
 */
const RENDER_PROBE = `(() => {
  const record = () => {
    if (window.__pivotFirstScreen === undefined && document.querySelector('#app h1, body > main h1')) {
      window.__pivotFirstScreen = performance.now();
    }
  };
  new MutationObserver(record).observe(document, { childList: true, subtree: true });
})();`;

/** The reference: the same first screen as plain HTML with the popup's stylesheets, no script. */
function staticReference(dir: string): string {
  const popup = readFileSync(join(dir, 'popup.html'), 'utf8');
  const styles = [...popup.matchAll(/<link[^>]+rel="stylesheet"[^>]*>/g)].map((m) => m[0]).join('\n');
  const page = `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Référence</title>${styles}</head>
<body><main><h1>Votre identité certifiée, dans votre navigateur</h1>
<p>Pivot récupère votre identité certifiée auprès de FranceConnect et ne la transmet qu’aux pages que vous choisissez.</p>
<div class="fr-connect-group"><button class="fr-connect"><span class="fr-connect__login">S’identifier avec</span> <span class="fr-connect__brand">FranceConnect</span></button></div>
</main></body></html>`;
  writeFileSync(join(dir, 'bench-static-reference.html'), page);
  return 'bench-static-reference.html';
}

export const popupSection: Section = {
  id: 'popup',
  title: 'Popup: JavaScript size and time to first render',
  budgetMs: 90_000,
  async run({ root, log }) {
    const outputDir = join(root, '.output/chrome-mv3');
    if (!existsSync(join(outputDir, 'popup.html'))) {
      return { title: this.title, figures: [], skipped: 'no built popup: run `npm run build` first' };
    }
    const size = popupScriptBytes(outputDir);
    const chunks = existsSync(join(outputDir, 'chunks')) ? readdirSync(join(outputDir, 'chunks')).length : 0;
    const figures: Figure[] = [
      {
        name: 'popup JavaScript loaded at open, gzipped',
        value: size.gzip / 1024,
        unit: 'KB',
        better: 'lower',
        reference: { name: 'budget set by the extension issue', value: 50 },
        detail: `${size.files.length} files (of ${chunks} chunks), ${(size.raw / 1024).toFixed(1)} KB raw; the commune table loads later`,
      },
    ];

    const copy = prepareExtension();
    const referencePage = staticReference(copy.dir);
    const extension = await launchWithExtension(copy.dir);
    try {
      const measure = async (path: string): Promise<number[]> => {
        const samples: number[] = [];
        for (let run = 0; run < RENDER_RUNS; run++) {
          const page = await extension.context.newPage();
          const cdp = await extension.context.newCDPSession(page);
          await cdp.send('Page.enable');
          await cdp.send('Page.addScriptToEvaluateOnNewDocument', { source: RENDER_PROBE });
          await page.goto(extension.url(path));
          const at = await page.waitForFunction(() => (window as unknown as { __pivotFirstScreen?: number }).__pivotFirstScreen, undefined, { timeout: 10_000 });
          samples.push(Number(await at.jsonValue()));
          await page.close();
        }
        return samples;
      };
      // Warm the browser's caches for both pages, then measure them interleaved in blocks.
      await measure('popup.html');
      await measure(referencePage);
      const popup = await measure('popup.html');
      const reference = await measure(referencePage);
      log(`popup first screen: median ${median(popup).toFixed(1)} ms, p95 ${p95(popup).toFixed(1)} ms; static reference ${median(reference).toFixed(1)} ms`);
      figures.push({
        name: 'popup: navigation to first screen (median)',
        value: median(popup),
        unit: 'ms',
        better: 'lower',
        reference: { name: 'same screen as static HTML + CSS, same browser', value: median(reference) },
        detail: `p95 ${p95(popup).toFixed(1)} ms over ${RENDER_RUNS} opens, page clock, headless Chromium`,
      });
    } finally {
      await extension.close();
      copy.cleanup();
    }
    return { title: this.title, figures };
  },
};
