import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SOURCES } from '../../../backend/data/sources/index';
import { API_PARTICULIER_IDENTITY_SCOPES } from '../../../backend/data/sources/api_particulier';
import { SOURCE_IDS, type SourceResult } from '../../../backend/data/types';
import { DEFAULT_FC_SCOPES } from '../../../backend/config';
import { CNAM_RECORDS, DGFIP_HOUSEHOLDS, QF_RECORDS } from '../../../backend/simulator/providers/fixtures/index';
import { getData, loginAndData, statuses } from '../../support/data';
import { getMe, loginForSession, loginUrl } from '../../support/login';
import { type Stack, startStack } from '../../support/stack';

/**
 * The public side of the data sources: the `sources` parameter of /auth/login (which scopes go
 * to FranceConnect), GET /api/data (Bearer, shape, not_requested), data kept in the session only
 * (no new provider call after login) and never logged.
 */

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.close();
});

/** The scopes /auth/login sends to FranceConnect's /authorize. */
async function authorizeScopes(sources?: string): Promise<string[]> {
  const response = await fetch(loginUrl(stack.url, sources === undefined ? {} : { sources }), { redirect: 'manual' });
  expect(response.status).toBe(302);
  return new URL(response.headers.get('location')!).searchParams.get('scope')!.split(' ');
}

const fanOutLines = () => stack.logs.events('data_source').length;

describe('GET /api/data', () => {
  it('needs a live session handle', async () => {
    expect((await getData(stack.url, undefined)).status).toBe(401);
    const malformed = await getData(stack.url, undefined, 'Bearer not-a-handle');
    expect(malformed.status).toBe(401);
    expect(await malformed.json()).toEqual({ error: 'invalid_token', message: expect.any(String) });
    expect((await getData(stack.url, 'A'.repeat(43))).status).toBe(401);
  });

  it('lists every source in order with id, label, status, fetchedAt, and data or error', async () => {
    const { session } = await loginForSession(stack.url, { login: 'test' });
    const response = await getData(stack.url, session);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = (await response.json()) as { sources: SourceResult[] };
    expect(Object.keys(body)).toEqual(['sources']);
    expect(body.sources.map((s) => s.id)).toEqual([...SOURCE_IDS]);
    for (const s of body.sources) {
      expect(s.label).toBe(SOURCES[s.id].label);
      expect(new Date(s.fetchedAt).toISOString()).toBe(s.fetchedAt);
      const keys = Object.keys(s).sort();
      if (s.status === 'ok') expect(keys).toEqual(['data', 'fetchedAt', 'id', 'label', 'status']);
      else expect(keys).toEqual(['fetchedAt', 'id', 'label', 'status']);
      if (s.data) {
        expect(s.data.summary).toEqual(expect.any(String));
        for (const section of s.data.sections) {
          expect(section.title).toEqual(expect.any(String));
          for (const fact of section.facts) expect(['text', 'euros', 'number', 'date', 'boolean', 'period']).toContain(fact.type);
        }
      }
    }
  });

  it('serves what the login fetched, from the session: no new provider call, even once FranceConnect’s token has expired', async () => {
    const { session, sources } = await loginAndData(stack.url, { login: 'test' });
    const calls = fanOutLines();
    stack.simulator.advanceTime(120);
    const again = (await (await getData(stack.url, session)).json()) as { sources: SourceResult[] };
    expect(Object.fromEntries(again.sources.map((s) => [s.id, s]))).toEqual(sources);
    expect(fanOutLines()).toBe(calls);
  });

  it('ends with the session', async () => {
    const { session } = await loginForSession(stack.url, { sources: 'famille_nombreuse' });
    const logout = await fetch(new URL('/auth/logout', stack.url), { method: 'POST', headers: { authorization: `Bearer ${session}` } });
    expect(logout.status).toBe(200);
    expect((await getData(stack.url, session)).status).toBe(401);
  });
});

describe('the `sources` login parameter', () => {
  it('absent: the default set (all twelve), every data scope sent to FranceConnect', async () => {
    const scopes = await authorizeScopes();
    for (const id of SOURCE_IDS) for (const scope of SOURCES[id].defaultScopes) expect(scopes).toContain(scope);
    for (const scope of DEFAULT_FC_SCOPES) expect(scopes).toContain(scope);
  });

  it('a list: only those sources, their scopes (plus the identity API Particulier needs), the others not_requested', async () => {
    const scopes = await authorizeScopes('france_travail_statut,cnous_boursier');
    expect(new Set(scopes)).toEqual(
      new Set([...DEFAULT_FC_SCOPES, ...API_PARTICULIER_IDENTITY_SCOPES, ...SOURCES.cnous_boursier.defaultScopes, 'api_fc-statutaugmentev1']),
    );
    const before = fanOutLines();
    const { sources } = await loginAndData(stack.url, { login: 'corse_2a', sources: 'france_travail_statut,cnous_boursier' });
    expect(statuses(sources)).toEqual({
      ...Object.fromEntries(SOURCE_IDS.map((id) => [id, 'not_requested'])),
      cnous_boursier: 'ok',
      france_travail_statut: 'not_found',
    });
    expect(stack.logs.events('data_source').slice(before).map((e) => e.fields.source).sort()).toEqual(['cnous_boursier', 'france_travail_statut']);
  });

  it('empty: no data source, no data scope, the login as before', async () => {
    expect(new Set(await authorizeScopes(''))).toEqual(new Set(DEFAULT_FC_SCOPES));
    const before = fanOutLines();
    const { session, sources } = await loginAndData(stack.url, { sources: '' });
    expect(new Set(Object.values(statuses(sources)))).toEqual(new Set(['not_requested']));
    expect(fanOutLines()).toBe(before);
    expect((await getMe(stack.url, session)).status).toBe(200);
  });

  it('an unknown source: 400 naming it, no redirect, no cookie (JSON or French page)', async () => {
    const json = await fetch(loginUrl(stack.url, { sources: 'cnous_boursier,impots' }), { redirect: 'manual', headers: { accept: 'application/json' } });
    expect(json.status).toBe(400);
    expect(json.headers.get('location')).toBeNull();
    expect(json.headers.getSetCookie()).toEqual([]);
    const body = (await json.json()) as { error: string; message: string };
    expect(body.error).toBe('invalid_request');
    expect(body.message).toContain('«\u00a0impots\u00a0» est inconnue');
    const page = await fetch(loginUrl(stack.url, { sources: 'impots' }), { redirect: 'manual' });
    expect(page.status).toBe(400);
    const html = await page.text();
    expect(html).toContain('<html lang="fr"');
    expect(html).toContain('impots');
  });

  it('a malformed list: 400 invalid_request', async () => {
    const response = await fetch(loginUrl(stack.url, { sources: 'cnous_boursier,,famille_nombreuse' }), { redirect: 'manual', headers: { accept: 'application/json' } });
    expect(response.status).toBe(400);
  });
});

describe('what a backend offers', () => {
  it('DATA_SOURCES restricts /api/data and the login; DATA_SOURCES_DEFAULT the set asked for by default', async () => {
    const other = await startStack({ env: { DATA_SOURCES: 'cnam_ij,famille_nombreuse', DATA_SOURCES_DEFAULT: 'famille_nombreuse' } });
    try {
      const { sources } = await loginAndData(other.url, { login: 'commune_fusionnee' });
      expect(statuses(sources)).toEqual({ cnam_ij: 'not_requested', famille_nombreuse: 'ok' });
      const refused = await fetch(loginUrl(other.url, { sources: 'cnous_boursier' }), { redirect: 'manual', headers: { accept: 'application/json' } });
      expect(refused.status).toBe(400);
      expect(((await refused.json()) as { message: string }).message).toContain('n’est pas proposée');
    } finally {
      await other.close();
    }
  });
});

describe('log hygiene', () => {
  it('no data value, name or token of a full login reaches the logs', async () => {
    const before = stack.logs.entries.length;
    const { sources } = await loginAndData(stack.url, { login: 'test' });
    expect(sources.impot_particulier?.status).toBe('ok');
    const dump = stack.logs.entries
      .slice(before)
      .map((e) => JSON.stringify(e))
      .join('\n');
    const dubois = DGFIP_HOUSEHOLDS.find((h) => h.key === 'dubois')!;
    const secrets = [
      String(dubois.years[1]!.rfr),
      String(dubois.years[2]!.rfr),
      CNAM_RECORDS['angela-dubois']!.me.nir,
      String(QF_RECORDS['angela-dubois']!.valeur),
      'DUBOIS',
      'Angela',
      'ANGELA',
      '24 RUE DES GLYCINES',
    ];
    for (const secret of secrets) expect(dump).not.toContain(secret);
    expect(stack.logs.events('data_fanout').at(-1)?.fields).toMatchObject({ requested: 12 });
  });
});
