import { describe, expect, it } from 'vitest';
import { removeAtRules, trimDsfrCss } from '../../../extension/build/trim-dsfr-css';

describe('DSFR stylesheet trimming (build)', () => {
  const css =
    '@charset "UTF-8";@font-face{font-family:Marianne;src:url(../fonts/Marianne-Bold.woff2)}' +
    '.fr-btn{color:red}@media (min-width:48em){.fr-btn{color:blue}}' +
    '@media screen and (min-width:0\\0) and (min-resolution:72dpi){.fr-btn{color:green}.x{y:z}}.end{a:b}';

  it('removes @font-face rules and Internet Explorer hacks, and keeps the rest', () => {
    const trimmed = removeAtRules(css, (prelude) => prelude.startsWith('@font-face') || prelude.includes('0\\0'));
    expect(trimmed).toBe('@charset "UTF-8";.fr-btn{color:red}@media (min-width:48em){.fr-btn{color:blue}}.end{a:b}');
  });

  it('only touches DSFR stylesheets', () => {
    const plugin = trimDsfrCss() as { transform: (code: string, id: string) => { code: string } | null };
    expect(plugin.transform(css, '/x/node_modules/@gouvfr/dsfr/dist/core/core.min.css')?.code).not.toContain('@font-face');
    expect(plugin.transform(css, '/x/extension/ui/styles/fonts.css')).toBeNull();
  });
});
