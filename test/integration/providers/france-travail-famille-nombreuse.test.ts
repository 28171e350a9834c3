import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../../backend/simulator/index.js';
import { FAMILLE_NOMBREUSE_CARDS, FRANCE_TRAVAIL_RECORDS } from '../../../backend/simulator/providers/fixtures/index.js';
import { BOGUS_TOKEN, baseUrl, bearerGet, tokenCache } from './support.js';

// France Travail (statut augmenté, liste des paiements) and the carte famille nombreuse: the
// FranceConnect access token as Bearer.

let sim: RunningSimulator;
const token = tokenCache(() => sim);

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
});
afterAll(async () => {
  await sim.close();
});

const statut = () => `${baseUrl(sim, 'france-travail')}/partenaire/fc-statutaugmente/v1/statut`;
const paiements = () => `${baseUrl(sim, 'france-travail')}/partenaire/fc-liste-paiements/v1/`;
const carte = () => `${baseUrl(sim, 'famille-nombreuse')}/v1/carte`;

describe('France Travail', () => {
  it('answers the status of a job seeker, with the gateway’s headers', async () => {
    const response = await bearerGet(statut(), await token('nom_usage'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json;charset=UTF-8');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('pragma')).toBe('no-cache');
    expect(await response.json()).toEqual(FRANCE_TRAVAIL_RECORDS['claire-rousseau']?.statut);
  });

  it('answers the payments of a job seeker (with or without the final slash)', async () => {
    const fc = await token('nom_usage');
    for (const url of [paiements(), paiements().replace(/\/$/, '')]) {
      const response = await bearerGet(url, fc);
      expect(response.status).toBe(200);
      const body = (await response.json()) as { statutInscription: boolean; listePaiement: unknown[] };
      expect(body).toEqual(FRANCE_TRAVAIL_RECORDS['claire-rousseau']?.paiements);
      expect(body.listePaiement).toHaveLength(5);
    }
  });

  it('answers a registered person without payment, and an ended registration', async () => {
    expect(await (await bearerGet(paiements(), await token('outre_mer'))).json()).toEqual({ statutInscription: true, listePaiement: [] });
    const ended = await bearerGet(statut(), await token('prenom_avec_espace'));
    expect(await ended.json()).toMatchObject({ situationInscription: { dateCessationInscription: '2025-03-31' } });
    expect(await (await bearerGet(paiements(), await token('prenom_avec_espace'))).json()).toEqual({ statutInscription: false, listePaiement: [] });
  });

  it('answers 404 on both endpoints for someone France Travail does not know', async () => {
    const fc = await token('test');
    for (const url of [statut(), paiements()]) {
      const response = await bearerGet(url, fc);
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ code: '404' });
    }
  });

  it('answers 401 with an empty body without a token, and with a token /checktoken does not know', async () => {
    for (const t of [null, BOGUS_TOKEN]) {
      const response = await bearerGet(statut(), t);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer realm="France Travail"/);
      expect(await response.text()).toBe('');
    }
    expect((await bearerGet(statut(), BOGUS_TOKEN)).headers.get('www-authenticate')).toContain('error="invalid_token"');
  });

  it('answers 403 insufficient_scope for the endpoint whose scope the token lacks', async () => {
    const fc = await token('nom_usage', 'openid identite_pivot api_fc-statutaugmentev1');
    expect((await bearerGet(statut(), fc)).status).toBe(200);
    const response = await bearerGet(paiements(), fc);
    expect(response.status).toBe(403);
    expect(response.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
  });
});

describe('Carte famille nombreuse', () => {
  it('answers the card of a large family’s parent', async () => {
    const response = await bearerGet(carte(), await token('commune_fusionnee'));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(FAMILLE_NOMBREUSE_CARDS['sophie-girard']);
  });

  it('answers 404 not_found for a family of two children', async () => {
    const response = await bearerGet(carte(), await token('nom_compose'));
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: 'not_found' });
  });

  it('answers 401 invalid_token without a token or with an inactive one, 403 without the scope', async () => {
    for (const t of [null, BOGUS_TOKEN]) {
      const response = await bearerGet(carte(), t);
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ error: 'invalid_token' });
    }
    const response = await bearerGet(carte(), await token('commune_fusionnee', 'openid identite_pivot dgfip_rfr'));
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: 'insufficient_scope' });
  });
});
