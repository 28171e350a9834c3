import * as client from 'openid-client';
import { startSimulator } from '../../backend/simulator/index';
import { pivotClientAt, reserveServer, startBackend } from '../../test/support/stack';
import { Browser } from '../../test/support/browser';
import { loginForSession, navigate } from '../../test/support/login';
import type { Section } from '../types';

const CONCURRENCY = 4;
const ROUND_MS = 6_000;
const ROUNDS = 2;

/** Runs `flow` with `concurrency` workers for `durationMs`; completed flows per second. */
async function throughput(flow: () => Promise<void>, concurrency: number, durationMs: number): Promise<number> {
  const end = Date.now() + durationMs;
  let done = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < end) {
        await flow();
        done++;
      }
    }),
  );
  return done / ((performance.now() - started) / 1000);
}

/**
 * Full login flows per second: Pivot (scripted client following the HTTP contract: /auth/login →
 * simulator IdP choice and login → /auth/callback → handoff → /auth/exchange) against a bare
 * openid-client relying party doing the same FranceConnect flow (authorize → login → token →
 * userinfo, every signature checked) against the same simulator in the same run.
 */
export const loginSection: Section = {
  id: 'login',
  title: 'Login flows (backend + simulator)',
  budgetMs: 90_000,
  async run({ log }) {
    const reserved = await reserveServer();
    // navigate() stops at <base>/auth/callback; port 9 (discard) is never contacted.
    const rpCallback = 'http://127.0.0.1:9/auth/callback';
    const rp = { client_id: 'bench-bare-rp-'.padEnd(64, '0'), client_secret: 'bench-bare-rp-secret-'.padEnd(64, '1') };
    const simulator = await startSimulator({
      port: 0,
      includeDefaultClient: false,
      clients: [
        pivotClientAt(reserved.url),
        {
          ...rp,
          name: 'Bare openid-client RP',
          redirect_uris: [rpCallback],
          post_logout_redirect_uris: ['http://127.0.0.1:9/bare-rp/logout'],
        },
      ],
    });
    // No data source: the bare RP fetches none either (the data fan-out is measured in fanout.ts).
    // Rate limits off: the bench logs in far faster than any person (it measures throughput).
    const env = { LOG_LEVEL: 'silent', DATA_SOURCES_DEFAULT: 'none', RATE_LIMIT_AUTH: '0', RATE_LIMIT_API: '0' };
    const backend = await startBackend(simulator.issuer, { env }, reserved);
    try {
      const config = await client.discovery(
        new URL(simulator.issuer),
        rp.client_id,
        { client_secret: rp.client_secret, id_token_signed_response_alg: 'ES256', userinfo_signed_response_alg: 'ES256' },
        client.ClientSecretPost(rp.client_secret),
        { execute: [client.allowInsecureRequests] },
      );
      client.enableNonRepudiationChecks(config);

      const pivotFlow = async () => {
        await loginForSession(backend.url);
      };
      const bareFlow = async () => {
        const state = client.randomState();
        const nonce = client.randomNonce();
        const start = client.buildAuthorizationUrl(config, {
          redirect_uri: rpCallback,
          scope: 'openid given_name family_name birthdate gender birthplace birthcountry email preferred_username',
          acr_values: 'eidas1',
          state,
          nonce,
        });
        const outcome = await navigate(new Browser(), start, 'http://127.0.0.1:9/', { stopAtCallback: true });
        if (outcome.kind === 'page' || outcome.kind === 'extension') throw new Error(`bare RP flow ended on ${outcome.url.href}`);
        const tokens = await client.authorizationCodeGrant(config, outcome.url, { expectedState: state, expectedNonce: nonce, idTokenExpected: true });
        await client.fetchUserInfo(config, tokens.access_token, tokens.claims()!.sub);
      };
      // Warm both paths (discovery, JIT) before measuring.
      await pivotFlow();
      await bareFlow();

      const pivot: number[] = [];
      const bare: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        pivot.push(await throughput(pivotFlow, CONCURRENCY, ROUND_MS));
        bare.push(await throughput(bareFlow, CONCURRENCY, ROUND_MS));
        log(`round ${round + 1}: Pivot ${pivot.at(-1)!.toFixed(1)}/s, bare RP ${bare.at(-1)!.toFixed(1)}/s`);
      }
      const best = (values: number[]) => Math.max(...values);
      return {
        title: this.title,
        figures: [
          {
            name: `full login flows per second (${CONCURRENCY} concurrent)`,
            value: best(pivot),
            unit: 'flows/s',
            better: 'higher',
            reference: { name: 'bare openid-client RP, same simulator', value: best(bare) },
            detail: `best of ${ROUNDS} interleaved rounds of ${ROUND_MS / 1000} s`,
          },
        ],
        notes: [
          'Both flows pay for the same simulated FranceConnect journey (IdP choice, login form, consent) parsed with the same scripted browser;',
          'the difference is what the BFF adds: the login state binding, every §6.2 check, the handoff code, the exchange and the session.',
        ],
      };
    } finally {
      await backend.close();
      await simulator.close();
    }
  },
};
