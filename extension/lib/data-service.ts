/**
 * The background's side of « Mes données »: reads GET /api/data once per session with the handle it
 * holds, keeps the answer in storage.session next to the identity (wiped with it at logout, expiry
 * or change of backend), and answers `data/get` from there. The backend fetched the data at login
 * and never fetches it again, so there is nothing to refresh. `data/offered` asks the configured
 * backend which sources it offers (GET /api/sources), for the choice before login.
 */
import { BackendUnreachableError, createBackendClient, SessionRejectedError, type Fetch } from './backend-client';
import type { DataReply, DataService, OfferedReply } from './data-messages';
import { sessionState } from './session-machine';
import { configStore, sessionStore } from './storage';

export interface DataServiceOptions {
  fetch?: Fetch;
  now?: () => number;
  /** Called when the session turned out to be over (the popup should show it). */
  onChange?: () => void;
}

const MESSAGES = {
  'logged-out': 'Connectez-vous avec FranceConnect pour voir vos données.',
  expired: 'Votre session a expiré. Reconnectez-vous pour voir vos données.',
  unreachable: 'Le serveur Pivot ne répond pas. Réessayez dans quelques instants.',
  backend: 'Le serveur Pivot n’a pas pu transmettre vos données.',
  offered: 'Le serveur Pivot n’a pas dit quelles sources de données il propose.',
} as const;

/** GET /api/sources is asked while the popup opens: do not keep it waiting long. */
const OFFERED_TIMEOUT_MS = 3000;

function failure(code: keyof typeof MESSAGES): { ok: false; error: { code: string; message: string } } {
  return { ok: false, error: { code, message: MESSAGES[code] } };
}

export function createDataService(options: DataServiceOptions = {}): DataService {
  const now = options.now ?? (() => Date.now());

  return {
    async get(): Promise<DataReply> {
      const [session, backendUrl] = await Promise.all([sessionStore.getSession(), configStore.getBackendUrl()]);
      if (sessionState({ session, backendUrl, now: now() }) !== 'valid' || !session) return failure('logged-out');
      const stored = await sessionStore.getData();
      if (stored) return { ok: true, sources: stored.sources };
      try {
        const { sources } = await createBackendClient({ baseUrl: session.backendUrl, fetch: options.fetch }).getData(session.handle);
        // Keep it only if the session is still the one we asked for (no logout or new login meanwhile).
        if ((await sessionStore.getSession())?.handle === session.handle) await sessionStore.saveData(sources, now());
        return { ok: true, sources };
      } catch (error) {
        if (error instanceof SessionRejectedError) {
          if ((await sessionStore.getSession())?.handle === session.handle) {
            await sessionStore.wipeIdentity();
            await sessionStore.setOutcome({ kind: 'expired' });
            options.onChange?.();
          }
          return failure('expired');
        }
        if (error instanceof BackendUnreachableError) return failure('unreachable');
        return failure('backend');
      }
    },

    async offered(): Promise<OfferedReply> {
      const baseUrl = await configStore.getBackendUrl();
      try {
        return { ok: true, sources: await createBackendClient({ baseUrl, fetch: options.fetch, timeoutMs: OFFERED_TIMEOUT_MS }).offeredSources() };
      } catch (error) {
        return error instanceof BackendUnreachableError ? failure('unreachable') : { ok: false, error: { code: 'backend', message: MESSAGES.offered } };
      }
    },
  };
}
