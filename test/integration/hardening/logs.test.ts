import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../backend/log';
import { exchange, handoffCode, navigate, runLogin } from '../../support/login';
import { type Stack, startStack } from '../../support/stack';

/**
 * The real pino logger at trace level, its lines kept in memory, during a whole journey over real
 * HTTP (login with data sources, /api/me, /api/data, logout): every line carries a request id,
 * and none holds a token, a handle, a code, a state, a cookie or any of the citizen's values.
 */

const lines: string[] = [];
const destination = { write: (line: string) => void lines.push(line) };

/** Every secret or personal value seen during the journey, to look for in the logs. */
const secrets = new Set<string>();
function keep(value: unknown): void {
  if (typeof value === 'string' && value.length >= 4) secrets.add(value);
  if (typeof value === 'number' && Math.abs(value) >= 10_000) secrets.add(String(value));
  if (Array.isArray(value)) value.forEach(keep);
  else if (value && typeof value === 'object') Object.values(value).forEach(keep);
}

let tokensSeen = 0;

/** Records the tokens FranceConnect and the providers hand out (any JSON body of a /token endpoint). */
const recordingFetch: typeof fetch = async (input, init) => {
  const response = await fetch(input, init);
  const url = input instanceof Request ? input.url : String(input);
  if (/\/token(\?|$)/.test(url) && response.ok) {
    const body = (await response.clone().json().catch(() => ({}))) as Record<string, unknown>;
    for (const key of ['access_token', 'id_token', 'refresh_token']) {
      if (typeof body[key] === 'string') tokensSeen++;
      keep(body[key]);
    }
  }
  return response;
};

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ logger: createLogger('trace', { destination }), fetch: recordingFetch });
});
afterAll(async () => {
  await stack?.close();
});

describe('logs', () => {
  const requestId = randomUUID();

  beforeAll(async () => {
    const clientState = `etat-${randomUUID()}`;
    keep(clientState);
    const toCallback = await runLogin(stack.url, { state: clientState, stopAtCallback: true });
    if (toCallback.kind !== 'callback') throw new Error(`login stopped on ${toCallback.kind}`);
    for (const cookie of toCallback.browser.cookies('127.0.0.1')) keep(cookie.value);
    keep(toCallback.url.searchParams.get('code'));
    keep(toCallback.url.searchParams.get('state'));
    const outcome = await navigate(toCallback.browser, toCallback.url, stack.url);
    const code = handoffCode(outcome);
    keep(code);

    const exchanged = (await (await exchange(stack.url, { code })).json()) as { session: string };
    keep(exchanged.session);
    const bearer = { authorization: `Bearer ${exchanged.session}` };

    const me = await fetch(new URL('/api/me', stack.url), { headers: { ...bearer, 'x-request-id': requestId } });
    expect(me.headers.get('x-request-id')).toBe(requestId);
    const identity = ((await me.json()) as { identity: Record<string, unknown> }).identity;
    keep(identity);

    const data = (await (await fetch(new URL('/api/data', stack.url), { headers: bearer })).json()) as {
      sources: { status: string; data?: { sections: { facts: { value: unknown }[] }[] } }[];
    };
    const facts = data.sources.flatMap((s) => s.data?.sections.flatMap((section) => section.facts) ?? []);
    expect(facts.length).toBeGreaterThan(5);
    for (const fact of facts) keep(fact.value);

    const logout = await fetch(new URL('/auth/logout', stack.url), { method: 'POST', headers: bearer });
    expect(logout.status).toBe(200);
    keep(((await logout.json()) as { logoutUrl: string }).logoutUrl);
    // Make sure the values are there to look for: FranceConnect's access and ID tokens, DGFiP's token, claims, data.
    expect(tokensSeen).toBeGreaterThanOrEqual(3);
    expect(secrets.size).toBeGreaterThan(15);
  });

  it('are JSON lines, each with a request id', () => {
    expect(lines.length).toBeGreaterThan(10);
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(parsed.filter((l) => typeof l.reqId !== 'string').map((l) => l.msg)).toEqual([]);
    if (process.env.PIVOT_SHOW_LOGS) console.log(lines.join(''));
  });

  it('follow the caller’s X-Request-Id', () => {
    const mine = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.reqId === requestId);
    expect(mine).toEqual([expect.objectContaining({ event: 'request', method: 'GET', path: '/api/me', status: 200 })]);
  });

  it('never hold a token, a handle, a code, a state, a cookie or a personal value', () => {
    const all = lines.join('\n');
    const leaked = [...secrets].filter((secret) => all.includes(secret) || all.includes(JSON.stringify(secret).slice(1, -1)));
    expect(leaked).toEqual([]);
    expect(all).not.toMatch(/Bearer /i);
    expect(all).not.toContain('?code=');
  });

  it('give the data providers the callback’s request id as correlation id', () => {
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const fanout = parsed.find((l) => l.event === 'data_fanout');
    const callback = parsed.find((l) => l.event === 'request' && l.path === '/auth/callback');
    expect(fanout?.correlationId).toBe(callback?.reqId);
  });
});
