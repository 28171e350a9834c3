// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { failureForStatus, MAX_BODY_BYTES, providerUrl, requestJson } from '../../../../backend/data/http';
import { SourceFailure } from '../../../../backend/data/types';
import { fakeProviders, hang, json, type Route, sourceContext } from '../../../support/fake-providers';

/** One provider call: statuses, bodies and network failures turned into a SourceFailure. */

const schema = z.object({ ok: z.boolean() });

async function outcome(route: Route, signal?: AbortSignal): Promise<unknown> {
  const p = fakeProviders({ 'GET /x': route });
  const ctx = sourceContext(p.fetch, signal ? { signal } : {});
  try {
    return await requestJson(ctx, { provider: 'cnam', url: new URL('http://localhost:3100/x'), headers: {} }, schema);
  } catch (err) {
    if (err instanceof SourceFailure) return { status: err.status, reason: err.reason, message: err.userMessage };
    throw err;
  }
}

describe('requestJson', () => {
  it('returns the validated body', async () => {
    expect(await outcome(() => json({ ok: true, extra: 1 }))).toEqual({ ok: true });
  });

  it.each([
    [404, 'not_found'],
    [401, 'error'],
    [403, 'error'],
    [400, 'error'],
    [409, 'error'],
    [422, 'error'],
    [429, 'unavailable'],
    [500, 'unavailable'],
    [502, 'unavailable'],
    [503, 'unavailable'],
    [504, 'unavailable'],
    [302, 'unavailable'],
  ])('maps HTTP %i to %s', async (status, expected) => {
    expect(await outcome(() => new Response('{}', { status }))).toMatchObject({ status: expected, reason: `http_${status}` });
    expect(failureForStatus('cnam', status).status).toBe(expected);
  });

  it('only not_found comes without a French sentence', async () => {
    for (const status of [401, 403, 422, 429, 503]) expect(failureForStatus('dgfip', status).userMessage).toMatch(/^La DGFiP /);
    expect(failureForStatus('dgfip', 404).userMessage).toBeUndefined();
  });

  it('refuses a body that is not JSON, has the wrong shape, or is too large', async () => {
    expect(await outcome(() => new Response('<html>', { status: 200 }))).toMatchObject({ status: 'unavailable', reason: 'body' });
    expect(await outcome(() => json({ ok: 'yes' }))).toMatchObject({ status: 'unavailable', reason: 'schema:ok' });
    expect(await outcome(() => new Response(null, { status: 200 }))).toMatchObject({ status: 'unavailable', reason: 'body' });
    const huge = `{"ok":true,"pad":"${'x'.repeat(MAX_BODY_BYTES)}"}`;
    expect(await outcome(() => new Response(huge, { status: 200 }))).toMatchObject({ status: 'unavailable', reason: 'body_too_large' });
  });

  it('says timeout when its signal is aborted, network otherwise', async () => {
    const controller = new AbortController();
    const pending = outcome(hang, controller.signal);
    controller.abort();
    expect(await pending).toMatchObject({ status: 'unavailable', reason: 'timeout', message: 'L’Assurance maladie n’a pas répondu à temps.' });
    expect(
      await outcome(() => {
        throw new TypeError('fetch failed');
      }),
    ).toMatchObject({ status: 'unavailable', reason: 'network', message: 'L’Assurance maladie est indisponible pour le moment.' });
  });
});

describe('providerUrl', () => {
  it('keeps the base URL’s path prefix and appends the query in order', () => {
    expect(providerUrl('https://gw.example/prefix/', '/v1/carte', [['a', '1'], ['b[]', 'x y']]).href).toBe(
      'https://gw.example/prefix/v1/carte?a=1&b%5B%5D=x+y',
    );
  });
});
