// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { parseDataConfig } from '../../../../backend/data/config';
import { fanOut, type FanOutInput, ProviderTokenCache } from '../../../../backend/data/fanout';
import { SOURCES } from '../../../../backend/data/sources/index';
import { type DataSource, SOURCE_IDS, type SourceId } from '../../../../backend/data/types';
import * as R from '../../../fixtures/data/provider-responses';
import { defaultProviders, fakeProviders, fixedClock, FIXED_NOW, hang, ISSUER, json, knownCitizenRoutes, type Route } from '../../../support/fake-providers';
import { RecordingLogger } from '../../../support/recording-logger';

/** The fan-out with an injected fetch: parallelism, time limits, status mapping, isolation, logs. */

const ALL = SOURCE_IDS.map((id) => SOURCES[id]);
const scopes = parseDataConfig({}, ISSUER).config!.scopes;

function input(fetchImpl: typeof fetch, overrides: Partial<FanOutInput> = {}): FanOutInput {
  return {
    sources: ALL,
    requested: SOURCE_IDS,
    accessToken: 'fc-access-token-SECRET',
    identity: { family_name: 'DUBOIS', given_name: 'Angela', given_name_array: ['Angela'], gender: 'female', birthdate: '1962-08-24' },
    scopes,
    providers: defaultProviders(),
    fetch: fetchImpl,
    clock: fixedClock,
    timeoutMs: 2000,
    logger: new RecordingLogger(),
    ...overrides,
  };
}

const statuses = (results: { id: string; status: string }[]) => Object.fromEntries(results.map((r) => [r.id, r.status]));

describe('fanOut', () => {
  it('fetches every chosen source, in display order, with the time of each answer', async () => {
    const p = fakeProviders(knownCitizenRoutes());
    const results = await fanOut(input(p.fetch));
    expect(results.map((r) => r.id)).toEqual([...SOURCE_IDS]);
    expect(statuses(results)).toEqual({
      ...Object.fromEntries(SOURCE_IDS.map((id) => [id, 'ok'])),
      msa_quotient_familial: 'not_found', // the recorded answer is the CNAF's
    });
    for (const r of results) {
      expect(r.fetchedAt).toBe(new Date(FIXED_NOW).toISOString());
      expect(r.label).toBe(SOURCES[r.id].label);
      if (r.status === 'ok') expect(r.data?.summary).toEqual(expect.any(String));
    }
    // One quotient familial call for the two sources that read it.
    expect(p.callsTo('/providers/api-particulier/v3/dss/quotient_familial')).toHaveLength(1);
  });

  it('runs the sources at the same time: two providers that each wait for the other both answer', async () => {
    let arrived = 0;
    let release: () => void = () => {};
    const barrier = new Promise<void>((resolve) => (release = resolve));
    const meet: (body: unknown) => Route = (body) => async () => {
      if (++arrived === 2) release();
      await barrier;
      return json(body);
    };
    const p = fakeProviders({
      'GET /providers/famille-nombreuse/v1/carte': meet(R.FAMILLE_NOMBREUSE),
      'GET /providers/france-travail/partenaire/fc-statutaugmente/v1/statut': meet(R.FRANCE_TRAVAIL_STATUT),
    });
    const results = await fanOut(input(p.fetch, { requested: ['famille_nombreuse', 'france_travail_statut'] }));
    expect(statuses(results)).toMatchObject({ famille_nombreuse: 'ok', france_travail_statut: 'ok' });
  });

  it('in sequential mode (the benchmark’s reference) runs one source after another', async () => {
    const p = fakeProviders(knownCitizenRoutes());
    const single = ['cnam_ij', 'mesri_statut_etudiant', 'cnous_boursier', 'france_travail_statut', 'famille_nombreuse'] as SourceId[];
    const results = await fanOut(input(p.fetch, { requested: single, mode: 'sequential' }));
    expect(p.maxInFlight()).toBe(1);
    expect(results.filter((r) => r.status === 'ok').map((r) => r.id)).toEqual(single);
  });

  it('marks the sources not chosen as not_requested, and never calls them', async () => {
    const p = fakeProviders(knownCitizenRoutes());
    const results = await fanOut(input(p.fetch, { requested: ['cnous_boursier', 'not_a_source'] }));
    expect(results.filter((r) => r.status !== 'not_requested').map((r) => r.id)).toEqual(['cnous_boursier']);
    expect(p.calls.map((c) => c.url.pathname)).toEqual(['/providers/api-particulier/v3/cnous/etudiant_boursier/france_connect']);
    const skipped = results.find((r) => r.id === 'famille_nombreuse')!;
    expect(skipped).toEqual({ id: 'famille_nombreuse', label: 'Carte famille nombreuse', status: 'not_requested', fetchedAt: expect.any(String) });
  });

  it('maps each provider answer to its status; one failing source leaves the others alone', async () => {
    const routes = knownCitizenRoutes();
    routes['GET /providers/cnam/v1/droits/beneficiaires/me'] = () => json({}, 404); // unknown citizen
    routes['GET /providers/cnam/v1/indemnites-journalieres/me/paiements'] = () => json({}, 401); // token refused
    routes['GET /providers/api-particulier/v3/cnous/etudiant_boursier/france_connect'] = () => json(R.apiParticulierError('00100', 'Privilèges insuffisants'), 403);
    routes['GET /providers/api-particulier/v3/mesri/statut_etudiant/france_connect'] = () => json({}, 503);
    routes['GET /providers/famille-nombreuse/v1/carte'] = () => new Response('<html>oops</html>', { status: 200 });
    routes['GET /providers/france-travail/partenaire/fc-liste-paiements/v1/'] = () => json({}, 429);
    routes['GET /providers/france-travail/partenaire/fc-statutaugmente/v1/statut'] = () => new Response(null, { status: 302, headers: { location: 'https://evil.example.org/' } });
    const p = fakeProviders(routes);
    const results = await fanOut(input(p.fetch));
    const by = Object.fromEntries(results.map((r) => [r.id, r]));
    expect(statuses(results)).toMatchObject({
      cnam_droits: 'not_found',
      cnam_ij: 'error',
      cnous_boursier: 'error',
      mesri_statut_etudiant: 'unavailable',
      famille_nombreuse: 'unavailable',
      france_travail_indemnites: 'unavailable',
      france_travail_statut: 'unavailable',
      impot_particulier: 'ok',
      dss_prestations: 'ok',
      cnaf_quotient_familial: 'ok',
      men_scolarite: 'ok',
    });
    expect(by.cnam_droits?.error).toBeUndefined();
    expect(by.cnam_ij?.error).toBe('L’Assurance maladie a refusé l’accès\u00a0: l’autorisation présentée est expirée ou invalide.');
    expect(by.cnous_boursier?.error).toBe('L’API Particulier a refusé l’accès\u00a0: les autorisations accordées ne couvrent pas ces données.');
    expect(by.mesri_statut_etudiant?.error).toBe('L’API Particulier est indisponible pour le moment.');
    expect(by.famille_nombreuse?.error).toBe('Le service de la carte famille nombreuse a renvoyé une réponse inattendue.');
    expect(by.france_travail_indemnites?.error).toBe('France Travail reçoit trop de demandes pour le moment.');
    for (const r of results) expect(r.data === undefined).toBe(r.status !== 'ok');
    // The redirect was not followed.
    expect(p.calls.some((c) => c.url.hostname === 'evil.example.org')).toBe(false);
  });

  it('a provider that is down (connection refused) is unavailable', async () => {
    const routes = knownCitizenRoutes();
    routes['GET /providers/famille-nombreuse/v1/carte'] = () => {
      throw new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
    };
    const logger = new RecordingLogger();
    const results = await fanOut(input(fakeProviders(routes).fetch, { logger }));
    expect(results.find((r) => r.id === 'famille_nombreuse')).toMatchObject({
      status: 'unavailable',
      error: 'Le service de la carte famille nombreuse est indisponible pour le moment.',
    });
    expect(logger.events('data_source').find((e) => e.fields.source === 'famille_nombreuse')?.fields.reason).toBe('network:ECONNREFUSED');
  });

  it('gives each source its own time limit: a slow provider is cut off, the others are not', async () => {
    const routes = knownCitizenRoutes();
    routes['GET /providers/famille-nombreuse/v1/carte'] = hang;
    routes['GET /providers/dgfip/impotparticulier/1.0/situations/ir/assiettes/annrev/2023'] = hang;
    const logger = new RecordingLogger();
    const results = await fanOut(input(fakeProviders(routes).fetch, { timeoutMs: 200, logger }));
    expect(results.find((r) => r.id === 'famille_nombreuse')).toMatchObject({
      status: 'unavailable',
      error: 'Le service de la carte famille nombreuse n’a pas répondu à temps.',
    });
    expect(results.find((r) => r.id === 'impot_particulier')?.status).toBe('unavailable');
    expect(results.filter((r) => r.status === 'ok')).toHaveLength(9);
    expect(logger.events('data_source').filter((e) => e.fields.reason === 'timeout').map((e) => e.fields.source).sort()).toEqual([
      'famille_nombreuse',
      'impot_particulier',
    ]);
  });

  it('cuts off a source that ignores its abort signal', async () => {
    const stubborn: DataSource = { ...SOURCES.famille_nombreuse, fetch: () => new Promise(() => {}) };
    const results = await fanOut(input(fakeProviders({}).fetch, { sources: [stubborn], requested: ['famille_nombreuse'], timeoutMs: 100 }));
    expect(results).toEqual([expect.objectContaining({ id: 'famille_nombreuse', status: 'unavailable' })]);
  });

  it('turns a bug in a source into unavailable, logged without detail', async () => {
    const buggy: DataSource = {
      ...SOURCES.famille_nombreuse,
      fetch: async () => {
        throw new RangeError('value 123-secret out of range');
      },
    };
    const logger = new RecordingLogger();
    const results = await fanOut(input(fakeProviders({}).fetch, { sources: [buggy, SOURCES.cnous_boursier], requested: ['famille_nombreuse'], logger }));
    expect(results.map((r) => r.status)).toEqual(['unavailable', 'not_requested']);
    expect(logger.events('data_source_bug')).toEqual([expect.objectContaining({ level: 'error', fields: expect.objectContaining({ reason: 'internal:RangeError' }) })]);
    expect(logger.dump()).not.toContain('123-secret');
  });

  it('logs statuses, reasons and durations, never a token or a value', async () => {
    const logger = new RecordingLogger();
    await fanOut(input(fakeProviders(knownCitizenRoutes()).fetch, { logger }));
    const lines = logger.events('data_source');
    expect(lines).toHaveLength(12);
    for (const line of lines) expect(Object.keys(line.fields).sort()).toEqual(expect.arrayContaining(['event', 'ms', 'source', 'status']));
    expect(logger.events('data_fanout')[0]?.fields).toMatchObject({ requested: 12, ok: 11, not_found: 1, unavailable: 0, error: 0 });
    const dump = logger.dump();
    for (const secret of ['fc-access-token-SECRET', 'dgfip-token-abc', '24500', 'DUBOIS', 'DURAND', '2850575123456', 'FN-2024-000123', '780', 'etu@example.org']) {
      expect(dump).not.toContain(secret);
    }
  });

  it('keeps DGFiP’s token between fan-outs when given a cache, and asks again once it is near expiry', async () => {
    const p = fakeProviders(knownCitizenRoutes());
    let now = FIXED_NOW;
    const clock = { now: () => now };
    const tokens = new ProviderTokenCache(clock);
    const only: SourceId[] = ['impot_particulier'];
    await fanOut(input(p.fetch, { requested: only, tokens, clock }));
    await fanOut(input(p.fetch, { requested: only, tokens, clock }));
    expect(p.callsTo('/providers/dgfip/token')).toHaveLength(1);
    now += (3600 - 29) * 1000; // within the last 30 s of its hour
    await fanOut(input(p.fetch, { requested: only, tokens, clock }));
    expect(p.callsTo('/providers/dgfip/token')).toHaveLength(2);
  });
});

describe('fanOut correlation id', () => {
  it('sends the login’s request id, when a UUID, to every provider as X-Correlation-ID', async () => {
    const p = fakeProviders(knownCitizenRoutes());
    const id = '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';
    await fanOut(input(p.fetch, { correlationId: id }));
    expect(p.calls.length).toBeGreaterThan(5);
    expect(new Set(p.calls.map((c) => c.headers.get('x-correlation-id')))).toEqual(new Set([id]));
  });

  it('sends one fresh UUID per fan-out otherwise (DGFiP requires a UUID), and logs it', async () => {
    const p = fakeProviders(knownCitizenRoutes());
    const logger = new RecordingLogger();
    await fanOut(input(p.fetch, { correlationId: 'proxy-request-id-0042', logger }));
    const sent = new Set(p.calls.map((c) => c.headers.get('x-correlation-id')));
    expect(sent.size).toBe(1);
    const [only] = [...sent];
    expect(only).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(logger.events('data_fanout')[0]?.fields.correlationId).toBe(only);
  });
});
