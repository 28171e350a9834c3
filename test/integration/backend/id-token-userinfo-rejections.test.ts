import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MemoryStore } from '../../../backend/sessions/memory';
import { type HostileProvider, type Scenario, startHostileProvider } from '../../support/hostile-provider';
import { CHROME_REDIRECT, exchange, getMe, handoffCode, type LoginOutcome, runLogin } from '../../support/login';
import { type RunningTestBackend, startBackend, TEST_CLIENT } from '../../support/stack';

/**
 * Every check of franceconnect.md §6.2 that needs FranceConnect itself to misbehave, against a
 * hostile provider (test/support/hostile-provider.ts) over real HTTP: each forged answer must end
 * the login with an error redirect to the extension, no handoff code, no session, and a log line
 * naming the check that failed.
 */

let provider: HostileProvider;
let backend: RunningTestBackend;
let store: MemoryStore;

beforeAll(async () => {
  provider = await startHostileProvider({ clientId: TEST_CLIENT.client_id, clientSecret: TEST_CLIENT.client_secret });
  store = new MemoryStore();
  backend = await startBackend(provider.issuer, { store });
});
afterAll(async () => {
  await backend?.close();
  await provider?.close();
});
beforeEach(() => {
  provider.scenario = {};
});

const now = () => Math.floor(Date.now() / 1000);

async function expectRejected(scenario: Scenario, error: string, reason: string): Promise<LoginOutcome> {
  provider.scenario = scenario;
  const entriesBefore = store.size;
  const outcome = await runLogin(backend.url, { state: 'client-state-42' });
  expect(outcome.kind).toBe('extension');
  if (outcome.kind !== 'extension') throw new Error('unreachable');
  expect(outcome.url.origin + outcome.url.pathname).toBe(CHROME_REDIRECT);
  expect(outcome.url.searchParams.get('code')).toBeNull();
  expect(outcome.url.searchParams.get('error')).toBe(error);
  expect(outcome.url.searchParams.get('error_description')).toMatch(/[a-zà-ÿ’]+ /i);
  expect(outcome.url.searchParams.get('state')).toBe('client-state-42');
  expect(backend.logs.lastRejection()).toEqual({ error, reason });
  // The login state was consumed and nothing (handoff code, session) was left behind.
  expect(store.size).toBe(entriesBefore);
  return outcome;
}

describe('a faithful provider (control)', () => {
  it('logs in, so every rejection below is caused by its forgery alone', async () => {
    const outcome = await runLogin(backend.url, { state: 'client-state-42' });
    const code = handoffCode(outcome);
    const response = await exchange(backend.url, { code });
    expect(response.status).toBe(200);
    const { session } = (await response.json()) as { session: string };
    const me = await getMe(backend.url, session);
    expect(me.status).toBe(200);
    expect(((await me.json()) as { identity: { family_name: string } }).identity.family_name).toBe('DUBOIS');
  });

  it('sends FranceConnect exactly the parameters its /authorize whitelist allows', async () => {
    await runLogin(backend.url);
    const params = provider.authorizeRequests.at(-1);
    expect([...(params?.keys() ?? [])].sort()).toEqual(
      ['acr_values', 'client_id', 'nonce', 'redirect_uri', 'response_type', 'scope', 'state'].sort(),
    );
    expect(params?.get('response_type')).toBe('code');
    expect(params?.get('acr_values')).toBe('eidas1');
    expect(params?.get('redirect_uri')).toBe(`${backend.url}/auth/callback`);
    expect(params?.get('scope')?.split(' ')).toContain('openid');
    expect(params?.get('state')?.length).toBeGreaterThanOrEqual(22);
    expect(params?.get('nonce')?.length).toBeGreaterThanOrEqual(22);
  });

  it('authenticates to the token endpoint with client_secret_post, without PKCE', async () => {
    await runLogin(backend.url);
    const body = provider.tokenRequests.at(-1);
    expect(body?.get('client_id')).toBe(TEST_CLIENT.client_id);
    expect(body?.get('client_secret')).toBe(TEST_CLIENT.client_secret);
    expect(body?.get('grant_type')).toBe('authorization_code');
    expect(body?.get('redirect_uri')).toBe(`${backend.url}/auth/callback`);
    expect(body?.has('code_verifier')).toBe(false);
  });
});

describe('authorization response', () => {
  it('refuses a redirect whose iss is another issuer (mix-up)', async () => {
    await expectRejected({ authorizeRedirect: { iss: 'https://evil.example.org/api/v2' } }, 'invalid_authorization_response', 'authorization_response.iss');
  });

  it('refuses a redirect without iss', async () => {
    await expectRejected({ authorizeRedirect: { iss: undefined } }, 'invalid_authorization_response', 'authorization_response.iss_missing');
  });

  it('refuses an error redirect that claims to come from another issuer', async () => {
    await expectRejected(
      { authorizeRedirect: { code: undefined, error: 'access_denied', iss: 'https://evil.example.org/api/v2' } },
      'invalid_authorization_response',
      'authorization_response.iss',
    );
  });

  it('explains FranceConnect’s own error in plain French', async () => {
    const outcome = await expectRejected(
      { authorizeRedirect: { code: undefined, error: 'access_denied', error_description: 'User auth aborted' } },
      'access_denied',
      'provider.access_denied',
    );
    if (outcome.kind !== 'extension') throw new Error('unreachable');
    expect(outcome.url.searchParams.get('error_description')).toMatch(/Vous avez annulé la connexion avec FranceConnect/);
  });

  it('maps an unknown or malformed provider error to a safe code', async () => {
    await expectRejected({ authorizeRedirect: { code: undefined, error: '<b>boom</b>' } }, 'server_error', 'provider.server_error');
  });

  it('reports a code FranceConnect refuses at the token endpoint', async () => {
    await expectRejected({ tokenError: 'invalid_grant' }, 'token_rejected', 'token.invalid_grant');
  });
});

describe('ID token', () => {
  it('refuses a wrong nonce', async () => {
    await expectRejected({ idToken: { claims: { nonce: 'n'.repeat(43) } } }, 'invalid_id_token', 'id_token.nonce');
  });

  it('refuses a missing nonce', async () => {
    await expectRejected({ idToken: { claims: { nonce: undefined } } }, 'invalid_id_token', 'id_token.nonce');
  });

  it('refuses an expired ID token', async () => {
    await expectRejected({ idToken: { claims: { iat: now() - 600, exp: now() - 540 } } }, 'invalid_id_token', 'id_token.exp');
  });

  it('refuses an ID token issued in the future', async () => {
    await expectRejected({ idToken: { claims: { iat: now() + 3600, exp: now() + 3660 } } }, 'invalid_id_token', 'id_token.iat');
  });

  it('refuses another audience', async () => {
    await expectRejected({ idToken: { claims: { aud: 'another-client' } } }, 'invalid_id_token', 'id_token.aud');
  });

  it('refuses extra audiences even when azp names us', async () => {
    await expectRejected(
      { idToken: { claims: { aud: [TEST_CLIENT.client_id, 'another-client'], azp: TEST_CLIENT.client_id } } },
      'invalid_id_token',
      'id_token.aud',
    );
  });

  it('refuses an azp naming another client', async () => {
    await expectRejected({ idToken: { claims: { azp: 'another-client' } } }, 'invalid_id_token', 'id_token.azp');
  });

  it('refuses another issuer', async () => {
    await expectRejected({ idToken: { claims: { iss: 'https://evil.example.org/api/v2' } } }, 'invalid_id_token', 'id_token.iss');
  });

  it('refuses alg none', async () => {
    await expectRejected({ idToken: { signer: 'none' } }, 'invalid_id_token', 'id_token.alg');
  });

  it('refuses HS256 signed with the client secret', async () => {
    await expectRejected({ idToken: { signer: 'hs256-client-secret' } }, 'invalid_id_token', 'id_token.alg');
  });

  it('refuses RS256 when ES256 is the registered algorithm', async () => {
    await expectRejected({ idToken: { signer: 'rs256' } }, 'invalid_id_token', 'id_token.alg');
  });

  it('refuses a signature by a key FranceConnect does not publish', async () => {
    await expectRejected({ idToken: { signer: 'attacker-es256' } }, 'invalid_id_token', 'id_token.signature');
  });

  it('refuses a payload changed after signing', async () => {
    await expectRejected({ idToken: { tamperPayload: { sub: 'someone-else' } } }, 'invalid_id_token', 'id_token.signature');
  });

  it('refuses an acr other than eidas1', async () => {
    await expectRejected({ idToken: { claims: { acr: 'eidas2' } } }, 'insufficient_acr', 'id_token.acr');
  });

  it('refuses a missing acr', async () => {
    await expectRejected({ idToken: { claims: { acr: undefined } } }, 'insufficient_acr', 'id_token.acr');
  });
});

describe('userinfo', () => {
  it('refuses an unsigned (plain JSON) userinfo', async () => {
    await expectRejected({ userinfo: { format: 'json' } }, 'invalid_userinfo', 'userinfo.unsigned');
  });

  it('refuses alg none', async () => {
    await expectRejected({ userinfo: { signer: 'none' } }, 'invalid_userinfo', 'userinfo.alg');
  });

  it('refuses HS256 signed with the client secret', async () => {
    await expectRejected({ userinfo: { signer: 'hs256-client-secret' } }, 'invalid_userinfo', 'userinfo.alg');
  });

  it('refuses a signature by a key FranceConnect does not publish', async () => {
    await expectRejected({ userinfo: { signer: 'attacker-es256' } }, 'invalid_userinfo', 'userinfo.signature');
  });

  it('refuses a payload changed after signing', async () => {
    await expectRejected({ userinfo: { tamperPayload: { family_name: 'MALLORY' } } }, 'invalid_userinfo', 'userinfo.signature');
  });

  it('refuses a sub different from the ID token’s', async () => {
    await expectRejected({ userinfo: { claims: { sub: 'c'.repeat(64) } } }, 'invalid_userinfo', 'userinfo.sub');
  });

  it('refuses another audience', async () => {
    await expectRejected({ userinfo: { claims: { aud: 'another-client' } } }, 'invalid_userinfo', 'userinfo.aud');
  });

  it('refuses a missing audience', async () => {
    await expectRejected({ userinfo: { claims: { aud: undefined } } }, 'invalid_userinfo', 'userinfo.aud');
  });

  it('refuses another issuer', async () => {
    await expectRejected({ userinfo: { claims: { iss: 'https://evil.example.org/api/v2' } } }, 'invalid_userinfo', 'userinfo.iss');
  });

  it('refuses a missing issuer', async () => {
    await expectRejected({ userinfo: { claims: { iss: undefined } } }, 'invalid_userinfo', 'userinfo.iss');
  });

  it('refuses an expired userinfo', async () => {
    await expectRejected({ userinfo: { claims: { iat: now() - 600, exp: now() - 540 } } }, 'invalid_userinfo', 'userinfo.exp');
  });
});

describe('RS256 when configured', () => {
  let rsBackend: RunningTestBackend;
  beforeAll(async () => {
    rsBackend = await startBackend(provider.issuer, { env: { FC_SIGNING_ALG: 'RS256' } });
  });
  afterAll(async () => {
    await rsBackend?.close();
  });

  it('accepts RS256-signed ID token and userinfo', async () => {
    provider.scenario = { idToken: { signer: 'rs256' }, userinfo: { signer: 'rs256' } };
    expect(handoffCode(await runLogin(rsBackend.url))).toMatch(/^[\w-]{43}$/);
  });

  it('then refuses ES256', async () => {
    provider.scenario = { idToken: { signer: 'es256' }, userinfo: { signer: 'rs256' } };
    const outcome = await runLogin(rsBackend.url);
    expect(outcome.kind === 'extension' && outcome.url.searchParams.get('error')).toBe('invalid_id_token');
    expect(rsBackend.logs.lastRejection()).toEqual({ error: 'invalid_id_token', reason: 'id_token.alg' });
  });
});
