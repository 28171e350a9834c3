// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { renderPage } from '../../../backend/http/pages';

describe('French pages', () => {
  const html = renderPage(
    {
      tone: 'error',
      title: 'La connexion n’a pas abouti',
      message: 'Message <b>avec</b> "balises" & co',
      reference: 'login_expired',
      detail: '<script>alert(1)</script>',
    },
    'https://pivot.example.org/base',
  );

  it('are French, script-free, styled by the DSFR served from the backend', () => {
    expect(html).toContain('<html lang="fr"');
    expect(html).toContain('<link rel="stylesheet" href="https://pivot.example.org/base/assets/dsfr/dsfr.min.css">');
    expect(html).toContain('class="fr-alert fr-alert--error"');
    expect(html).not.toMatch(/<script/i);
  });

  it('escape everything they display', () => {
    expect(html).toContain('Message &lt;b&gt;avec&lt;/b&gt; &quot;balises&quot; &amp; co');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('give a reference for support and say what to do next', () => {
    expect(html).toContain('<code>login_expired</code>');
    expect(html).toContain('Vous pouvez fermer cette fenêtre.');
  });
});
