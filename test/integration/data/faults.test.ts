import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SOURCE_IDS, type SourceId } from '../../../backend/data/types';
import { isKnown, PROVIDERS } from '../../../backend/simulator/providers/fixtures/index';
import { loginAndData, statuses } from '../../support/data';
import { getMe } from '../../support/login';
import { reserveServer, type Stack, startStack } from '../../support/stack';

/**
 * Providers that fail, through real logins against the simulated providers with their fault
 * injection: down (503 from the gateway, or nothing listening), slow beyond the per-source time
 * limit, garbage. The failing source is `unavailable` with a French sentence; every other source
 * answers as usual and the login succeeds.
 */

// Generous, so that a busy CI machine never turns a healthy provider into a timeout; the slow
// faults below answer far beyond it.
const TIMEOUT_MS = 6000;
const LOGIN = 'nom_usage'; // known to DGFiP, CNAM droits, DSS, CNAF, France Travail (both)
const CITIZEN = 'claire-rousseau';

const expected = (id: SourceId) => (isKnown(id, CITIZEN) ? 'ok' : 'not_found');
const baseline = Object.fromEntries(SOURCE_IDS.map((id) => [id, expected(id)]));

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ env: { DATA_TIMEOUT_MS: String(TIMEOUT_MS) } });
  // One uncounted login first: the very first fan-out also pays for JIT and the providers' first token checks.
  await loginAndData(stack.url, { login: LOGIN });
});
afterEach(() => {
  stack.simulator.resetProviderFaults();
});
afterAll(async () => {
  await stack?.close();
});

describe('a failing provider', () => {
  it('answers as usual with no fault (the baseline the other tests compare with)', async () => {
    expect(statuses((await loginAndData(stack.url, { login: LOGIN })).sources)).toEqual(baseline);
  });

  it('down (503) for one source: that source is unavailable, the others are not affected', async () => {
    stack.simulator.setProviderFault('france_travail_statut', { mode: 'down' });
    const { session, sources } = await loginAndData(stack.url, { login: LOGIN });
    expect(statuses(sources)).toEqual({ ...baseline, france_travail_statut: 'unavailable' });
    expect(sources.france_travail_statut?.error).toBe('France Travail est indisponible pour le moment.');
    expect(sources.france_travail_statut).not.toHaveProperty('data');
    expect((await getMe(stack.url, session)).status).toBe(200);
  });

  it('a whole provider down: each of its sources is unavailable', async () => {
    stack.simulator.setProviderFault('api-particulier', { mode: 'down' });
    const { sources } = await loginAndData(stack.url, { login: LOGIN });
    const down = Object.fromEntries(PROVIDERS['api-particulier'].sources.map((id) => [id, 'unavailable']));
    expect(statuses(sources)).toEqual({ ...baseline, ...down });
    expect(sources.dss_prestations?.error).toBe('L’API Particulier est indisponible pour le moment.');
  });

  it('slow beyond the time limit: unavailable (« n’a pas répondu à temps »), the others on time', async () => {
    stack.simulator.setProviderFault('dgfip', { mode: 'slow', latencyMs: TIMEOUT_MS * 4 });
    const { sources } = await loginAndData(stack.url, { login: LOGIN });
    expect(statuses(sources)).toEqual({ ...baseline, impot_particulier: 'unavailable' });
    expect(sources.impot_particulier?.error).toBe('La DGFiP n’a pas répondu à temps.');
    const line = stack.logs.events('data_source').findLast((e) => e.fields.source === 'impot_particulier');
    expect(line?.fields).toMatchObject({ status: 'unavailable', reason: 'timeout' });
  });

  it('slow within the time limit: still ok', async () => {
    stack.simulator.setProviderFault('cnam_droits', { mode: 'slow', latencyMs: 200 });
    expect(statuses((await loginAndData(stack.url, { login: LOGIN })).sources)).toEqual(baseline);
  });

  it('garbage (a body that is not JSON): unavailable, the others are not affected', async () => {
    stack.simulator.setProviderFault('cnam', { mode: 'garbage' });
    const { sources } = await loginAndData(stack.url, { login: LOGIN });
    expect(statuses(sources)).toEqual({ ...baseline, cnam_droits: 'unavailable', cnam_ij: 'unavailable' });
    expect(sources.cnam_droits?.error).toBe('L’Assurance maladie a renvoyé une réponse inattendue.');
  });

  it('every provider failing at once: the login still succeeds, every source is unavailable', async () => {
    for (const provider of ['dgfip', 'cnam', 'api-particulier'] as const) stack.simulator.setProviderFault(provider, { mode: 'down' });
    stack.simulator.setProviderFault('france-travail', { mode: 'garbage' });
    stack.simulator.setProviderFault('famille-nombreuse', { mode: 'slow', latencyMs: TIMEOUT_MS * 4 });
    const { session, sources } = await loginAndData(stack.url, { login: LOGIN });
    expect(new Set(Object.values(statuses(sources)))).toEqual(new Set(['unavailable']));
    const me = await getMe(stack.url, session);
    expect(me.status).toBe(200);
    expect(((await me.json()) as { identity: { family_name: string } }).identity.family_name).toBe('ROUSSEAU');
  });
});

describe('a provider nobody answers for (connection refused)', () => {
  it('is unavailable, and the others answer', async () => {
    // A port that was free a moment ago and is closed now: nothing listens there.
    const closed = await reserveServer();
    await new Promise<void>((resolve) => closed.server.close(() => resolve()));
    const other = await startStack({ env: { FAMILLE_NOMBREUSE_BASE_URL: closed.url, DATA_TIMEOUT_MS: String(TIMEOUT_MS) } });
    try {
      const { sources } = await loginAndData(other.url, { login: 'commune_fusionnee' });
      expect(sources.famille_nombreuse).toMatchObject({ status: 'unavailable', error: 'Le service de la carte famille nombreuse est indisponible pour le moment.' });
      expect(sources.msa_quotient_familial?.status).toBe('ok');
      expect(other.logs.events('data_source').find((e) => e.fields.source === 'famille_nombreuse')?.fields.reason).toBe('network:ECONNREFUSED');
    } finally {
      await other.close();
    }
  });
});
