// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { resolveAcr, withAuthTime } from '../../../backend/simulator/authorize.js';
import { createClock } from '../../../backend/simulator/clock.js';
import { createMemoryAdapterFactory } from '../../../backend/simulator/adapter.js';
import { runtimeErrorCode } from '../../../backend/simulator/errors.js';

describe('acr_values as FranceConnect low reads them', () => {
  it.each([
    ['eidas1', 'eidas1', true],
    ['', 'eidas1', true],
    ['unknown', 'eidas1', true],
    ['eidas2 eidas1', 'eidas1', true],
    ['eidas2', 'eidas2', false],
    ['eidas3 eidas2', 'eidas2', false],
    ['eidas3 something', 'eidas3', false],
  ])('%j → %s (allowed: %s)', (input, acr, allowed) => {
    expect(resolveAcr(input)).toEqual({ acr, allowed });
  });
});

describe('claims forwarded to oidc-provider', () => {
  it('always ask for auth_time and keep what the service provider asked', () => {
    expect(JSON.parse(withAuthTime(undefined) ?? '')).toEqual({ id_token: { auth_time: { essential: true } } });
    expect(JSON.parse(withAuthTime('{"id_token":{"amr":{"essential":true}}}') ?? '')).toEqual({
      id_token: { amr: { essential: true }, auth_time: { essential: true } },
    });
  });

  it('leave malformed claims for oidc-provider to refuse', () => {
    expect(withAuthTime('{not json')).toBe('{not json');
    expect(withAuthTime('[1]')).toBe('[1]');
  });
});

describe('simulator clock and storage', () => {
  it('expires stored entries on simulated time', async () => {
    let now = 1_000_000;
    const clock = createClock(() => now);
    const Adapter = createMemoryAdapterFactory(clock);
    const codes = new Adapter('AuthorizationCode');
    await codes.upsert('code-1', { grantId: 'g1' }, 30);
    clock.advance(29);
    expect(await codes.find('code-1')).toEqual({ grantId: 'g1' });
    clock.advance(1);
    expect(await codes.find('code-1')).toBeUndefined();
    now += 0; // the base clock is only read, never changed
  });

  it('marks consumed entries, revokes by grant and finds by uid', async () => {
    const clock = createClock(() => 0);
    const Adapter = createMemoryAdapterFactory(clock);
    const tokens = new Adapter('AccessToken');
    const sessions = new Adapter('Session');
    await tokens.upsert('t1', { grantId: 'g1' }, 60);
    await tokens.upsert('t2', { grantId: 'g2' }, 60);
    await tokens.consume('t2');
    expect((await tokens.find('t2'))?.consumed).toBe(0);
    await tokens.revokeByGrantId('g1');
    expect(await tokens.find('t1')).toBeUndefined();
    await sessions.upsert('s1', { uid: 'u1' }, 60);
    expect(await sessions.findByUid('u1')).toEqual({ uid: 'u1' });
    await sessions.destroy('s1');
    expect(await sessions.findByUid('u1')).toBeUndefined();
  });

  it('only moves forward', () => {
    const clock = createClock(() => 0);
    expect(() => clock.advance(-1)).toThrow(RangeError);
    expect(() => clock.advance(Number.NaN)).toThrow(RangeError);
    clock.advance(1.5);
    expect(clock.now()).toBe(1500);
  });
});

describe('error codes', () => {
  it('use FranceConnect’s codes when known, a stable Y04 digest otherwise', () => {
    expect(runtimeErrorCode('invalid_client', 'client authentication failed (invalid secret provided)')).toBe('Y0434A7B');
    expect(runtimeErrorCode('invalid_request', 'post_logout_redirect_uri not registered')).toBe('Y04CFAEF');
    const code = runtimeErrorCode('invalid_request', 'something else');
    expect(code).toMatch(/^Y04[0-9A-F]{5}$/);
    expect(runtimeErrorCode('invalid_request', 'something else')).toBe(code);
  });
});
