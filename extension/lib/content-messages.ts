/**
 * Messages between the background and the form filler it injects into a tab
 * (entrypoints/form-filler.ts). Both ends parse what they receive with these schemas.
 *
 * The content script runs in the page's renderer: the background treats every reply as untrusted
 * page data (bounded strings and lists, known shapes, nothing else). The content script never gets
 * the session handle; it gets the claims (and data values) the fields found on the page need, and
 * writes nothing unless told `content/fill`.
 */
import * as z from 'zod/mini';
import { IdentitySchema } from './messages';

const text = (max: number) => z.string().check(z.maxLength(max));
const list = <T extends z.ZodMiniType>(item: T, max = 500) => z.array(item).check(z.maxLength(max));

/** Field ids the engine gives (`pf12`): short and plain. */
export const FieldIdSchema = z.string().check(z.maxLength(40), z.regex(/^[\w-]+$/));
/** Field kinds (`birthName`, `taxIncome`…) and skip reasons (`other-person`…). */
const Code = z.string().check(z.maxLength(40), z.regex(/^[\w-]+$/));

/** Only the claims a page needs: every one optional (see fill-claims.ts). */
export const PageClaimsSchema = z.partial(IdentitySchema);
export type PageClaims = z.infer<typeof PageClaimsSchema>;

/** Data values (revenu fiscal de référence, quotient familial…) keyed by data kind, as the engine takes them. */
export const PageDataSchema = z.record(Code, z.union([text(200), z.number(), z.boolean()]));
export type PageData = z.infer<typeof PageDataSchema>;

export const ContentRequestSchema = z.discriminatedUnion('type', [
  /** Is the form filler already in this page? */
  z.object({ type: z.literal('content/ping') }),
  /** What the page has: recognised fields, no values. */
  z.object({ type: z.literal('content/scan') }),
  /** What a fill would write (for the preview); writes nothing. */
  z.object({ type: z.literal('content/plan'), claims: PageClaimsSchema, data: z.optional(PageDataSchema) }),
  /** Writes the chosen fields (after the citizen confirmed). */
  z.object({ type: z.literal('content/fill'), claims: PageClaimsSchema, data: z.optional(PageDataSchema), only: list(FieldIdSchema) }),
  /** Puts back what the last fill changed. */
  z.object({ type: z.literal('content/undo') }),
  /** Agent mode: compares what the page shows with the claims and highlights each datum. */
  z.object({ type: z.literal('content/verify'), claims: PageClaimsSchema }),
  /** Agent mode: removes the highlights. */
  z.object({ type: z.literal('content/clear') }),
]);
export type ContentRequest = z.infer<typeof ContentRequestSchema>;

const Failure = z.object({ ok: z.literal(false), code: Code });

const SkippedSchema = z.object({ id: FieldIdSchema, kind: z.nullable(Code), label: text(200), reason: Code });
export type SkippedField = z.infer<typeof SkippedSchema>;

/** Made by each form filler when it starts in a page: a reloaded or different page has another one. */
export const PageTokenSchema = z.string().check(z.regex(/^[0-9a-f]{32}$/));

export const PingReplySchema = z.object({ ok: z.literal(true), filler: z.literal('pivot'), page: PageTokenSchema });

export const ScanReplySchema = z.union([
  z.object({
    ok: z.literal(true),
    fields: list(z.object({ id: FieldIdSchema, kind: Code, label: text(200), confidence: z.number().check(z.gte(0), z.lte(1)) })),
    ignored: list(SkippedSchema),
    /** `document.contentType`: a PDF viewer is no form. */
    contentType: text(100),
    /** This filler's page token: a confirm must come back to the same page the preview read. */
    page: PageTokenSchema,
  }),
  Failure,
]);
export type ScanReply = z.infer<typeof ScanReplySchema>;

export const PlanItemSchema = z.object({
  id: FieldIdSchema,
  kind: Code,
  label: text(200),
  value: text(500),
  confidence: z.number().check(z.gte(0), z.lte(1)),
});
export type PagePlanItem = z.infer<typeof PlanItemSchema>;

export const PlanReplySchema = z.union([z.object({ ok: z.literal(true), items: list(PlanItemSchema), skipped: list(SkippedSchema) }), Failure]);
export type PlanReply = z.infer<typeof PlanReplySchema>;

export const FillReplySchema = z.union([
  z.object({
    ok: z.literal(true),
    filled: list(z.object({ id: FieldIdSchema, kind: Code, label: text(200), value: text(500) })),
    skipped: list(SkippedSchema),
  }),
  Failure,
]);
export type FillReply = z.infer<typeof FillReplySchema>;

export const UndoReplySchema = z.union([
  z.object({ ok: z.literal(true), restored: z.int().check(z.gte(0)), kept: z.int().check(z.gte(0)) }),
  Failure,
]);
export type UndoReply = z.infer<typeof UndoReplySchema>;

export const VerifyEntrySchema = z.object({
  id: FieldIdSchema,
  datum: Code,
  label: text(200),
  displayed: text(300),
  certified: text(300),
  result: z.enum(['match', 'mismatch']),
});
export type VerifyEntry = z.infer<typeof VerifyEntrySchema>;

export const VerifyReplySchema = z.union([
  z.object({ ok: z.literal(true), entries: list(VerifyEntrySchema), unchecked: z.int().check(z.gte(0)) }),
  Failure,
]);
export type VerifyReply = z.infer<typeof VerifyReplySchema>;

export const ClearReplySchema = z.union([z.object({ ok: z.literal(true) }), Failure]);
