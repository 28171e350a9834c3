import type { Plugin } from 'vite';

/**
 * Trims the DSFR stylesheets as they are bundled:
 * - the core declares twenty font files (Marianne in five weights with italics, Spectral; woff and
 *   woff2): drop every @font-face; extension/ui/styles/fonts.css declares the three Marianne weights
 *   the extension uses, woff2 only (every browser that runs these extensions reads woff2);
 * - Internet Explorer hacks (`@media ... (min-width:0\\0)`), which lightningcss rejects.
 * The stylesheets are imported from extension/ui/styles/dsfr.ts (not with CSS @import) so that each
 * goes through this transform.
 */
export function trimDsfrCss(): Plugin {
  return {
    name: 'pivot:trim-dsfr-css',
    enforce: 'pre',
    transform(code, id) {
      if (!/@gouvfr[\\/]dsfr[\\/]dist[\\/].*\.css$/.test(id)) return null;
      return { code: removeAtRules(code, (prelude) => prelude.startsWith('@font-face') || prelude.includes('0\\0')), map: null };
    },
  };
}

/** Removes the at-rule blocks (with their nested blocks) whose prelude matches. */
export function removeAtRules(css: string, matches: (prelude: string) => boolean): string {
  let out = '';
  let i = 0;
  while (i < css.length) {
    const at = css.indexOf('@', i);
    if (at === -1) break;
    const open = css.indexOf('{', at);
    const semicolon = css.indexOf(';', at);
    if (open === -1 || (semicolon !== -1 && semicolon < open)) {
      out += css.slice(i, at + 1);
      i = at + 1;
      continue;
    }
    const prelude = css.slice(at, open);
    if (!matches(prelude)) {
      out += css.slice(i, at + 1);
      i = at + 1;
      continue;
    }
    let depth = 0;
    let j = open;
    for (; j < css.length; j++) {
      if (css[j] === '{') depth++;
      else if (css[j] === '}' && --depth === 0) break;
    }
    out += css.slice(i, at);
    i = j + 1;
  }
  return out + css.slice(i);
}
