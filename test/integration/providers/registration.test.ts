import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROVIDER_IDS, SOURCE_IDS, startSimulator, type RunningSimulator } from '../../../backend/simulator/index.js';
import { PROVIDERS } from '../../../backend/simulator/providers/fixtures/index.js';
import { Browser, authorizeUrl, exchangeCode, formsOf, loginAndGetCode, textOf } from '../simulator/support.js';
import { PIVOT_SCOPE, scopeWith } from './support.js';

// The simulated providers are part of the simulator's default configuration: registered as data
// providers, their scopes known (with FranceConnect's French labels) and allowed to the Pivot client.

let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startSimulator({
    port: 0,
    dataProviders: [
      {
        client_id: 'another-data-provider',
        client_secret: 'another-data-provider-secret-0123456789',
        scopes: ['dgfip_rfr'],
        jwks_uri: 'http://127.0.0.1:9/jwks',
      },
    ],
  });
});
afterAll(async () => {
  await sim.close();
});

describe('default configuration', () => {
  it('runs the five providers, which serve the twelve sources, under /providers/', () => {
    expect(sim.providers.map((p) => [p.id, p.baseUrl])).toEqual(PROVIDER_IDS.map((id) => [id, `${sim.url}/providers/${id}`]));
    expect(sim.providers.flatMap((p) => p.sources).sort()).toEqual([...SOURCE_IDS].sort());
  });

  it('registers each provider as a data provider allowed to call /checktoken (next to the configured ones)', async () => {
    for (const id of PROVIDER_IDS) {
      const { client_id, client_secret } = PROVIDERS[id].fd;
      const response = await fetch(`${sim.issuer}/checktoken`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token: 'unknown', client_id, client_secret }),
      });
      expect(response.status, id).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^application\/token-introspection\+jwt/);
    }
  });

  it('publishes every source scope, famille_nombreuse_carte included, in the discovery', async () => {
    const discovery = (await (await fetch(`${sim.issuer}/.well-known/openid-configuration`)).json()) as { scopes_supported: string[] };
    expect(discovery.scopes_supported).toEqual(expect.arrayContaining(PIVOT_SCOPE.split(' ')));
  });

  it('lets the Pivot client obtain an access token holding every source scope', async () => {
    const { code } = await loginAndGetCode(sim, { scope: PIVOT_SCOPE }, { login: 'test' });
    const tokens = await exchangeCode(sim, code);
    expect(tokens.scope.split(' ').sort()).toEqual(PIVOT_SCOPE.split(' ').sort());
  });

  it('shows FranceConnect’s French labels, grouped by provider, on the consent page', async () => {
    const browser = new Browser();
    const origin = new URL(sim.url).origin;
    const { response } = await browser.follow(await browser.get(authorizeUrl(sim, { scope: scopeWith('cnaf_adresse'), idp_hint: 'impots' })), origin);
    const form = formsOf(await response.text(), response.url)[0];
    const consent = await browser.follow(await browser.post(form?.action ?? '', { login: 'test', password: '123' }), origin);
    const text = textOf(await consent.response.text());
    for (const expected of [
      'Informations récupérées depuis Direction générale des Finances publiques Revenu fiscal de référence Nombre de parts du foyer fiscal',
      'Dernière année de revenu',
      'Informations récupérées depuis Caisse nationale de l’assurance maladie Droits Assurance Maladie Paiements d’indemnités journalières',
      'Statut étudiant boursier',
      'Liste des admissions de l’étudiant',
      'Statut bénéficiaire C2S',
      'Quotient familial CAF & MSA et composition familiale',
      'Adresse du foyer',
      'Informations récupérées depuis France Travail',
      'Statut demandeur d’emploi',
      'Informations récupérées depuis Ministère chargé des transports Carte famille nombreuse',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toMatch(/dgfip_|cnous_|api_fc-/);
  });

  it('lists the providers on the simulator’s home page', async () => {
    const text = textOf(await (await fetch(`${sim.url}/`)).text());
    expect(text).toContain('Fournisseurs de données simulés');
    for (const p of sim.providers) expect(text).toContain(p.baseUrl);
  });
});
