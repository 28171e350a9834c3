// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../../backend/config';
import { DEFAULT_TIMEOUT_MS, parseDataConfig, resolveProviders, SIMULATOR_CREDENTIALS } from '../../../../backend/data/config';
import { SOURCES } from '../../../../backend/data/sources/index';
import { SOURCE_IDS } from '../../../../backend/data/types';

/** The data sources' configuration: defaults on the simulator, every refusal naming its variable, secrets never echoed. */

const SANDBOX = 'https://fcp-low.sbx.dev-franceconnect.fr/api/v2';

function problemsOf(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('data sources configuration', () => {
  it('offers and asks for all twelve sources on the embedded simulator, with the spec’s scopes', () => {
    const { data } = loadConfig({});
    expect(data.offered).toEqual([...SOURCE_IDS]);
    expect(data.defaults).toEqual([...SOURCE_IDS]);
    expect(data.timeoutMs).toBe(DEFAULT_TIMEOUT_MS);
    for (const id of SOURCE_IDS) expect(data.scopes[id]).toEqual([...SOURCES[id].defaultScopes]);
    expect(data.scopes.impot_particulier).toEqual([
      'dgfip_rfr',
      'dgfip_nbpart',
      'dgfip_sitfam',
      'dgfip_nbpac',
      'dgfip_annee_n_moins_1',
      'dgfip_annee_n_moins_2',
      'dgfip_annee_n_moins_3',
    ]);
    expect(data.scopes.men_scolarite).toEqual([]);
    expect(data.credentials.cnam.apiKey).toBe(SIMULATOR_CREDENTIALS.cnamApiKey);
    expect(data.baseUrls).toEqual({});
  });

  it('points every provider at the simulator that issued the token, following FC_ISSUER', () => {
    const { data } = loadConfig({ FC_ISSUER: 'http://127.0.0.1:4567/api/v2' });
    const providers = resolveProviders(data, 'http://127.0.0.1:4567/api/v2');
    expect(providers.dgfip.baseUrl).toBe('http://127.0.0.1:4567/providers/dgfip');
    expect(providers.dgfip.tokenUrl).toBe('http://127.0.0.1:4567/providers/dgfip/token');
    expect(providers.cnam.baseUrl).toBe('http://127.0.0.1:4567/providers/cnam');
    expect(providers.api_particulier.baseUrl).toBe('http://127.0.0.1:4567/providers/api-particulier');
    expect(providers.france_travail.baseUrl).toBe('http://127.0.0.1:4567/providers/france-travail');
    expect(providers.famille_nombreuse.baseUrl).toBe('http://127.0.0.1:4567/providers/famille-nombreuse');
  });

  it('takes the real providers’ base URLs, credentials, scopes and limits from the environment', () => {
    const { data } = loadConfig({
      DGFIP_BASE_URL: 'https://gw.dgfip.example/',
      DGFIP_TOKEN_URL: 'https://gw.dgfip.example/oauth/token',
      DGFIP_CLIENT_ID: 'my-dgfip-client',
      DGFIP_CLIENT_SECRET: 'd'.repeat(40),
      DGFIP_TOKEN_SCOPE: 'RessourceIR RessourceIRFacture',
      DGFIP_ID_TELESERVICE: 'PIVOT',
      CNAM_BASE_URL: 'https://partenaires.api.ameli.fr/test',
      CNAM_API_KEY: 'k'.repeat(32),
      API_PARTICULIER_BASE_URL: 'https://staging.particulier.api.gouv.fr',
      API_PARTICULIER_RECIPIENT: '12345678901234',
      API_PARTICULIER_TOKEN: 't'.repeat(32),
      IMPOT_PARTICULIER_SCOPES: 'dgfip_rfr, dgfip_annee_n_moins_1',
      MESRI_STATUT_ETUDIANT_SCOPES: 'mesri_identite mesri_admissions mesri_admission_etablissement_etudes',
      DATA_SOURCES_DEFAULT: 'cnous_boursier,impot_particulier',
      DATA_TIMEOUT_MS: '8000',
    });
    const providers = resolveProviders(data, 'http://localhost:3100/api/v2');
    expect(providers.dgfip).toEqual({
      baseUrl: 'https://gw.dgfip.example',
      tokenUrl: 'https://gw.dgfip.example/oauth/token',
      clientId: 'my-dgfip-client',
      clientSecret: 'd'.repeat(40),
      tokenScope: 'RessourceIR RessourceIRFacture',
      idTeleservice: 'PIVOT',
    });
    expect(providers.cnam).toEqual({ baseUrl: 'https://partenaires.api.ameli.fr/test', apiKey: 'k'.repeat(32) });
    expect(providers.api_particulier).toEqual({ baseUrl: 'https://staging.particulier.api.gouv.fr', recipient: '12345678901234', token: 't'.repeat(32) });
    expect(providers.france_travail.baseUrl).toBe('http://localhost:3100/providers/france-travail');
    expect(data.scopes.impot_particulier).toEqual(['dgfip_rfr', 'dgfip_annee_n_moins_1']);
    expect(data.scopes.mesri_statut_etudiant).toContain('mesri_admission_etablissement_etudes');
    expect(data.defaults).toEqual(['impot_particulier', 'cnous_boursier']); // canonical order
    expect(data.timeoutMs).toBe(8000);
  });

  it('offers nothing against a real FranceConnect until a provider’s base URL is set', () => {
    expect(loadConfig({ FC_ISSUER: SANDBOX }).data.offered).toEqual([]);
    const { data } = loadConfig({ FC_ISSUER: SANDBOX, CNAM_BASE_URL: 'https://partenaires.api.ameli.fr/test', CNAM_API_KEY: 'k'.repeat(32) });
    expect(data.offered).toEqual(['cnam_droits', 'cnam_ij']);
    expect(data.defaults).toEqual(['cnam_droits', 'cnam_ij']);
  });

  it('restricts what is offered with DATA_SOURCES, and "none" / "all"', () => {
    expect(loadConfig({ DATA_SOURCES: 'famille_nombreuse cnam_ij' }).data.offered).toEqual(['cnam_ij', 'famille_nombreuse']);
    expect(loadConfig({ DATA_SOURCES: 'none' }).data).toMatchObject({ offered: [], defaults: [] });
    expect(loadConfig({ DATA_SOURCES_DEFAULT: 'none' }).data).toMatchObject({ offered: [...SOURCE_IDS], defaults: [] });
    expect(loadConfig({ DATA_SOURCES: 'all', DATA_SOURCES_DEFAULT: '' }).data.defaults).toEqual([...SOURCE_IDS]);
  });

  it.each([
    ['DGFIP_BASE_URL', 'not a url', /absolute URL/],
    ['CNAM_BASE_URL', 'ftp://cnam.example/', /http\(s\)/],
    ['API_PARTICULIER_BASE_URL', 'http://particulier.api.gouv.fr', /https/],
    ['FRANCE_TRAVAIL_BASE_URL', 'https://api.francetravail.io/?x=1', /query/],
    ['FAMILLE_NOMBREUSE_BASE_URL', 'https://user:pw@fn.example/', /credentials/],
    ['DGFIP_TOKEN_URL', 'nope', /absolute URL/],
    ['DGFIP_CLIENT_ID', 'has space', /printable/],
    ['DGFIP_TOKEN_SCOPE', 'RessourceIR;drop', /DGFiP scopes/],
    ['API_PARTICULIER_RECIPIENT', '130025265', /SIRET/],
    ['IMPOT_PARTICULIER_SCOPES', 'openid dgfip_rfr', /openid/],
    ['CNOUS_BOURSIER_SCOPES', 'cnous_statut_boursier bad!scope', /words/],
    ['DATA_SOURCES', 'impots', /unknown source "impots"/],
    ['DATA_SOURCES_DEFAULT', 'cnaf', /unknown source "cnaf"/],
    ['DATA_TIMEOUT_MS', 'soon', /whole number/],
    ['DATA_TIMEOUT_MS', '10', /at least 50/],
    ['DATA_TIMEOUT_MS', '60000', /at most 30000/],
  ])('refuses %s=%j, naming it', (variable, value, message) => {
    const error = problemsOf({ [variable]: value });
    expect(error.problems).toEqual([{ variable, message: expect.stringMatching(message) }]);
    expect(error.message).toContain(variable);
  });

  it('asks for real credentials once a base URL points at a real provider', () => {
    expect(
      problemsOf({
        DGFIP_BASE_URL: 'https://gw.dgfip.example',
        CNAM_BASE_URL: 'https://partenaires.api.ameli.fr/test',
        API_PARTICULIER_BASE_URL: 'https://staging.particulier.api.gouv.fr',
      }).problems,
    ).toEqual(
      ['DGFIP_CLIENT_ID', 'DGFIP_CLIENT_SECRET', 'CNAM_API_KEY', 'API_PARTICULIER_RECIPIENT', 'API_PARTICULIER_TOKEN'].map((variable) => ({
        variable,
        message: expect.stringMatching(/must be set when .*_BASE_URL points at the real provider/),
      })),
    );
    // Not for a provider on loopback (another simulator), nor for sources not offered.
    expect(() => loadConfig({ CNAM_BASE_URL: 'http://127.0.0.1:9999/cnam' })).not.toThrow();
    expect(() => loadConfig({ API_PARTICULIER_BASE_URL: 'https://staging.particulier.api.gouv.fr', API_PARTICULIER_RECIPIENT: '12345678901234', DATA_SOURCES: 'cnous_boursier' })).not.toThrow();
  });

  it('refuses a default source that is not offered', () => {
    expect(problemsOf({ DATA_SOURCES: 'cnam_ij', DATA_SOURCES_DEFAULT: 'cnam_ij,famille_nombreuse' }).problems).toEqual([
      { variable: 'DATA_SOURCES_DEFAULT', message: expect.stringContaining('"famille_nombreuse" is not offered') },
    ]);
  });

  it('refuses to offer a source without its base URL against a real FranceConnect', () => {
    expect(problemsOf({ FC_ISSUER: SANDBOX, DATA_SOURCES: 'impot_particulier' }).problems).toEqual([
      { variable: 'DATA_SOURCES', message: expect.stringContaining('DGFIP_BASE_URL is not set') },
    ]);
  });

  it.each(['DGFIP_CLIENT_SECRET', 'CNAM_API_KEY', 'API_PARTICULIER_TOKEN'])('never echoes %s', (variable) => {
    const error = problemsOf({ [variable]: 'tooShortSecret' });
    expect(error.problems).toEqual([{ variable, message: 'must be at least 16 characters' }]);
    expect(error.message).not.toContain('tooShortSecret');
  });

  it('reports the backend’s and the data sources’ problems together', () => {
    expect(problemsOf({ PORT: 'eighty', DATA_TIMEOUT_MS: 'x' }).problems.map((p) => p.variable)).toEqual(['PORT', 'DATA_TIMEOUT_MS']);
  });

  it('parses without the rest of the backend', () => {
    expect(parseDataConfig({}, 'http://localhost:3100/api/v2').problems).toEqual([]);
  });
});
