import { z } from 'zod';
import type { AuthenticatedEvent, OnAuthenticated, SourceSelection } from '../auth/routes';
import type { Clock } from '../clock';
import type { Config } from '../config';
import { fr } from '../http/french';
import { HttpError } from '../http/errors';
import type { Logger } from '../log';
import type { Session } from '../sessions/sessions';
import type { JsonValue } from '../sessions/store';
import { resolveProviders } from './config';
import { fanOut, ProviderTokenCache } from './fanout';
import { SOURCES } from './sources/index';
import { type DataSource, isSourceId, SOURCE_IDS, type SourceId, type SourceResult } from './types';

/**
 * The data sources inside the backend: which sources a login asks for (and the scopes that adds
 * to /authorize), the fan-out run in the callback while the access token is valid, and what
 * GET /api/data reads back from the session. The fetched data lives only in the session
 * (`attachments.data`), as plain JSON; nothing of it is logged.
 */

export interface DataService {
  /** The sources this backend offers, in display order. */
  readonly offered: readonly DataSource[];
  /** Parses /auth/login's `sources` (absent = the configured default set); unknown or not offered → 400. */
  select(raw: string | undefined): SourceSelection;
  /** The callback's step: fetch every chosen source in parallel; returns the session attachment. */
  onAuthenticated: OnAuthenticated;
  /** The entries of GET /api/data for a session. */
  read(session: Session): SourceResult[];
}

/** Minimum time left on FranceConnect's access token for a call to be worth starting. */
const TOKEN_MARGIN_MS = 1000;

const factSchema = z.object({
  key: z.string(),
  label: z.string(),
  value: z.union([z.string(), z.number(), z.boolean(), z.null()]),
  type: z.enum(['text', 'euros', 'number', 'date', 'boolean', 'period']),
  fillKey: z.string().optional(),
});
const resultSchema = z.object({
  id: z.string(),
  label: z.string(),
  status: z.enum(['ok', 'not_found', 'not_requested', 'unavailable', 'error']),
  data: z.object({ summary: z.string(), sections: z.array(z.object({ title: z.string(), facts: z.array(factSchema) })) }).optional(),
  error: z.string().optional(),
  fetchedAt: z.string(),
});
const attachmentSchema = z.object({ results: z.array(resultSchema) });

export function createDataService(deps: { config: Readonly<Config>; fetch?: typeof fetch; clock: Clock; logger: Logger }): DataService {
  const { config, clock, logger } = deps;
  const data = config.data;
  const offered = data.offered.map((id) => SOURCES[id]);
  const offeredIds = new Set<string>(data.offered);
  const tokens = new ProviderTokenCache(clock);
  const fetchImpl = deps.fetch ?? fetch;

  function scopesFor(ids: readonly SourceId[]): string[] {
    const scopes = new Set<string>();
    for (const id of ids) {
      for (const scope of SOURCES[id].identityScopes) scopes.add(scope);
      for (const scope of data.scopes[id]) scopes.add(scope);
    }
    return [...scopes];
  }

  return {
    offered,

    select(raw) {
      const words = raw === undefined ? undefined : raw.split(',').filter(Boolean);
      if (words === undefined) return { sources: [...data.defaults], scopes: scopesFor(data.defaults) };
      const unknown = words.find((w) => !isSourceId(w));
      if (unknown !== undefined) {
        throw new HttpError(
          400,
          'invalid_request',
          fr`La source de données « ${unknown} » est inconnue. Sources possibles : ${data.offered.join(', ')}.`,
          { title: fr`Demande de connexion refusée` },
        );
      }
      const notOffered = words.find((w) => !offeredIds.has(w));
      if (notOffered !== undefined) {
        throw new HttpError(
          400,
          'invalid_request',
          fr`La source de données « ${notOffered} » n’est pas proposée par ce service Pivot. Sources possibles : ${data.offered.join(', ') || 'aucune'}.`,
          { title: fr`Demande de connexion refusée` },
        );
      }
      const ids = SOURCE_IDS.filter((id) => words.includes(id));
      return { sources: ids, scopes: scopesFor(ids) };
    },

    async onAuthenticated(event: AuthenticatedEvent) {
      const requested = event.sources.filter((id) => offeredIds.has(id));
      const left = event.accessTokenExpiresAt - Date.now() - TOKEN_MARGIN_MS;
      const results = await fanOut({
        sources: offered,
        requested,
        accessToken: event.accessToken,
        identity: event.identity,
        scopes: data.scopes,
        providers: resolveProviders(data, config.franceConnect.issuer),
        fetch: fetchImpl,
        clock,
        timeoutMs: Math.min(data.timeoutMs, left),
        logger,
        tokens,
        ...(event.correlationId ? { correlationId: event.correlationId } : {}),
      });
      return { data: { results } as unknown as JsonValue };
    },

    read(session) {
      const parsed = attachmentSchema.safeParse(session.attachments?.data);
      const stored = new Map<string, SourceResult>();
      if (parsed.success) for (const r of parsed.data.results) stored.set(r.id, r as SourceResult);
      const requested = new Set(session.sources);
      return offered.map((s): SourceResult => {
        const found = stored.get(s.id);
        if (found) return found;
        // The login's data step did not run to the end (it failed or was cut short).
        if (requested.has(s.id)) {
          return {
            id: s.id,
            label: s.label,
            status: 'unavailable',
            error: fr`Ces données n’ont pas pu être récupérées pendant la connexion.`,
            fetchedAt: session.authenticatedAt,
          };
        }
        return { id: s.id, label: s.label, status: 'not_requested', fetchedAt: session.authenticatedAt };
      });
    },
  };
}
