import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../../backend/simulator/index.js';
import { incomeYear } from '../../../backend/simulator/providers/fixtures/index.js';
import {
  apiParticulierGet,
  baseUrl,
  bearerGet,
  dgfipApiToken,
  dgfipSituation,
  dgfipTokenRequest,
  tokenCache,
} from './support.js';

// Fault injection: "down" is a dead upstream behind its gateway (503 HTML, no JSON), "garbage" a 200
// whose body is not JSON, "slow" a normal answer after a delay. Settable at start, by method, and over
// HTTP from loopback. Tests check behaviour and the X-Simulator-* signals, never durations.

const CNOUS = '/v3/cnous/etudiant_boursier/france_connect';
const MESRI = '/v3/mesri/statut_etudiant/france_connect';
const QF = '/v3/dss/quotient_familial/france_connect';

let sim: RunningSimulator;
const token = tokenCache(() => sim);

beforeAll(async () => {
  sim = await startSimulator({ port: 0, providerFaults: { cnous_boursier: { mode: 'down' } } });
});
afterAll(async () => {
  await sim.close();
});

describe('faults set at start and by method', () => {
  beforeEach(() => {
    sim.resetProviderFaults();
    sim.setProviderFault('cnous_boursier', { mode: 'down' });
  });

  it('"down": 503, HTML, Retry-After — for the faulty source only, before any token check', async () => {
    const fc = await token('corse_2a');
    const down = await apiParticulierGet(sim, CNOUS, fc);
    expect(down.status).toBe(503);
    expect(down.headers.get('content-type')).toMatch(/^text\/html/);
    expect(down.headers.get('retry-after')).toBe('30');
    expect(down.headers.get('x-simulator-fault')).toBe('down');
    expect(await down.text()).toContain('503 Service Temporarily Unavailable');
    expect((await apiParticulierGet(sim, CNOUS, null)).status).toBe(503);
    const other = await apiParticulierGet(sim, MESRI, fc);
    expect(other.status).toBe(200);
    expect(other.headers.get('x-simulator-fault')).toBeNull();
  });

  it('"garbage": 200 with the provider’s content type and a body that is not JSON', async () => {
    sim.setProviderFault('mesri_statut_etudiant', { mode: 'garbage' });
    const response = await apiParticulierGet(sim, MESRI, await token('corse_2a'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('x-simulator-fault')).toBe('garbage');
    const text = await response.text();
    expect(() => JSON.parse(text)).toThrow();
  });

  it('"slow": the normal answer, after the latency asked for (signalled, not timed)', async () => {
    sim.setProviderFault('famille_nombreuse', { mode: 'slow', latencyMs: 25 });
    const response = await bearerGet(`${baseUrl(sim, 'famille-nombreuse')}/v1/carte`, await token('commune_fusionnee'));
    expect(response.status).toBe(200);
    expect(response.headers.get('x-simulator-fault')).toBe('slow');
    expect(response.headers.get('x-simulator-latency')).toBe('25');
    expect(await response.json()).toMatchObject({ est_titulaire: true });
  });

  it('"ok" with latencyMs: the normal answer, delayed', async () => {
    sim.setProviderFault('cnous_boursier', { mode: 'ok', latencyMs: 10 });
    const response = await apiParticulierGet(sim, CNOUS, await token('corse_2a'));
    expect(response.status).toBe(200);
    expect(response.headers.get('x-simulator-latency')).toBe('10');
  });

  it('a provider fault covers all its sources and routes (DGFiP /token included); a source fault wins over it', async () => {
    sim.setProviderFault('api-particulier', { mode: 'garbage' });
    const fc = await token('corse_2a');
    expect((await apiParticulierGet(sim, MESRI, fc)).headers.get('x-simulator-fault')).toBe('garbage');
    expect((await apiParticulierGet(sim, CNOUS, fc)).status).toBe(503);

    sim.setProviderFault('dgfip', { mode: 'down' });
    expect((await dgfipTokenRequest(sim)).status).toBe(503);
    sim.setProviderFault('dgfip', null);
    sim.setProviderFault('impot_particulier', { mode: 'down' });
    const apiToken = await dgfipApiToken(sim);
    expect((await dgfipSituation(sim, incomeYear(1, sim.clock.now()), { apiToken, fcToken: await token('test') })).status).toBe(503);
  });

  it('a fault of either quotient familial source applies to their shared endpoint', async () => {
    sim.setProviderFault('msa_quotient_familial', { mode: 'down' });
    expect((await apiParticulierGet(sim, QF, await token('nom_compose'))).status).toBe(503);
  });

  it('resetProviderFaults clears everything, the start-up fault included', async () => {
    sim.resetProviderFaults();
    expect((await apiParticulierGet(sim, CNOUS, await token('corse_2a'))).status).toBe(200);
  });

  it('rejects an unknown target or mode', () => {
    expect(() => sim.setProviderFault('impots' as never, { mode: 'down' })).toThrow(/unknown fault target/);
    expect(() => sim.setProviderFault('cnam', { mode: 'dead' as never })).toThrow();
  });
});

describe('the loopback test endpoint', () => {
  const endpoint = (path: string) => `${sim.url}/__test/providers${path}`;
  const put = (target: string, body: unknown) =>
    fetch(endpoint(`/${target}/fault`), { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  beforeEach(() => sim.resetProviderFaults());

  it('sets, lists and clears a fault', async () => {
    const set = await put('famille_nombreuse', { mode: 'down' });
    expect(set.status).toBe(200);
    expect(await set.json()).toEqual({ target: 'famille_nombreuse', fault: { mode: 'down' } });
    expect(await (await fetch(endpoint('/faults'))).json()).toEqual({ faults: { famille_nombreuse: { mode: 'down' } } });
    const carte = `${baseUrl(sim, 'famille-nombreuse')}/v1/carte`;
    expect((await bearerGet(carte, await token('commune_fusionnee'))).status).toBe(503);

    expect((await fetch(endpoint('/famille_nombreuse/fault'), { method: 'DELETE' })).status).toBe(204);
    expect((await bearerGet(carte, await token('commune_fusionnee'))).status).toBe(200);
  });

  it('resets every fault with DELETE /faults', async () => {
    await put('cnam', { mode: 'slow', latencyMs: 5 });
    await put('dgfip', { mode: 'garbage' });
    expect((await fetch(endpoint('/faults'), { method: 'DELETE' })).status).toBe(204);
    expect(await (await fetch(endpoint('/faults'))).json()).toEqual({ faults: {} });
  });

  it.each([
    ['an unknown mode', 'cnam', { mode: 'dead' }, 400],
    ['a negative latency', 'cnam', { mode: 'slow', latencyMs: -1 }, 400],
    ['an unknown member', 'cnam', { mode: 'down', when: 'now' }, 400],
    ['an unknown target', 'impots', { mode: 'down' }, 404],
  ])('refuses %s', async (_label, target, body, status) => {
    expect((await put(target, body)).status).toBe(status);
  });

  it('refuses a body that is not JSON', async () => {
    const response = await fetch(endpoint('/cnam/fault'), { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{mode' });
    expect(response.status).toBe(400);
  });
});

describe('closing and switching off', () => {
  it('closes promptly while a slow answer is pending', async () => {
    const local = await startSimulator({ port: 0, providerFaults: { 'famille-nombreuse': { mode: 'slow', latencyMs: 60_000 } } });
    const pending = fetch(`${baseUrl(local, 'famille-nombreuse')}/v1/carte`).then(
      (r) => r.status,
      () => 'connection closed',
    );
    await fetch(`${local.url}/__test/providers/faults`);
    // Whether the slow request is being delayed or still connecting, close() resolves and the request fails.
    await local.close();
    expect(await pending).toBe('connection closed');
  });

  it('serves no provider with providers: false', async () => {
    const local = await startSimulator({ port: 0, providers: false });
    try {
      expect(local.providers).toEqual([]);
      expect((await fetch(`${local.url}/providers/cnam/v1/droits/beneficiaires/me`)).status).toBe(404);
      expect(() => local.setProviderFault('cnam', { mode: 'down' })).toThrow(/off/);
    } finally {
      await local.close();
    }
  });
});
