import type { AuthenticatedEvent } from '../../backend/auth/routes';
import { systemClock } from '../../backend/clock';
import { resolveProviders } from '../../backend/data/config';
import { fanOut, ProviderTokenCache } from '../../backend/data/fanout';
import { SOURCES } from '../../backend/data/sources/index';
import { SOURCE_IDS, type SourceId, type SourceResult } from '../../backend/data/types';
import { silentLogger } from '../../backend/log';
import { startSimulator } from '../../backend/simulator/index';
import { PROVIDER_IDS } from '../../backend/simulator/providers/fixtures/index';
import { defaultProviders, fakeProviders, knownCitizenRoutes, type Route } from '../../test/support/fake-providers';
import { loginForSession } from '../../test/support/login';
import { pivotClientAt, reserveServer, startBackend } from '../../test/support/stack';
import { median } from '../stats';
import type { Section } from '../types';

const LATENCY_MS = 100;
const RUNS = 5;
const LOGIN = 'test';
const LATENCY_ONLY_RUNS = 5;

/** The recorded answers of test/fixtures/data, each after `ms`: providers that cost this process no CPU. */
function latencyOnlyProviders(ms: number) {
  const routes: Record<string, Route> = {};
  for (const [key, route] of Object.entries(knownCitizenRoutes())) {
    routes[key] = (call) => new Promise<Response>((resolve) => setTimeout(() => resolve(route(call)), ms));
  }
  return fakeProviders(routes);
}

/**
 * The data fan-out run in the login callback: the twelve sources against the simulated providers,
 * each provider answering after 100 ms (every request, DGFiP's /token included, and each provider
 * checks the FranceConnect token with the simulator's /checktoken over HTTP). Per run, one real
 * login (a fresh 60 s access token), then, with that token, in alternating order:
 *   - the fan-out as the callback runs it (all sources in parallel),
 *   - the reference: the same source modules one after another,
 *   - each source alone (the slowest of them is the floor a parallel fan-out can reach).
 * Every measurement starts without DGFiP's cached token (two round trips for impot_particulier).
 * One warm-up login and fan-out first, not counted.
 */
export const fanoutSection: Section = {
  id: 'fanout',
  title: `Data fan-out at login (twelve sources, each provider at ${LATENCY_MS} ms)`,
  budgetMs: 90_000,
  async run({ log, deadline }) {
    const reserved = await reserveServer();
    const simulator = await startSimulator({
      port: 0,
      includeDefaultClient: false,
      clients: [
        pivotClientAt(reserved.url),
      ],
      providerFaults: Object.fromEntries(PROVIDER_IDS.map((p) => [p, { mode: 'ok', latencyMs: LATENCY_MS }])),
    });
    let captured: AuthenticatedEvent | undefined;
    // The login asks FranceConnect for every source's scopes; the hook only keeps the token for the runs below.
    const backend = await startBackend(
      simulator.issuer,
      {
        env: { LOG_LEVEL: 'silent' },
        onAuthenticated: async (event) => {
          captured = event;
        },
      },
      reserved,
    );
    try {
      const data = backend.config.data;
      const providers = resolveProviders(data, simulator.issuer);
      const sources = SOURCE_IDS.map((id) => SOURCES[id]);
      const measure = async (event: AuthenticatedEvent, mode: 'parallel' | 'sequential', requested: readonly SourceId[]) => {
        const started = performance.now();
        const results = await fanOut({
          sources,
          requested,
          accessToken: event.accessToken,
          identity: event.identity,
          scopes: data.scopes,
          providers,
          fetch,
          clock: systemClock,
          timeoutMs: data.timeoutMs,
          logger: silentLogger,
          tokens: new ProviderTokenCache(systemClock),
          mode,
        });
        return { ms: performance.now() - started, results };
      };
      const answered = (results: SourceResult[]) => results.filter((r) => r.status === 'ok' || r.status === 'not_found').length;

      // Warm-up (JIT, connections, the simulator's first token checks), not counted.
      captured = undefined;
      await loginForSession(backend.url, { login: LOGIN });
      const warmUp = captured as AuthenticatedEvent | undefined;
      if (warmUp) await measure(warmUp, 'parallel', SOURCE_IDS);

      const parallel: number[] = [];
      const sequential: number[] = [];
      const slowestSingle: number[] = [];
      let slowestId = '';
      let statusLine = '';
      for (let run = 0; run < RUNS && Date.now() < deadline - 15_000; run++) {
        captured = undefined;
        await loginForSession(backend.url, { login: LOGIN });
        const event = captured as AuthenticatedEvent | undefined;
        if (!event) throw new Error('the login did not reach the data step');

        const all = async () => {
          const p = await measure(event, 'parallel', SOURCE_IDS);
          if (answered(p.results) !== SOURCE_IDS.length) throw new Error(`parallel run: only ${answered(p.results)} sources answered`);
          parallel.push(p.ms);
          statusLine = p.results.map((r) => r.status).join(',');
        };
        const oneByOne = async () => {
          const s = await measure(event, 'sequential', SOURCE_IDS);
          if (answered(s.results) !== SOURCE_IDS.length) throw new Error(`sequential run: only ${answered(s.results)} sources answered`);
          sequential.push(s.ms);
        };
        const singles = async () => {
          let max = 0;
          for (const id of SOURCE_IDS) {
            const one = await measure(event, 'parallel', [id]);
            if (one.ms > max) {
              max = one.ms;
              slowestId = id;
            }
          }
          slowestSingle.push(max);
        };
        const order = run % 2 === 0 ? [all, oneByOne, singles] : [singles, oneByOne, all];
        for (const step of order) await step();
        log(
          `run ${run + 1}: parallel ${parallel.at(-1)!.toFixed(0)} ms, one after another ${sequential.at(-1)!.toFixed(0)} ms, ` +
            `slowest single ${slowestSingle.at(-1)!.toFixed(0)} ms (${slowestId})`,
        );
      }
      if (parallel.length === 0) return { title: this.title, figures: [], skipped: 'no time left for a single run' };

      // The same fan-out and source modules against providers that only wait (recorded answers after
      // 100 ms, in this process, no token check): what Pivot's own code adds to the slowest provider.
      const fake = latencyOnlyProviders(LATENCY_MS);
      const fakeProvidersSettings = defaultProviders();
      const fakeEvent = { accessToken: 'bench', identity: { family_name: 'DUBOIS', given_name: 'Angela', gender: 'female', birthdate: '1962-08-24' } };
      const onFake = async (mode: 'parallel' | 'sequential', requested: readonly SourceId[]) => {
        const started = performance.now();
        await fanOut({
          sources,
          requested,
          accessToken: fakeEvent.accessToken,
          identity: fakeEvent.identity,
          scopes: data.scopes,
          providers: fakeProvidersSettings,
          fetch: fake.fetch,
          clock: systemClock,
          timeoutMs: data.timeoutMs,
          logger: silentLogger,
          tokens: new ProviderTokenCache(systemClock),
          mode,
        });
        return performance.now() - started;
      };
      const fakeParallel: number[] = [];
      const fakeSlowest: number[] = [];
      for (let run = 0; run < LATENCY_ONLY_RUNS; run++) {
        fakeParallel.push(await onFake('parallel', SOURCE_IDS));
        let max = 0;
        for (const id of SOURCE_IDS) max = Math.max(max, await onFake('parallel', [id]));
        fakeSlowest.push(max);
      }
      log(`latency-only providers: parallel ${median(fakeParallel).toFixed(0)} ms, slowest single ${median(fakeSlowest).toFixed(0)} ms`);
      const ok = statusLine.split(',').filter((s) => s === 'ok').length;
      return {
        title: this.title,
        figures: [
          {
            name: 'callback → data ready, twelve sources in parallel',
            value: median(parallel),
            unit: 'ms',
            better: 'lower',
            reference: { name: 'the same source modules one after another', value: median(sequential) },
            detail: `median of ${parallel.length} runs`,
          },
          {
            name: 'parallel fan-out against its floor',
            value: median(parallel),
            unit: 'ms',
            better: 'lower',
            reference: { name: 'slowest single source alone', value: median(slowestSingle) },
            detail: `median of ${slowestSingle.length} runs; slowest in the last run: ${slowestId}`,
          },
          {
            name: 'same fan-out, providers that only wait (no CPU of theirs in this process)',
            value: median(fakeParallel),
            unit: 'ms',
            better: 'lower',
            reference: { name: 'slowest single source alone, same providers', value: median(fakeSlowest) },
            detail: `median of ${fakeParallel.length} runs; recorded answers after ${LATENCY_MS} ms`,
          },
        ],
        notes: [
          `Citizen « ${LOGIN} »: ${ok} sources answer with data, the others « not_found » after the same token check; every call is real HTTP to the simulated providers.`,
          'Each provider adds 100 ms to every request; impot_particulier makes two round trips (DGFiP token, then its three income years in parallel), dss_prestations five calls in parallel.',
          'The two quotient familial sources share one call within a fan-out, in both modes.',
          'The simulator, its twelve providers and the backend share this one Node process: the ~21 provider requests of a fan-out each make the provider call /checktoken (JWS signature, JWE encryption and decryption), and that CPU work queues on one thread.',
          'So the parallel fan-out costs the slowest provider plus the providers’ CPU; with providers that only wait (last row), it costs the slowest provider plus a few milliseconds.',
        ],
      };
    } finally {
      await backend.close();
      await simulator.close();
    }
  },
};
