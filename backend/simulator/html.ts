import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

// Server-rendered HTML for the simulator's pages. Everything interpolated is escaped unless it is
// already SafeHtml; pages work without JavaScript and use the DSFR stylesheet when it is installed.

export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

type Interpolation = SafeHtml | string | number | undefined | null | false | readonly Interpolation[];

function render(value: Interpolation): string {
  if (value === undefined || value === null || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/** Tagged template: `html\`<p>${text}</p>\`` escapes `text`, nests SafeHtml and arrays as they are. */
export function html(strings: TemplateStringsArray, ...values: Interpolation[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    out += render(v) + (strings[i + 1] ?? '');
  });
  return new SafeHtml(out);
}

/** Directory of the DSFR distribution (@gouvfr/dsfr), when installed. */
export function dsfrDistDirectory(): string | undefined {
  try {
    const pkg = createRequire(import.meta.url).resolve('@gouvfr/dsfr/package.json');
    const dist = join(dirname(pkg), 'dist');
    return existsSync(join(dist, 'dsfr.min.css')) ? dist : undefined;
  } catch {
    return undefined;
  }
}

export const ASSETS_PATH = '/assets/dsfr';

// A few rules of our own, so that pages stay readable even without the DSFR stylesheet.
const BASE_STYLE = `
body{margin:0;font-family:Marianne,arial,sans-serif;color:#161616;background:#fff}
.sim-banner{background:#fef4f3;color:#ce0500;padding:.25rem 1rem;font-size:.875rem;text-align:center}
.sim-accounts td,.sim-accounts th{padding:.25rem .5rem;text-align:left;vertical-align:top}
.sim-idp-list{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:1rem}
.sim-idp-list li{margin:0}
.sim-idp-list form{margin:0}
.sim-idp-button{min-width:14rem;min-height:4rem;justify-content:center}
main{padding-bottom:3rem}
`;

export interface LayoutOptions {
  title: string;
  /** Heading of the service in the DSFR header, e.g. "FranceConnect" or an identity provider's name. */
  service: string;
  serviceTagline?: string;
  body: SafeHtml;
}

export function page({ title, service, serviceTagline, body }: LayoutOptions): string {
  return `<!doctype html>${html`<html lang="fr" data-fr-scheme="light">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${title}</title>
<link rel="stylesheet" href="${ASSETS_PATH}/dsfr.min.css">
<link rel="stylesheet" href="${ASSETS_PATH}/utility/icons/icons-arrows/icons-arrows.min.css">
<style>${new SafeHtml(BASE_STYLE)}</style>
</head>
<body>
<p class="sim-banner">Simulateur local de FranceConnect\u00a0: aucune donnée réelle, comptes de test uniquement.</p>
<header role="banner" class="fr-header">
  <div class="fr-header__body"><div class="fr-container"><div class="fr-header__body-row">
    <div class="fr-header__brand fr-enlarge-link">
      <div class="fr-header__brand-top"><div class="fr-header__logo"><p class="fr-logo">République<br>Française</p></div></div>
      <div class="fr-header__service">
        <p class="fr-header__service-title">${service}</p>
        ${serviceTagline ? html`<p class="fr-header__service-tagline">${serviceTagline}</p>` : ''}
      </div>
    </div>
  </div></div></div>
</header>
<main id="main" role="main" class="fr-container fr-mt-5w">
${body}
</main>
</body>
</html>`}`;
}
