import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceResult } from '../../../backend/data/types';
import { CITIZENS } from '../../../backend/simulator/citizens/data';
import { getData } from '../../support/data';
import { exchange, getMe, handoffCode, loginForSession, runLogin } from '../../support/login';
import { cleanPrefix, keysUnder, rawClient, redisEnv, SHARED_REDIS_URL, ThrowawayRedis, uniquePrefix } from '../../support/redis';
import { type Cluster, startCluster } from '../../support/stack';

/**
 * Several stateless backend instances sharing their sessions in Redis (issue 7), over real HTTP:
 * whatever instance a request reaches, it finds the login, the handoff code and the session the
 * others wrote; one instance stopping costs nothing; Redis going away gives clear 503s, and its
 * return needs no restart.
 */

const ACCOUNTS = ['test', 'conjoint', 'prenom_avec_espace', 'nom_usage', 'nom_compose'];
const emailOf = (login: string) => CITIZENS.find((c) => c.login === login)!.email;

async function me(url: string, session: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await getMe(url, session);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

function logout(url: string, session: string): Promise<Response> {
  return fetch(new URL('/auth/logout', url), { method: 'POST', headers: { authorization: `Bearer ${session}` } });
}

describe('two instances sharing the system Redis', () => {
  const prefix = uniquePrefix('multi-instance');
  let cluster: Cluster;
  let raw: Redis;
  let a: string;
  let b: string;

  beforeAll(async () => {
    raw = rawClient();
    cluster = await startCluster({ instances: 2, env: { ...redisEnv(SHARED_REDIS_URL, prefix), DATA_SOURCES_DEFAULT: 'none' } });
    [a, b] = cluster.backends.map((backend) => backend.url) as [string, string];
  });
  afterAll(async () => {
    await cluster?.close();
    await cleanPrefix(raw, prefix);
    raw.disconnect();
  });

  it('serves through B the identity and data of a login made through A, and logs out through either', async () => {
    const { session } = await loginForSession(a, { login: 'test', sources: 'cnam_ij' });
    const fromB = await me(b, session);
    expect(fromB.status).toBe(200);
    expect((fromB.body.identity as Record<string, unknown>).email).toBe(emailOf('test'));
    expect((await me(a, session)).status).toBe(200);

    const data = await getData(b, session);
    expect(data.status).toBe(200);
    const sources = ((await data.json()) as { sources: SourceResult[] }).sources;
    expect(sources.find((s) => s.id === 'cnam_ij')?.status).toBe('ok');

    expect((await logout(b, session)).status).toBe(200);
    expect((await me(a, session)).status).toBe(401);
    expect((await me(b, session)).status).toBe(401);
    expect((await logout(a, session)).status).toBe(401);
  });

  it('exchanges a handoff code minted by A once, at B; a second exchange fails at either instance', async () => {
    const code = handoffCode(await runLogin(a, { login: 'conjoint' }));
    const first = await exchange(b, { code });
    expect(first.status).toBe(200);
    const { session } = (await first.json()) as { session: string };
    for (const url of [a, b]) {
      const again = await exchange(url, { code });
      expect(again.status).toBe(400);
      expect(((await again.json()) as { error: string }).error).toBe('invalid_grant');
    }
    expect((await me(a, session)).status).toBe(200);
  });

  it('gives one session for a handoff code exchanged 10 times at once across both instances', async () => {
    const code = handoffCode(await runLogin(b, { login: 'nom_usage' }));
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => exchange(i % 2 ? a : b, { code })));
    expect(answers.map((r) => r.status).sort()).toEqual([200, ...Array(9).fill(400)]);
    await Promise.all(answers.map((r) => r.arrayBuffer()));
  });

  it('keeps 10 concurrent logins across both instances apart: each sees its own identity, on both', async () => {
    const logins = Array.from({ length: 10 }, (_, i) => ({ login: ACCOUNTS[i % ACCOUNTS.length]!, via: i % 2 ? a : b, other: i % 2 ? b : a }));
    const sessions = await Promise.all(logins.map(async (l) => ({ ...l, session: (await loginForSession(l.via, { login: l.login })).session })));
    expect(new Set(sessions.map((s) => s.session)).size).toBe(10);
    const seen = await Promise.all(
      sessions.flatMap((s) => [s.via, s.other].map(async (url) => ({ expected: emailOf(s.login), got: await me(url, s.session) }))),
    );
    for (const { expected, got } of seen) {
      expect(got.status).toBe(200);
      expect((got.body.identity as Record<string, unknown>).email).toBe(expected);
    }
  });

  it('keeps nothing in clear in Redis, and only HMAC-derived keys under its prefix', async () => {
    const { session } = await loginForSession(a, { login: 'test' });
    // Rate-limit counters share the prefix: a count per HMAC of the client address, nothing about a citizen.
    for (const key of await keysUnder(raw, `${prefix}ratelimit:`)) {
      expect(key).toMatch(new RegExp(`^${prefix}ratelimit:(auth|api):[A-Za-z0-9_-]{43}$`));
      expect(key).not.toContain('127.0.0.1');
      expect(await raw.get(key)).toMatch(/^\d+$/);
    }
    const keys = (await keysUnder(raw, prefix)).filter((key) => !key.startsWith(`${prefix}ratelimit:`));
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      expect(key).toMatch(new RegExp(`^${prefix}(session|login|handoff|logout):[A-Za-z0-9_-]{43}$`));
      expect(key).not.toContain(session);
      const value = (await raw.get(key)) ?? '';
      // Expiry and base64 only: no JSON, no JWT (no dots), no claim.
      expect(value).toMatch(/^v1:\d+:[A-Za-z0-9+/=]+$/);
      for (const clear of ['DUBOIS', 'Angela', 'angela.dubois', session]) expect(value).not.toContain(clear);
    }
  });

  it('never logs a handle, a handoff code or a claim on either instance', async () => {
    const code = handoffCode(await runLogin(a, { login: 'test' }));
    const { session } = (await (await exchange(b, { code })).json()) as { session: string };
    await me(a, session);
    for (const backend of cluster.backends) {
      const dump = backend.logs.dump();
      for (const secret of [session, code, 'DUBOIS', 'angela.dubois']) expect(dump).not.toContain(secret);
    }
  });
});

describe('two instances behind a load balancer without stickiness', () => {
  const prefix = uniquePrefix('balanced');
  let cluster: Cluster;
  let raw: Redis;

  beforeAll(async () => {
    raw = rawClient();
    cluster = await startCluster({ instances: 2, balancer: true, env: { ...redisEnv(SHARED_REDIS_URL, prefix), DATA_SOURCES_DEFAULT: 'none' } });
  });
  afterAll(async () => {
    await cluster?.close();
    await cleanPrefix(raw, prefix);
    raw.disconnect();
  });

  it('completes logins whose steps land on alternating instances, then keeps serving every session when one instance stops', async () => {
    const lb = cluster.balancer!;
    const sessions: { login: string; session: string }[] = [];
    for (const login of ACCOUNTS) sessions.push({ login, session: (await loginForSession(lb.url, { login })).session });
    // /auth/login, /auth/callback and /auth/exchange of each login: spread over both instances.
    expect(lb.hits.every((n) => n > 0)).toBe(true);
    for (const s of sessions) {
      for (let i = 0; i < 2; i++) expect(((await me(lb.url, s.session)).body.identity as Record<string, unknown>).email).toBe(emailOf(s.login));
    }

    await cluster.backends[0]!.close();
    const hitsBefore = [...lb.hits];
    for (const s of sessions) {
      for (let i = 0; i < 2; i++) {
        const answer = await me(lb.url, s.session);
        expect(answer.status).toBe(200);
        expect((answer.body.identity as Record<string, unknown>).email).toBe(emailOf(s.login));
      }
      expect((await me(cluster.backends[1]!.url, s.session)).status).toBe(200);
    }
    expect(lb.hits[0]).toBe(hitsBefore[0]);
    // New logins and logouts go on through the survivor.
    const late = await loginForSession(lb.url, { login: 'nom_compose' });
    expect((await me(lb.url, late.session)).status).toBe(200);
    expect((await logout(lb.url, sessions[0]!.session)).status).toBe(200);
    expect((await me(lb.url, sessions[0]!.session)).status).toBe(401);
  });
});

describe('Redis going away while two instances run', () => {
  const prefix = uniquePrefix('redis-outage');
  let redis: ThrowawayRedis;
  let cluster: Cluster;
  let a: string;
  let b: string;

  beforeAll(async () => {
    redis = await ThrowawayRedis.start();
    cluster = await startCluster({ instances: 2, env: { ...redisEnv(redis.url, prefix, 300), DATA_SOURCES_DEFAULT: 'none' } });
    [a, b] = cluster.backends.map((backend) => backend.url) as [string, string];
  });
  afterAll(async () => {
    await cluster?.close();
    await redis?.stop();
  });

  async function expectUnavailable(response: Response): Promise<void> {
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(await response.json()).toEqual({ error: 'session_store_unavailable', message: expect.stringContaining('indisponible') });
  }

  /** The instance answers /api/me with something other than 503 (the client reconnected on its own). */
  async function untilServing(url: string, session: string): Promise<number> {
    for (;;) {
      const response = await getMe(url, session);
      await response.arrayBuffer();
      if (response.status !== 503) return response.status;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it('answers 503 while Redis does not answer, and serves the same sessions again once it does', async () => {
    const { session } = await loginForSession(a, { login: 'test' });
    expect((await me(b, session)).status).toBe(200);

    redis.freeze();
    for (const url of [a, b]) {
      await expectUnavailable(await getMe(url, session));
      await expectUnavailable(await getData(url, session));
      await expectUnavailable(await exchange(url, { code: 'x'.repeat(43) }));
      // (No logout here: a command that timed out on our side still runs when Redis wakes up.)
      // The process itself is fine: /health answers.
      expect((await fetch(new URL('/health', url))).status).toBe(200);
    }
    // A login started now goes back to the extension with an error it can show, not a hanging window.
    const outcome = await runLogin(a, { login: 'test' });
    expect(outcome.kind).toBe('extension');
    expect(outcome.kind === 'extension' && outcome.url.searchParams.get('error')).toBe('server_error');

    redis.thaw();
    expect(await untilServing(a, session)).toBe(200);
    expect(await untilServing(b, session)).toBe(200);
    const fresh = await loginForSession(b, { login: 'conjoint' });
    expect((await me(a, fresh.session)).status).toBe(200);
  });

  it('answers 503 while Redis is down, then, after a restart that lost the sessions, 401 for them and new logins work without restarting Pivot', async () => {
    const { session } = await loginForSession(b, { login: 'nom_usage' });
    await redis.stop();
    for (const url of [a, b]) {
      await expectUnavailable(await getMe(url, session));
      await expectUnavailable(await logout(url, session));
      expect((await fetch(new URL('/health', url))).status).toBe(200);
    }

    await redis.start();
    // No persistence: the session is gone; the answer says so (401), it is not an error.
    expect(await untilServing(a, session)).toBe(401);
    expect(await untilServing(b, session)).toBe(401);
    const fresh = await loginForSession(a, { login: 'nom_compose' });
    expect((await me(b, fresh.session)).status).toBe(200);
    expect(cluster.backends.every((backend) => backend.logs.events('store_unavailable').length > 0)).toBe(true);
  });
});
