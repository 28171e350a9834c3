import { fr } from './french';

/**
 * The few HTML pages a citizen may see from the backend (the end of a login that went wrong, the
 * end of a logout): server-rendered, no script, DSFR styles served by the backend itself.
 * Plain words, what to do next, a reference for support, never a stack trace.
 */

export interface PageOptions {
  title: string;
  message: string;
  tone: 'error' | 'success' | 'info';
  /** What to do next. */
  next?: string;
  /** Machine code shown as a reference for support (e.g. "login_expired"). */
  reference?: string;
  /** Extra technical detail (e.g. FranceConnect's own error_description), shown small. */
  detail?: string;
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

export function renderPage(options: PageOptions, assetsBase: string): string {
  const alert = { error: 'fr-alert--error', success: 'fr-alert--success', info: 'fr-alert--info' }[options.tone];
  const next = options.next ?? fr`Vous pouvez fermer cette fenêtre.`;
  return `<!doctype html>
<html lang="fr" data-fr-scheme="system">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(options.title)} – Pivot</title>
<link rel="stylesheet" href="${escapeHtml(assetsBase)}/assets/dsfr/dsfr.min.css">
</head>
<body>
<header role="banner" class="fr-header">
  <div class="fr-header__body"><div class="fr-container"><div class="fr-header__body-row">
    <div class="fr-header__brand"><div class="fr-header__service">
      <p class="fr-header__service-title">Pivot</p>
      <p class="fr-header__service-tagline">${escapeHtml(fr`Votre identité FranceConnect dans le navigateur`)}</p>
    </div></div>
  </div></div></div>
</header>
<main role="main" id="contenu" class="fr-container fr-my-6w">
  <div class="fr-alert ${alert}">
    <h1 class="fr-alert__title">${escapeHtml(options.title)}</h1>
    <p>${escapeHtml(options.message)}</p>
  </div>
  <p class="fr-mt-4w">${escapeHtml(next)}</p>
${options.reference ? `  <p class="fr-text--sm fr-mb-1w">${escapeHtml(fr`Référence pour l’assistance : `)}<code>${escapeHtml(options.reference)}</code></p>\n` : ''}${options.detail ? `  <p class="fr-text--xs">${escapeHtml(fr`Détail technique : `)}${escapeHtml(options.detail)}</p>\n` : ''}</main>
</body>
</html>
`;
}
