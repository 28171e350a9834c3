/**
 * Messages between the popup and the background for filling a form (`fill/*`) and for agent mode
 * (`agent/*`). Same rules as messages.ts: zod/mini schemas, parsed at both ends, extension pages
 * only. Replies carry what the popup shows, already in French (values as the form will receive
 * them, reasons as sentences), so the popup stays a thin view.
 *
 * The popup names the tab (`tabId`): the active tab of its window, or the one given in its URL
 * (`popup.html?tab=12`, when it is opened in a tab of its own).
 */
import * as z from 'zod/mini';
import { SessionReplySchema } from './messages';

const text = (max: number) => z.string().check(z.maxLength(max));
const count = () => z.int().check(z.gte(0));
const TabId = z.int().check(z.gte(0));
const FieldId = z.string().check(z.maxLength(40), z.regex(/^[\w-]+$/));
const PageToken = z.string().check(z.regex(/^[0-9a-f]{32}$/));

export const FillRequestSchema = z.discriminatedUnion('type', [
  /** Which field kinds the tab's page has (for « Mes données »: what could be filled). Injects the filler; writes nothing. */
  z.object({ type: z.literal('fill/scan'), tabId: TabId }),
  /** Injects the filler and returns what a fill would write, field by field. Writes nothing. */
  z.object({ type: z.literal('fill/preview'), tabId: TabId }),
  /** The citizen confirmed: fills the chosen fields (ids from the preview). */
  /** `page`: the preview's page token; a page reloaded or changed since is refused (`page-changed`). */
  z.object({ type: z.literal('fill/confirm'), tabId: TabId, page: PageToken, ids: z.array(FieldId).check(z.maxLength(500)) }),
  /** Puts the page back as it was before the fill. */
  z.object({ type: z.literal('fill/undo'), tabId: TabId }),
  /** Can the last fill of this tab still be undone (same page, filler still there)? Never injects. */
  z.object({ type: z.literal('fill/status'), tabId: TabId }),
  /** Is agent mode on? */
  z.object({ type: z.literal('agent/get') }),
  /** Turns agent mode on and starts the citizen's FranceConnect login (answers like `session/login`). */
  z.object({ type: z.literal('agent/start') }),
  /** Compares what the agent's page shows with the citizen's certified identity, and highlights it. */
  z.object({ type: z.literal('agent/verify'), tabId: TabId }),
  /** Removes the highlights, logs the citizen out and wipes everything (answers like `session/logout`). */
  z.object({ type: z.literal('agent/finish'), tabId: z.optional(TabId) }),
]);
export type FillRequest = z.infer<typeof FillRequestSchema>;
export type FillRequestType = FillRequest['type'];

export const FillErrorSchema = z.object({ ok: z.literal(false), error: z.object({ code: text(100), message: text(500) }) });
export type FillError = z.infer<typeof FillErrorSchema>;

/** A group of fields left alone, with why, in French. */
const SkipGroupSchema = z.object({ reason: text(200), labels: z.array(text(200)).check(z.maxLength(500)) });
export type SkipGroup = z.infer<typeof SkipGroupSchema>;

export const ScanAnswerSchema = z.union([
  z.object({
    ok: z.literal(true),
    /** Field kinds found (extension/autofill: `birthName`, `taxIncome`…). */
    kinds: z.array(text(40)).check(z.maxLength(100)),
    /** The data keys (/api/data `fillKey`) those fields would take: `revenu_fiscal_reference`… */
    dataKeys: z.array(text(60)).check(z.maxLength(100)),
  }),
  FillErrorSchema,
]);

export const PreviewItemSchema = z.object({
  id: FieldId,
  /** The field's label as the page shows it. */
  label: text(200),
  /** The value it would receive, as the citizen reads it. */
  value: text(500),
  /** Ticked at first: the engine is confident about what the field is. */
  preselected: z.boolean(),
});
export type PreviewItem = z.infer<typeof PreviewItemSchema>;

export const PreviewAnswerSchema = z.union([
  z.object({ ok: z.literal(true), page: PageToken, items: z.array(PreviewItemSchema).check(z.maxLength(500)), skipped: z.array(SkipGroupSchema).check(z.maxLength(50)) }),
  FillErrorSchema,
]);
export type PreviewAnswer = z.infer<typeof PreviewAnswerSchema>;

export const FillAnswerSchema = z.union([
  z.object({
    ok: z.literal(true),
    filled: z.array(z.object({ label: text(200), value: text(500) })).check(z.maxLength(500)),
    /** Chosen fields that could not be filled (the page refused the value, removed the field…). */
    problems: z.array(SkipGroupSchema).check(z.maxLength(50)),
    /** Fields that appeared during the fill (revealed by a choice) and were not in the preview: left empty. */
    revealed: count(),
  }),
  FillErrorSchema,
]);
export type FillAnswer = z.infer<typeof FillAnswerSchema>;

export const UndoAnswerSchema = z.union([z.object({ ok: z.literal(true), restored: count(), kept: count() }), FillErrorSchema]);
export type UndoAnswer = z.infer<typeof UndoAnswerSchema>;

export const StatusAnswerSchema = z.union([z.object({ ok: z.literal(true), undoable: z.boolean(), filled: count() }), FillErrorSchema]);
export type StatusAnswer = z.infer<typeof StatusAnswerSchema>;

export const AgentStateAnswerSchema = z.union([z.object({ ok: z.literal(true), active: z.boolean() }), FillErrorSchema]);
export type AgentStateAnswer = z.infer<typeof AgentStateAnswerSchema>;

export const VerificationEntrySchema = z.object({
  label: text(200),
  displayed: text(300),
  certified: text(300),
  result: z.enum(['match', 'mismatch']),
});
export type VerificationEntry = z.infer<typeof VerificationEntrySchema>;

export const VerifyAnswerSchema = z.union([
  z.object({ ok: z.literal(true), entries: z.array(VerificationEntrySchema).check(z.maxLength(500)), unchecked: count() }),
  FillErrorSchema,
]);
export type VerifyAnswer = z.infer<typeof VerifyAnswerSchema>;

/** The reply schema of each request. */
export const FILL_REPLY_SCHEMAS = {
  'fill/scan': ScanAnswerSchema,
  'fill/preview': PreviewAnswerSchema,
  'fill/confirm': FillAnswerSchema,
  'fill/undo': UndoAnswerSchema,
  'fill/status': StatusAnswerSchema,
  'agent/get': AgentStateAnswerSchema,
  'agent/start': SessionReplySchema,
  'agent/verify': VerifyAnswerSchema,
  'agent/finish': SessionReplySchema,
} as const;

export type FillReplyOf<T extends FillRequestType> = z.infer<(typeof FILL_REPLY_SCHEMAS)[T]>;
