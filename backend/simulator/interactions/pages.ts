import type { CitizenRecord } from '../citizens/index.js';
import { html, page, type SafeHtml } from '../html.js';
import type { MockIdentityProvider } from './identity-providers.js';
import { scopeLabel } from '../scopes.js';

// The citizen's journey, like FranceConnect's: identity provider choice → the provider's login page →
// the consent (or information) page. Every step is a plain <form method="post">.

export const interactionPath = (base: string, uid: string) => `${base}/interaction/${encodeURIComponent(uid)}`;

function backToService(href: string, serviceName: string): SafeHtml {
  return html`<p class="fr-mt-4w"><a class="fr-link fr-icon-arrow-go-back-fill fr-link--icon-left" data-testid="back-to-sp-link" href="${href}">Revenir sur ${serviceName}</a></p>`;
}

export function idpChoicePage(p: {
  action: (idp: MockIdentityProvider) => string;
  abortHref: string;
  serviceName: string;
  providers: readonly MockIdentityProvider[];
}): string {
  return page({
    title: 'Connexion - Choix du compte - FranceConnect',
    service: 'FranceConnect',
    serviceTagline: 'Simulateur',
    body: html`<h1 class="fr-h3">Connexion en cours sur ${p.serviceName}</h1>
<p>Choisissez un compte pour vous connecter\u00a0:</p>
<ul class="sim-idp-list" data-testid="idp-list">
${p.providers.map(
  (idp) => html`<li><form method="post" action="${p.action(idp)}">
  <input type="hidden" name="idp" value="${idp.id}">
  <button type="submit" class="fr-btn fr-btn--secondary sim-idp-button" data-testid="idp-${idp.id}">${idp.name}</button>
</form></li>
`,
)}</ul>
${backToService(p.abortHref, p.serviceName)}`,
  });
}

export function loginPage(p: {
  action: string;
  chooseAnotherHref: string;
  provider: MockIdentityProvider;
  citizens: readonly CitizenRecord[];
  error?: string;
  login?: string;
}): string {
  return page({
    title: `Connexion - ${p.provider.name} (simulation)`,
    service: p.provider.name,
    serviceTagline: 'Fournisseur d’identité simulé',
    body: html`<h1 class="fr-h3">Se connecter avec ${p.provider.name}</h1>
${
  p.error
    ? html`<div class="fr-alert fr-alert--error fr-mb-3w" role="alert" data-testid="login-error"><p>${p.error}</p></div>`
    : ''
}
<form method="post" action="${p.action}" class="fr-col-md-6">
  <div class="fr-input-group">
    <label class="fr-label" for="login">Identifiant
      <span class="fr-hint-text">En vrai\u00a0: ${p.provider.loginHint}. Ici\u00a0: l’un des identifiants de test ci-dessous.</span>
    </label>
    <input class="fr-input" id="login" name="login" type="text" autocomplete="username" required value="${p.login ?? ''}">
  </div>
  <div class="fr-input-group">
    <label class="fr-label" for="password">Mot de passe</label>
    <input class="fr-input" id="password" name="password" type="password" autocomplete="current-password" required>
  </div>
  <button type="submit" class="fr-btn">Se connecter</button>
</form>
<p class="fr-mt-2w"><a class="fr-link" href="${p.chooseAnotherHref}">Utiliser un autre compte</a></p>
<h2 class="fr-h5 fr-mt-5w">Comptes de test</h2>
<p>Mot de passe de tous les comptes\u00a0: <code>123</code>.</p>
<div class="fr-table"><table class="sim-accounts" data-testid="test-accounts">
<thead><tr><th scope="col">Identifiant</th><th scope="col">Identité</th><th scope="col">Particularité</th></tr></thead>
<tbody>
${p.citizens.map(
  (c) => html`<tr><td><code>${c.login}</code></td><td>${c.givenNames.join(' ')} ${c.familyName}</td><td>${c.about}</td></tr>
`,
)}</tbody></table></div>`,
  });
}

export interface ConsentData {
  /** Labels of the identity claims transmitted. */
  claims: string[];
  /** Data-provider scopes, grouped by provider label. */
  dataProviders: { label: string; scopes: string[] }[];
}

export function consentPage(p: {
  action: string;
  abortHref: string;
  serviceName: string;
  displayName: string;
  data: ConsentData;
  checkbox: boolean;
  error?: string;
}): string {
  const nothing = p.data.claims.length === 0 && p.data.dataProviders.length === 0;
  return page({
    title: `Connexion - Continuer sur ${p.serviceName} - FranceConnect`,
    service: 'FranceConnect',
    serviceTagline: 'Simulateur',
    body: html`<h1 class="fr-h3">Vous allez vous connecter en tant que\u00a0:</h1>
<p class="fr-text--lead" data-testid="consent-identity">${p.displayName}</p>
${
  nothing
    ? html`<p>Aucune donnée personnelle ne sera transmise.</p>`
    : html`<h2 class="fr-h5">${p.data.claims.length === 1 ? 'Donnée transmise' : 'Données transmises'} à ${p.serviceName}</h2>
<ul data-testid="consent-claims">${p.data.claims.map((label) => html`<li>${label}</li>`)}</ul>
${p.data.dataProviders.map(
  (group) => html`<h3 class="fr-h6">Informations récupérées depuis ${group.label}</h3>
<ul>${group.scopes.map((s) => html`<li>${scopeLabel(s)}</li>`)}</ul>
`,
)}`
}
${
  p.error
    ? html`<div class="fr-alert fr-alert--error fr-mb-3w" role="alert" data-testid="consent-error"><p>${p.error}</p></div>`
    : ''
}
<form method="post" action="${p.action}">
${
  p.checkbox
    ? html`<div class="fr-checkbox-group fr-mb-3w">
  <input type="checkbox" id="consent" name="consent" value="yes">
  <label class="fr-label" for="consent">J’accepte que FranceConnect transmette mes données au service pour me connecter</label>
</div>
`
    : ''
}  <button type="submit" class="fr-btn" data-testid="consent-continue">Continuer sur ${p.serviceName}</button>
</form>
${backToService(p.abortHref, p.serviceName)}`,
  });
}
