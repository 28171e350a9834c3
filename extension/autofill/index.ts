/**
 * Pivot's autofill and identity verification engine: the public API.
 *
 *   collect (DOM → descriptors) → qualify (pure) → plan (pure) → insert (DOM, journalled)
 *                                                  ↘ verify (compare, then mark the page)
 *
 * Nothing here runs until a method is called: no observers, no scanning on load.
 */
import { loadPlaces, type Places } from '../lib/places';
import { collect, type Collected } from './collect';
import { insert, settle, undoJournal, type FilledItem, type JournalEntry } from './insert';
import { plan as buildPlan, type FillOptions } from './plan';
import { qualify } from './qualify';
import type { Control, FieldKind, FillPlan, FranceConnectClaims, QualifiedField, SkipItem } from './types';
import { compareDatum, markElement, unmark, type Mark, type Unchecked, type VerifyEntry } from './verify';

export type { FillOptions } from './plan';
export type { FilledItem } from './insert';
export type { VerifyEntry, VerifyResult, Unchecked } from './verify';
export type { FieldKind, FillPlan, FranceConnectClaims, PlanItem, SkipItem, SkipReason, WriteAction } from './types';
export { KIND_LABELS } from './qualify';

export const VERSION = '1.0.0';

export interface ScannedField {
  /** Stable id of the field (use it in `fill(claims, { only: [id] })`). */
  id: string;
  kind: FieldKind;
  /** 0–1: how sure the engine is of `kind`. */
  confidence: number;
  /** The label the page shows. */
  label: string;
  control: Control;
  /** For split first names: which one (0-based). */
  index?: number;
  /** 0 for the page itself, then same-origin iframes. */
  frame: number;
}

export interface ScanResult {
  /** Fields the engine would fill, in page order. */
  fields: ScannedField[];
  /** Recognised fields it leaves alone, with why (another person, hidden, read-only, not certified…). */
  ignored: SkipItem[];
  durationMs: number;
}

export interface FillReport {
  filled: FilledItem[];
  skipped: SkipItem[];
  durationMs: number;
}

export interface VerifyReport {
  /** One entry per identity datum displayed on the page. */
  entries: VerifyEntry[];
  matches: number;
  mismatches: number;
  /** Data recognised on the page that the claims cannot confirm or contradict. */
  unchecked: Unchecked[];
  durationMs: number;
}

export interface UndoReport {
  /** Values put back as they were before the last fill. */
  restored: number;
  /** Values the user changed since the fill, left as they are. */
  kept: number;
}

export interface PivotAutofill {
  readonly version: string;
  scan(): Promise<ScanResult>;
  plan(claims: FranceConnectClaims, options?: FillOptions): Promise<FillPlan>;
  fill(claims: FranceConnectClaims, options?: FillOptions): Promise<FillReport>;
  verify(claims: FranceConnectClaims): Promise<VerifyReport>;
  undo(): Promise<UndoReport>;
  clearVerification(): void;
}

export interface AutofillEnvironment {
  /** The document to work on (default: the current one). */
  document?: Document;
  /** Places lookups (default: the bundled COG/INSEE tables). */
  loadPlaces?: () => Promise<Places>;
  /** Check layout visibility (default true; only DOMs without layout turn it off). */
  visibility?: boolean;
}

function now(doc: Document): number {
  return (doc.defaultView ?? globalThis).performance.now();
}

function ms(start: number, doc: Document): number {
  return Math.round((now(doc) - start) * 100) / 100;
}

function readDisplayed(q: QualifiedField, el: HTMLElement | undefined): string {
  const f = q.field;
  if (f.type === 'display') return f.value;
  if (!el) return '';
  if (f.control === 'select') {
    const s = el as HTMLSelectElement;
    const o = s.options[s.selectedIndex];
    if (!o || (o.value === '' && s.selectedIndex === 0)) return '';
    return o.text.trim() || o.value;
  }
  if (f.control === 'radio') return (f.options ?? []).find((o) => o.selected)?.text ?? '';
  if (f.control === 'checkbox') return f.checked ? 'oui' : '';
  return (el as HTMLInputElement).value;
}

/** Creates an engine instance bound to a document. */
export function createAutofill(env: AutofillEnvironment = {}): PivotAutofill {
  const getDoc = () => env.document ?? document;
  const places = env.loadPlaces ?? loadPlaces;
  const collectOptions = { visibility: env.visibility === false ? (false as const) : ('lazy' as const) };
  let journal: JournalEntry[] = [];
  let marks: Mark[] = [];

  /** Qualifies, then reads layout visibility for the fields that matter (recognised ones) only. */
  const qualified = (c: Collected): QualifiedField[] => {
    const qs = qualify(c.fields);
    c.resolveVisibility(qs.filter((q) => q.kind && q.person !== 'other').map((q) => q.field));
    return qs;
  };

  async function fill(claims: FranceConnectClaims, options: FillOptions = {}): Promise<FillReport> {
    const doc = getDoc();
    const start = now(doc);
    const placesTable = await places();
    const filled: FilledItem[] = [];
    const skippedById = new Map<string, SkipItem>();
    const attempted = new Set<string>();
    const newJournal: JournalEntry[] = [];
    for (let pass = 0; pass < 3; pass++) {
      const collected = collect(doc, collectOptions);
      const p = buildPlan(qualified(collected), claims, placesTable, options);
      for (const s of p.skipped) if (!attempted.has(s.id) || skippedById.has(s.id)) skippedById.set(s.id, s);
      const items = p.items.filter((i) => !attempted.has(i.id));
      if (!items.length) break;
      const watch = watchForReveals(collected);
      const result = await insert(items, collected.elements, options);
      items.forEach((i) => {
        attempted.add(i.id);
        skippedById.delete(i.id);
      });
      filled.push(...result.filled);
      newJournal.push(...result.journal);
      for (const s of result.skipped) skippedById.set(s.id, s);
      const choices = result.filled.some((f) => ['select', 'radio', 'checkbox'].includes(collected.fields.find((d) => d.id === f.id)?.control ?? ''));
      if (!choices) { watch.stop(); break; }
      // Frameworks re-render a choice's consequences synchronously or in microtasks (React's discrete
      // events, Vue's nextTick, mutation observers): wait for those, not for a rendering frame.
      await settle();
      const revealed = watch.stop();
      if (!revealed) break;
    }
    for (const f of filled) skippedById.delete(f.id);
    // One journal for every fill since the last undo: « Annuler le remplissage » puts the page back
    // as it was before Pivot, even after a second fill (fields a choice revealed).
    journal = journal.concat(newJournal);
    return { filled, skipped: [...skippedById.values()], durationMs: ms(start, doc) };
  }

  return {
    version: VERSION,

    async scan() {
      const doc = getDoc();
      const start = now(doc);
      const qs = qualified(collect(doc, collectOptions));
      const fields: ScannedField[] = [];
      const ignored: SkipItem[] = [];
      for (const q of qs) {
        const f = q.field;
        if (!q.kind) {
          if (q.blocked && q.blocked !== 'search') ignored.push({ id: f.id, kind: q.blocked, label: q.label, reason: 'not-certified' });
          continue;
        }
        const reason = q.person === 'other' ? 'other-person' : !f.visible ? 'hidden' : f.disabled ? 'disabled' : f.readonly ? 'readonly' : undefined;
        if (reason) {
          ignored.push({ id: f.id, kind: q.kind, label: q.label, reason, ...(reason === 'other-person' && q.personMarker ? { detail: `about another person (${q.personMarker})` } : {}) });
          continue;
        }
        fields.push({ id: f.id, kind: q.kind, confidence: q.confidence, label: q.label, control: f.control, frame: f.frame, ...(q.index !== undefined ? { index: q.index } : {}) });
      }
      return { fields, ignored, durationMs: ms(start, doc) };
    },

    async plan(claims, options = {}) {
      const doc = getDoc();
      const placesTable = await places();
      return buildPlan(qualified(collect(doc, collectOptions)), claims, placesTable, options);
    },

    fill,

    async verify(claims) {
      const doc = getDoc();
      const start = now(doc);
      const placesTable = await places();
      unmark(marks);
      marks = [];
      const collected = collect(doc, { ...collectOptions, displayed: true });
      const entries: VerifyEntry[] = [];
      const unchecked: Unchecked[] = [];
      for (const q of qualified(collected)) {
        if (!q.kind || q.person === 'other' || !q.field.visible) continue;
        const els = collected.elements.get(q.field.id) ?? [];
        const displayed = readDisplayed(q, els[0]).trim();
        if (!displayed) continue;
        const c = compareDatum(q, displayed, claims, placesTable);
        if (!c.result) {
          unchecked.push({ id: q.field.id, datum: q.kind, label: q.label, reason: c.reason ?? 'cannot be checked' });
          continue;
        }
        entries.push({
          id: q.field.id,
          datum: q.kind,
          label: q.label,
          displayed,
          certified: c.certified,
          result: c.result,
          ...(c.note ? { note: c.note } : {}),
          source: q.field.type === 'display' ? 'text' : 'input',
        });
        let target = els[0];
        if (q.field.control === 'radio') {
          const checked = (els as HTMLInputElement[]).find((r) => r.checked);
          target = (checked?.labels?.[0] as HTMLElement | undefined) ?? checked ?? target;
        }
        if (target) marks.push(markElement(target, c.result));
      }
      const matches = entries.filter((e) => e.result === 'match').length;
      return { entries, matches, mismatches: entries.length - matches, unchecked, durationMs: ms(start, doc) };
    },

    async undo() {
      const report = undoJournal(journal);
      journal = [];
      return report;
    },

    clearVerification() {
      unmark(marks);
      marks = [];
    },
  };
}

/**
 * Watches, during one fill pass, for changes that may reveal new fields (nodes added, elements
 * shown), ignoring class changes on the controls themselves (validation styling).
 */
function watchForReveals(collected: Collected): { stop(): boolean } {
  let revealed = false;
  const observers: MutationObserver[] = [];
  for (const doc of collected.documents) {
    const w = doc.defaultView;
    if (!w) continue;
    const observer = new w.MutationObserver((records) => {
      for (const r of records) {
        const target = r.target as Element;
        if (r.type === 'childList') {
          if (Array.from(r.addedNodes).some((n) => n.nodeType === 1)) revealed = true;
        } else if (!/^(INPUT|SELECT|TEXTAREA|OPTION)$/.test(target.tagName ?? '')) {
          revealed = true;
        }
      }
    });
    observer.observe(doc, { subtree: true, childList: true, attributes: true, attributeFilter: ['class', 'style', 'hidden', 'disabled', 'aria-hidden', 'open'] });
    observers.push(observer);
  }
  return {
    stop() {
      for (const o of observers) {
        for (const r of o.takeRecords()) {
          if (r.type === 'childList' ? Array.from(r.addedNodes).some((n) => n.nodeType === 1) : !/^(INPUT|SELECT|TEXTAREA|OPTION)$/.test((r.target as Element).tagName ?? '')) revealed = true;
        }
        o.disconnect();
      }
      return revealed;
    },
  };
}
