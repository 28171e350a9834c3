/**
 * Where the extension keeps things.
 *
 * - storage.session (memory only, gone when the browser closes; extension pages and the background
 *   only, never content scripts): the session handle, the identity it returned, the data sources'
 *   answers (GET /api/data), and the last outcome to show (a notice or an error, no personal data).
 * - storage.local (persists): the backend URL and the data sources chosen for the next login (a
 *   preference: ids only). No handle, no identity, no data, ever.
 *
 * Everything read back is parsed: a value that does not match is treated as absent.
 */
import { browser } from 'wxt/browser';
import * as z from 'zod/mini';
import { DataSourceSchema, MAX_CARDS, type DataSource } from './data-api';
import { MeSchema, type Me } from './messages';
import { DEFAULT_BACKEND_URL, normaliseBackendUrl } from './config';

export const KEYS = {
  session: 'pivot.session',
  identity: 'pivot.identity',
  outcome: 'pivot.outcome',
  data: 'pivot.data',
  backendUrl: 'pivot.backendUrl',
  sources: 'pivot.sources',
  /** The tab (and page token) of the last fill and how many fields it wrote: no values. */
  lastFill: 'pivot.lastFill',
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

/** The data sources' answers for the current session, as fetched once (only in storage.session). */
export const StoredDataSchema = z.object({ sources: z.array(DataSourceSchema).check(z.maxLength(MAX_CARDS)), fetchedAt: z.number() });
export type StoredData = z.infer<typeof StoredDataSchema>;

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

  getData: () => read('session', KEYS.data, StoredDataSchema),

  async saveData(sources: DataSource[], now: number): Promise<void> {
    await browser.storage.session.set({ [KEYS.data]: { sources, fetchedAt: now } satisfies StoredData });
  },

  /** Removes the handle and every piece of personal data the extension holds (identity and data sources). */
  async wipeIdentity(): Promise<void> {
    // The undo offer goes too: the next person to log in here must not be offered someone else's.
    await browser.storage.session.remove([KEYS.session, KEYS.identity, KEYS.data, KEYS.lastFill]);
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

/** Source ids: a preference, not personal data. */
const SourceChoiceSchema = z.array(z.string().check(z.regex(/^[a-z0-9_-]{1,40}$/))).check(z.maxLength(32));

export const preferencesStore = {
  /** The data sources chosen for the last login (or last ticked), undefined if never chosen. */
  async getSources(): Promise<string[] | undefined> {
    return read('local', KEYS.sources, SourceChoiceSchema);
  },

  async setSources(sources: readonly string[]): Promise<void> {
    await browser.storage.local.set({ [KEYS.sources]: [...new Set(sources)].slice(0, 32) });
  },
};
