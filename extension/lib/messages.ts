/**
 * Messages between the extension's pages (popup, options), its background and, later, its content
 * scripts. Every receiving end parses what it gets with these schemas (zod/mini keeps the popup
 * small) and ignores anything else.
 *
 * Namespaces: `session/*` (here), `data/*` (GET /api/data, « Mes données »: data-messages.ts).
 * Reserved for later issues: `fill/*` (inject the form filler, preview, confirm, undo), `agent/*`
 * (agent mode, « Vérifier une identité »).
 */
import * as z from 'zod/mini';

const text = (max: number) => z.string().check(z.maxLength(max));

/** An identity as the backend returns it (FranceConnect claims, franceconnect.md §4.2). Unknown keys are dropped. */
export const IdentitySchema = z.object({
  given_name: text(500),
  given_name_array: z.optional(z.array(text(200)).check(z.maxLength(30))),
  family_name: text(200),
  preferred_username: z.optional(text(200)),
  birthdate: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/)),
  gender: text(20),
  birthplace: z.optional(text(5)),
  birthcountry: z.optional(text(5)),
  email: z.optional(text(320)),
});
export type Identity = z.infer<typeof IdentitySchema>;

/**
 * Where the identity came from: `environment` says whether it is the real FranceConnect, its
 * integration platform or the embedded simulator. An unexpected shape is ignored, not fatal.
 */
export const SourceSchema = z.catch(
  z.optional(z.object({ provider: z.optional(text(50)), environment: z.optional(text(50)) })),
  undefined,
);

/** GET /api/me. `authenticatedAt` is accepted as epoch seconds, epoch milliseconds or an ISO date. */
export const MeSchema = z.object({
  identity: IdentitySchema,
  acr: z.optional(text(50)),
  authenticatedAt: z.optional(z.union([z.number(), text(40)])),
  source: SourceSchema,
});
export type Me = z.infer<typeof MeSchema>;

/** What the popup shows. One status per screen. */
export const SessionViewSchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('logged-out'),
    notice: z.optional(z.enum(['cancelled', 'logged-out', 'logged-out-locally'])),
  }),
  z.object({ status: z.literal('logging-in') }),
  z.object({ status: z.literal('logging-out') }),
  z.object({ status: z.literal('logged-in'), me: MeSchema }),
  z.object({ status: z.literal('expired') }),
  z.object({
    status: z.literal('unreachable'),
    backendUrl: text(2000),
    /** What "Réessayer" does: log in again, or reload the identity of a session that still exists. */
    retry: z.enum(['login', 'refresh']),
  }),
  z.object({ status: z.literal('fc-error'), code: text(100), message: text(500) }),
  z.object({ status: z.literal('login-error'), code: text(100), message: text(500) }),
]);
export type SessionView = z.infer<typeof SessionViewSchema>;
export type SessionStatus = SessionView['status'];

/** Requests an extension page sends to the background. */
export const SessionRequestSchema = z.discriminatedUnion('type', [
  /** The state to show now, from what the background holds (no network). */
  z.object({ type: z.literal('session/get') }),
  /** Check the session with the backend (GET /api/me) and return the fresh state. */
  z.object({ type: z.literal('session/refresh') }),
  /**
   * Start the FranceConnect login; answers at once with `logging-in`, then `session/changed`.
   * `sources`: the data sources to read at login (ids, possibly none); absent, the citizen's last choice.
   */
  z.object({
    type: z.literal('session/login'),
    sources: z.optional(z.array(z.string().check(z.regex(/^[a-z0-9_-]{1,40}$/))).check(z.maxLength(32))),
  }),
  /** Log out; answers at once with `logging-out` (identity already wiped), then `session/changed`. */
  z.object({ type: z.literal('session/logout') }),
  /** Forget the last notice or error (the citizen closed it). */
  z.object({ type: z.literal('session/dismiss') }),
]);
export type SessionRequest = z.infer<typeof SessionRequestSchema>;

export const SessionReplySchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), view: SessionViewSchema }),
  z.object({ ok: z.literal(false), error: z.object({ code: text(100), message: text(500) }) }),
]);
export type SessionReply = z.infer<typeof SessionReplySchema>;

/**
 * Broadcast by the background to extension pages when the state changed (login or logout finished).
 * It carries no data: a page that cares asks `session/get`. Content scripts never receive it
 * (runtime.sendMessage reaches extension pages only).
 */
export const SessionChangedSchema = z.object({ type: z.literal('session/changed') });
export type SessionChanged = z.infer<typeof SessionChangedSchema>;
