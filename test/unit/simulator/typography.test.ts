// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { CITIZENS } from '../../../backend/simulator/citizens/data.js';
import { FC_ERRORS, errorPage } from '../../../backend/simulator/errors.js';
import { IDENTITY_PROVIDERS } from '../../../backend/simulator/interactions/identity-providers.js';
import { consentPage, idpChoicePage, loginPage } from '../../../backend/simulator/interactions/pages.js';
import { DATA_PROVIDER_SCOPES } from '../../../backend/simulator/scopes.js';

// Everything a citizen reads is French with French typography: a non-breaking space (U+00A0 or U+202F)
// before : ; ! ? and » and after «, and the typographic apostrophe ’.

function visibleText(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]+>/g, '\n')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

function typographyProblems(text: string): string[] {
  const problems: string[] = [];
  for (const line of text.split('\n').map((l) => l.trim()).filter(Boolean)) {
    if (/ [:;!?»]/.test(line)) problems.push(`ordinary space before punctuation: "${line}"`);
    if (/[^\s\u00a0\u202f][;!?»]/.test(line.replace(/https?:\/\/\S+/g, '').replace(/\?[\w=&]+/g, ''))) {
      problems.push(`missing space before punctuation: "${line}"`);
    }
    if (/« /.test(line) || /«[^\u00a0\u202f]/.test(line)) problems.push(`« not followed by a non-breaking space: "${line}"`);
    if (/[A-Za-zÀ-ÿ]'[A-Za-zÀ-ÿ]/.test(line)) problems.push(`straight apostrophe: "${line}"`);
  }
  return problems;
}

const pages: [string, string][] = [
  ['error page', errorPage(FC_ERRORS.invalidParameters, { href: '/back', serviceName: 'Pivot' })],
  ['session expired page', errorPage(FC_ERRORS.sessionNotFound)],
  ['identity provider choice', idpChoicePage({ action: () => '/x', abortHref: '/a', serviceName: 'Pivot', providers: IDENTITY_PROVIDERS })],
  [
    'login page with error',
    loginPage({
      action: '/x',
      chooseAnotherHref: '/c',
      provider: IDENTITY_PROVIDERS[2]!,
      citizens: CITIZENS,
      error: 'Identifiant ou mot de passe incorrect. Vérifiez votre saisie et réessayez.',
    }),
  ],
  [
    'consent page',
    consentPage({
      action: '/x',
      abortHref: '/a',
      serviceName: 'Pivot',
      displayName: 'Angela DUBOIS',
      data: { claims: ['Prénoms', 'Nom d’usage'], dataProviders: [{ label: 'Direction générale des Finances publiques', scopes: ['dgfip_rfr'] }] },
      checkbox: true,
      error: 'Veuillez cocher la case pour accepter le transfert des données.',
    }),
  ],
  [
    'consent page listing every data-provider scope label',
    consentPage({
      action: '/x',
      abortHref: '/a',
      serviceName: 'Pivot',
      displayName: 'Angela DUBOIS',
      data: { claims: [], dataProviders: Object.values(DATA_PROVIDER_SCOPES).map((g) => ({ label: g.label, scopes: [...g.scopes] })) },
      checkbox: false,
    }),
  ],
];

describe('French typography of the simulator pages', () => {
  it.each(pages)('%s', (_name, html) => {
    expect(typographyProblems(visibleText(html))).toEqual([]);
  });

  it('detects the mistakes it looks for', () => {
    expect(typographyProblems('code erreur : Y030007')).toHaveLength(1);
    expect(typographyProblems('l\'onglet')).toHaveLength(1);
    expect(typographyProblems('« test »')).toHaveLength(2);
  });
});
