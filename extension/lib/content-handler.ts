/**
 * The form filler's side of the messages (runs in the page, in the extension's isolated world):
 * parses each request from the background, calls the autofill engine, and answers with plain,
 * bounded data. It keeps one engine per page, so field ids stay stable between the preview and the
 * fill, and the undo journal lives until the page goes away.
 */
import type { FillOptions, PivotAutofill } from '../autofill';
import {
  ContentRequestSchema,
  type ContentRequest,
  type FillReply,
  type PlanReply,
  type ScanReply,
  type SkippedField,
  type UndoReply,
  type VerifyReply,
} from './content-messages';

type Reply =
  | ScanReply
  | PlanReply
  | FillReply
  | UndoReply
  | VerifyReply
  | { ok: true; filler: 'pivot'; page: string }
  | { ok: true }
  | { ok: false; code: string };

const MAX_ITEMS = 500;

/**
 * Page text is bounded before it leaves the page (the background checks again). Line breaks and runs
 * of ordinary spaces collapse; no-break spaces stay (« 52 340 € », « Nom : »).
 */
function cut(value: string, max: number): string {
  const flat = value.replace(/[ \t\n\r\f\v]+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function skipped(items: { id: string; kind: string | null; label: string; reason: string }[]): SkippedField[] {
  return items.slice(0, MAX_ITEMS).map((s) => ({ id: s.id, kind: s.kind, label: cut(s.label, 200), reason: s.reason }));
}

/** 128 random bits in hex (crypto.randomUUID needs a secure context; pages may be plain http). */
function newPageToken(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

export function createContentHandler(engine: PivotAutofill, doc: Document = document) {
  const page = newPageToken();
  async function run(request: ContentRequest): Promise<Reply> {
    switch (request.type) {
      case 'content/ping':
        return { ok: true, filler: 'pivot', page };
      case 'content/scan': {
        const scan = await engine.scan();
        return {
          ok: true,
          fields: scan.fields.slice(0, MAX_ITEMS).map((f) => ({ id: f.id, kind: f.kind, label: cut(f.label, 200), confidence: f.confidence })),
          ignored: skipped(scan.ignored),
          contentType: cut(doc.contentType || 'text/html', 100),
          page,
        };
      }
      case 'content/plan': {
        const options: FillOptions = request.data ? { data: request.data } : {};
        const plan = await engine.plan(request.claims, options);
        return {
          ok: true,
          items: plan.items.slice(0, MAX_ITEMS).map((i) => ({ id: i.id, kind: i.kind, label: cut(i.label, 200), value: cut(i.value, 500), confidence: i.confidence })),
          skipped: skipped(plan.skipped),
        };
      }
      case 'content/fill': {
        const options: FillOptions = { only: request.only, ...(request.data ? { data: request.data } : {}) };
        const report = await engine.fill(request.claims, options);
        return {
          ok: true,
          filled: report.filled.slice(0, MAX_ITEMS).map((f) => ({ id: f.id, kind: f.kind, label: cut(f.label, 200), value: cut(f.value, 500) })),
          skipped: skipped(report.skipped),
        };
      }
      case 'content/undo': {
        const undo = await engine.undo();
        return { ok: true, restored: undo.restored, kept: undo.kept };
      }
      case 'content/verify': {
        const report = await engine.verify(request.claims);
        return {
          ok: true,
          entries: report.entries.slice(0, MAX_ITEMS).map((e) => ({
            id: e.id,
            datum: e.datum,
            label: cut(e.label, 200),
            displayed: cut(e.displayed, 300),
            certified: cut(e.certified, 300),
            result: e.result,
          })),
          unchecked: report.unchecked.length,
        };
      }
      case 'content/clear':
        engine.clearVerification();
        return { ok: true };
    }
  }

  /** Answers a message, or returns undefined for anything that is not a valid request. */
  return function handle(message: unknown): Promise<Reply> | undefined {
    const parsed = ContentRequestSchema.safeParse(message);
    if (!parsed.success) return undefined;
    // A page that throws from its own event handlers, or removes the form mid-way, must not crash
    // the filler: the background gets a code and tells the citizen in French.
    return run(parsed.data).catch(() => ({ ok: false, code: 'engine-failed' }));
  };
}
