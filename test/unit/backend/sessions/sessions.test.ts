// @vitest-environment node
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryStore } from '../../../../backend/sessions/memory';
import { KeyDeriver } from '../../../../backend/sessions/secrets';
import { type SessionData, SessionService } from '../../../../backend/sessions/sessions';
import { FakeClock } from '../../../support/fake-clock';

const clock = new FakeClock();
const store = new MemoryStore({ clock });
const sessions = new SessionService({ store, keys: new KeyDeriver(undefined), clock, idleTimeoutSeconds: 600, maxAgeSeconds: 3600 });
afterAll(async () => {
  await store.close();
});

const data = (accessTokenExpiresAt: number): SessionData => ({
  identity: { sub: 'abc', family_name: 'DUBOIS' },
  acr: 'eidas1',
  authenticatedAt: new Date(clock.now()).toISOString(),
  issuer: 'http://localhost:3100/api/v2',
  idToken: 'header.payload.signature',
  accessToken: 'a'.repeat(43),
  accessTokenExpiresAt,
  sources: [],
});

describe('SessionService', () => {
  it('hands out 256-bit handles and keeps only their HMAC', async () => {
    const { handle, expiresIn } = await sessions.create(data(Date.now() + 60_000));
    expect(handle).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(expiresIn).toBe(600);
    expect(await store.get(`session:${handle}`)).toBeUndefined();
  });

  it('keeps the access token while it can be revoked, drops it once expired', async () => {
    const fresh = await sessions.create(data(Date.now() + 60_000));
    expect((await sessions.use(fresh.handle))?.accessToken).toBe('a'.repeat(43));
    const stale = await sessions.create(data(Date.now() - 1));
    expect(await sessions.use(stale.handle)).not.toHaveProperty('accessToken');
    expect(await sessions.revoke(stale.handle)).not.toHaveProperty('accessToken');
  });

  it('a logout wins over a concurrent use', async () => {
    const { handle } = await sessions.create(data(Date.now() + 60_000));
    const [, revoked] = await Promise.all([sessions.use(handle), sessions.revoke(handle)]);
    expect(revoked?.identity.family_name).toBe('DUBOIS');
    expect(await sessions.use(handle)).toBeUndefined();
  });

  it('refuses malformed handles without asking the store', async () => {
    expect(await sessions.use('short')).toBeUndefined();
    expect(await sessions.revoke('x'.repeat(44))).toBeUndefined();
  });
});
