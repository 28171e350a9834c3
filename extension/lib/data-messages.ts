/**
 * The `data/*` messages: an extension page asks the background for the citizen's data (GET /api/data,
 * held by the background), or for the sources the backend offers (GET /api/sources, before login). Parsed with zod at each receiving end, like `session/*`; accepted from the
 * extension's own pages only, never from content scripts or web pages.
 */
import * as z from 'zod/mini';
import type { Browser } from 'wxt/browser';
import { isExtensionPage } from './background-messages';
import { DataSourceSchema, MAX_CARDS } from './data-api';
import { DATA_SOURCE_IDS } from './sources';

const text = (max: number) => z.string().check(z.maxLength(max));

export const DataRequestSchema = z.discriminatedUnion('type', [
  /** The data of the current session: from memory if already fetched, else from the backend once. */
  z.object({ type: z.literal('data/get') }),
  /** The sources the configured backend offers (asked of it each time; public, no session needed). */
  z.object({ type: z.literal('data/offered') }),
]);
export type DataRequest = z.infer<typeof DataRequestSchema>;

/**
 * Error codes: `logged-out` (no session), `expired` (the backend no longer knows the session),
 * `unreachable`, `backend` (a refusal or an answer that breaks the contract), `forbidden`, `internal`.
 */
export const DataReplySchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), sources: z.array(DataSourceSchema).check(z.maxLength(MAX_CARDS)) }),
  z.object({ ok: z.literal(false), error: z.object({ code: text(100), message: text(500) }) }),
]);
export type DataReply = z.infer<typeof DataReplySchema>;

/** `data/offered`: the ids offered, in the fixed order; an error (`unreachable`, `backend`…) when not known. */
export const OfferedReplySchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), sources: z.array(z.enum(DATA_SOURCE_IDS)).check(z.maxLength(DATA_SOURCE_IDS.length)) }),
  z.object({ ok: z.literal(false), error: z.object({ code: text(100), message: text(500) }) }),
]);
export type OfferedReply = z.infer<typeof OfferedReplySchema>;

export interface DataService {
  get(): Promise<DataReply>;
  offered(): Promise<OfferedReply>;
}

const INTERNAL: DataReply = { ok: false, error: { code: 'internal', message: 'Une erreur inattendue est survenue dans l’extension.' } };

/** The runtime.onMessage listener for `data/*`; undefined for any other message. */
export function createDataMessageListener(service: DataService) {
  return (message: unknown, sender: Browser.runtime.MessageSender): Promise<DataReply | OfferedReply> | undefined => {
    const parsed = DataRequestSchema.safeParse(message);
    if (!parsed.success) return undefined;
    if (!isExtensionPage(sender)) {
      return Promise.resolve({ ok: false, error: { code: 'forbidden', message: 'Demande refusée.' } });
    }
    return (parsed.data.type === 'data/offered' ? service.offered() : service.get()).catch(() => INTERNAL);
  };
}
