// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../../backend/config';
import { API_PARTICULIER_IDENTITY_SCOPES } from '../../../../backend/data/sources/api_particulier';
import { createDataService } from '../../../../backend/data/service';
import { SOURCES } from '../../../../backend/data/sources/index';
import { SOURCE_IDS, type SourceResult } from '../../../../backend/data/types';
import { HttpError } from '../../../../backend/http/errors';
import { frenchTypography } from '../../../../backend/http/french';
import type { Session } from '../../../../backend/sessions/sessions';
import { fakeProviders, fixedClock, knownCitizenRoutes } from '../../../support/fake-providers';
import { RecordingLogger } from '../../../support/recording-logger';

/** The data service: the sources a login asks for (and their scopes), the callback step, what /api/data reads. */

function service(env: Record<string, string> = {}, fetchImpl?: typeof fetch) {
  return createDataService({ config: loadConfig(env), clock: fixedClock, logger: new RecordingLogger(), ...(fetchImpl ? { fetch: fetchImpl } : {}) });
}

function refusal(fn: () => unknown): HttpError {
  try {
    fn();
  } catch (err) {
    if (err instanceof HttpError) return err;
    throw err;
  }
  throw new Error('expected an HttpError');
}

const session = (over: Partial<Session>): Session => ({
  identity: {},
  acr: 'eidas1',
  authenticatedAt: '2025-06-15T12:00:00.000Z',
  issuer: 'http://localhost:3100/api/v2',
  idToken: 'x',
  sources: [],
  createdAt: 0,
  lastSeenAt: 0,
  expiresAt: 1,
  ...over,
});

describe('choosing the sources at /auth/login', () => {
  it('asks for the configured default set when `sources` is absent, with every scope it needs', () => {
    const selection = service().select(undefined);
    expect(selection.sources).toEqual([...SOURCE_IDS]);
    for (const id of SOURCE_IDS) for (const scope of SOURCES[id].defaultScopes) expect(selection.scopes).toContain(scope);
    for (const scope of API_PARTICULIER_IDENTITY_SCOPES) expect(selection.scopes).toContain(scope);
    expect(new Set(selection.scopes).size).toBe(selection.scopes.length);
    expect(service({ DATA_SOURCES_DEFAULT: 'famille_nombreuse' }).select(undefined)).toEqual({
      sources: ['famille_nombreuse'],
      scopes: ['famille_nombreuse_carte'],
    });
  });

  it('takes the listed sources (duplicates once, canonical order), and only their scopes', () => {
    expect(service().select('cnous_boursier,impot_particulier,cnous_boursier')).toEqual({
      sources: ['impot_particulier', 'cnous_boursier'],
      scopes: [...SOURCES.impot_particulier.defaultScopes, ...API_PARTICULIER_IDENTITY_SCOPES, ...SOURCES.cnous_boursier.defaultScopes],
    });
    expect(service().select('men_scolarite')).toEqual({ sources: ['men_scolarite'], scopes: ['given_name', 'family_name', 'birthdate', 'gender'] });
    expect(service({ FRANCE_TRAVAIL_STATUT_SCOPES: 'api_fc-statutaugmentev1 extra_scope' }).select('france_travail_statut').scopes).toEqual([
      'api_fc-statutaugmentev1',
      'extra_scope',
    ]);
  });

  it('asks for nothing with an empty `sources`', () => {
    expect(service().select('')).toEqual({ sources: [], scopes: [] });
  });

  it('refuses an unknown source with a 400 that names it', () => {
    const error = refusal(() => service().select('cnous_boursier,impots'));
    expect(error.status).toBe(400);
    expect(error.code).toBe('invalid_request');
    expect(error.userMessage).toContain(frenchTypography('« impots »'));
    expect(error.userMessage).toContain('est inconnue');
    expect(error.userMessage).toContain('impot_particulier');
  });

  it('refuses a source this backend does not offer', () => {
    const error = refusal(() => service({ DATA_SOURCES: 'cnam_ij' }).select('famille_nombreuse'));
    expect(error.status).toBe(400);
    expect(error.userMessage).toContain(frenchTypography('« famille_nombreuse » n’est pas proposée'));
  });
});

describe('the callback step and /api/data', () => {
  it('fetches the chosen sources and returns them as the session attachment', async () => {
    const p = fakeProviders(knownCitizenRoutes());
    const attachment = await service({}, p.fetch).onAuthenticated({
      accessToken: 'fc',
      accessTokenExpiresAt: Date.now() + 60_000,
      scope: [],
      idTokenClaims: {},
      identity: { family_name: 'DUBOIS' },
      sources: ['cnous_boursier'],
    });
    const results = (attachment as unknown as { data: { results: SourceResult[] } }).data.results;
    expect(results).toHaveLength(12);
    expect(results.find((r) => r.id === 'cnous_boursier')?.status).toBe('ok');
    expect(results.filter((r) => r.status === 'not_requested')).toHaveLength(11);
    // What is stored is plain JSON.
    expect(JSON.parse(JSON.stringify(attachment))).toEqual(attachment);
  });

  it('does not start calls with an access token about to expire', async () => {
    const p = fakeProviders(knownCitizenRoutes());
    const attachment = await service({}, p.fetch).onAuthenticated({
      accessToken: 'fc',
      accessTokenExpiresAt: Date.now() + 500,
      scope: [],
      idTokenClaims: {},
      identity: {},
      sources: ['famille_nombreuse'],
    });
    const results = (attachment as unknown as { data: { results: SourceResult[] } }).data.results;
    expect(results.find((r) => r.id === 'famille_nombreuse')?.status).toBe('unavailable');
  });

  it('reads back what the login stored', () => {
    const stored: SourceResult[] = SOURCE_IDS.map((id) => ({ id, label: SOURCES[id].label, status: 'not_found', fetchedAt: '2025-06-15T12:00:01.000Z' }));
    const out = service().read(session({ sources: ['cnam_ij'], attachments: { data: { results: stored as never } } }));
    expect(out).toEqual(stored);
  });

  it('says unavailable for chosen sources whose data the login could not keep, not_requested for the others', () => {
    const out = service().read(session({ sources: ['cnam_ij'] }));
    expect(out.find((r) => r.id === 'cnam_ij')).toEqual({
      id: 'cnam_ij',
      label: SOURCES.cnam_ij.label,
      status: 'unavailable',
      error: 'Ces données n’ont pas pu être récupérées pendant la connexion.',
      fetchedAt: '2025-06-15T12:00:00.000Z',
    });
    expect(out.filter((r) => r.status === 'not_requested')).toHaveLength(11);
  });

  it('lists only the sources this backend offers', () => {
    expect(service({ DATA_SOURCES: 'cnam_ij famille_nombreuse' }).read(session({})).map((r) => r.id)).toEqual(['cnam_ij', 'famille_nombreuse']);
  });
});
