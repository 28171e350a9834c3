import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Section } from '../types';

/** Gzipped size of every script popup.html loads (its entry and the chunks it imports). */
export function popupScriptBytes(outputDir: string): { raw: number; gzip: number; files: string[] } {
  const html = readFileSync(join(outputDir, 'popup.html'), 'utf8');
  const files = new Set<string>();
  for (const match of html.matchAll(/(?:src|href)="\/?([^"]+\.js)"/g)) files.add(match[1]!);
  // Follow static imports between chunks.
  const queue = [...files];
  while (queue.length > 0) {
    const file = queue.pop()!;
    const code = readFileSync(join(outputDir, file), 'utf8');
    for (const match of code.matchAll(/(?:import|from)\s*["']\.?\.?\/?([^"']+\.js)["']/g)) {
      const target = match[1]!.startsWith('chunks/') ? match[1]! : join(file.split('/').slice(0, -1).join('/'), match[1]!);
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

export const popupSection: Section = {
  id: 'popup',
  title: 'Popup: JavaScript size',
  budgetMs: 60_000,
  async run({ root }) {
    const outputDir = join(root, '.output/chrome-mv3');
    if (!existsSync(join(outputDir, 'popup.html'))) {
      return { title: this.title, figures: [], skipped: 'no built popup (run `npm run build`; the popup lands with the extension issue)' };
    }
    const size = popupScriptBytes(outputDir);
    const all = readdirSync(join(outputDir, 'chunks')).length;
    return {
      title: this.title,
      figures: [
        {
          name: 'popup JavaScript, gzipped',
          value: size.gzip / 1024,
          unit: 'KB',
          better: 'lower',
          reference: { name: 'budget set by the extension issue', value: 50 },
          detail: `${size.files.length} files of ${all} chunks, ${(size.raw / 1024).toFixed(1)} KB raw`,
        },
      ],
    };
  },
};
