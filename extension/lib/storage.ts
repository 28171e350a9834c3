/**
 * Where the extension keeps things.
 *
 * - storage.session (memory only, gone when the browser closes; extension pages and the background
 *   only, never content scripts): the session handle, the identity it returned, and the last outcome
 *   to show (a notice or an error, no personal data).
 * - storage.local (persists): the backend URL, nothing else. No handle, no identity, ever.
 *
 * Everything read back is parsed: a value that does not match is treated as absent.
 */
import { browser } from 'wxt/browser';
import * as z from 'zod/mini';
import { MeSchema, type Me } from './messages';
import { DEFAULT_BACKEND_URL, normaliseBackendUrl } from './config';

export const KEYS = {
  session: 'pivot.session',
  identity: 'pivot.identity',
  outcome: 'pivot.outcome',
  backendUrl: 'pivot.backendUrl',
} as const;

export const StoredSessionSchema = z.object({
  handle: z.string().check(z.minLength(1)),
  /** The backend that issued the handle: a handle never goes to another backend. */
  backendUrl: z.string(),
  /** Epoch milliseconds. */
  expiresAt: z.number(),
});
export type StoredSession = z.infer<typeof StoredSessionSchema>;

/** Stored with the time it was fetched; only in storage.session. */
export const StoredIdentitySchema = z.object({ me: MeSchema, fetchedAt: z.number() });
export type StoredIdentity = z.infer<typeof StoredIdentitySchema>;

/** The last thing that happened, to show when the popup opens. Codes and French messages only. */
export const OutcomeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.enum(['cancelled', 'logged-out', 'logged-out-locally', 'expired']) }),
  z.object({ kind: z.literal('unreachable'), backendUrl: z.string() }),
  z.object({ kind: z.enum(['fc-error', 'login-error']), code: z.string(), message: z.string() }),
]);
export type Outcome = z.infer<typeof OutcomeSchema>;

async function read<T>(area: 'session' | 'local', key: string, schema: z.ZodMiniType<T>): Promise<T | undefined> {
  const items = await browser.storage[area].get(key);
  const parsed = schema.safeParse(items[key]);
  return parsed.success ? parsed.data : undefined;
}

export const sessionStore = {
  getSession: () => read('session', KEYS.session, StoredSessionSchema),
  getIdentity: () => read('session', KEYS.identity, StoredIdentitySchema),
  getOutcome: () => read('session', KEYS.outcome, OutcomeSchema),

  async saveLogin(session: StoredSession, me: Me, now: number): Promise<void> {
    await browser.storage.session.set({
      [KEYS.session]: session,
      [KEYS.identity]: { me, fetchedAt: now } satisfies StoredIdentity,
    });
    await browser.storage.session.remove(KEYS.outcome);
  },

  async saveIdentity(me: Me, now: number): Promise<void> {
    await browser.storage.session.set({ [KEYS.identity]: { me, fetchedAt: now } satisfies StoredIdentity });
  },

  async setOutcome(outcome: Outcome): Promise<void> {
    await browser.storage.session.set({ [KEYS.outcome]: outcome });
  },

  async clearOutcome(): Promise<void> {
    await browser.storage.session.remove(KEYS.outcome);
  },

  /** Removes the handle and every piece of identity data the extension holds. */
  async wipeIdentity(): Promise<void> {
    await browser.storage.session.remove([KEYS.session, KEYS.identity]);
  },
};

export const configStore = {
  async getBackendUrl(): Promise<string> {
    const stored = await read('local', KEYS.backendUrl, z.string());
    const checked = stored === undefined ? undefined : normaliseBackendUrl(stored);
    return checked?.ok ? checked.url : DEFAULT_BACKEND_URL;
  },

  async setBackendUrl(url: string): Promise<void> {
    if (url === DEFAULT_BACKEND_URL) await browser.storage.local.remove(KEYS.backendUrl);
    else await browser.storage.local.set({ [KEYS.backendUrl]: url });
  },
};
