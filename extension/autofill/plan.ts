/**
 * Plan: qualified fields + claims + the citizen's choices → what to write where, or why not.
 * Pure: no DOM; the preview shows this plan before anything is written.
 */
import type { Places } from '../lib/places';
import { derive, monthCandidates, type Semantic } from './kinds';
import { canon, fold, formatDate, isPlaceholderOption, matchOption, nameKey, parseDisplayedDate, sameDate, upperNoAccents, type YMD } from './normalise';
import { DATA_KIND_NAMES, type DataValues } from './data-kinds';
import type { FieldDescriptor, FieldKind, FillPlan, FranceConnectClaims, PlanItem, QualifiedField, SkipItem, WriteAction } from './types';

/**
 * Options of `fill()` and `plan()`.
 *
 * - `only`: fill only these fields — field ids from `scan()`/`plan()` (`"pf12"`) and/or field kinds
 *   (`"birthName"`, `"email"`…). Everything else is reported as skipped with reason `not-selected`.
 * - `exclude`: never fill these field ids or kinds.
 * - `minConfidence`: fields qualified below this (0–1) are skipped as `low-confidence`. Default 0.5.
 * - `replacePrefilled`: replace values the page itself put in a field (never a value the user
 *   typed or chose). Default false.
 * - `optionWaitMs`: how long `fill()` waits for a select's options to appear. Default 1500.
 */
export interface FillOptions {
  only?: string[];
  exclude?: string[];
  minConfidence?: number;
  replacePrefilled?: boolean;
  optionWaitMs?: number;
  /** Data values (revenu fiscal de référence, quotient familial…) for data kinds, keyed by kind (data-kinds.ts). */
  data?: DataValues;
}

const TEXT_CONTROLS = new Set(['text', 'email', 'textarea', 'tel', 'number']);
const UNIQUE_KINDS = new Set<FieldKind>([...DATA_KIND_NAMES, 'gender', 'birthName', 'usageName', 'lastName', 'givenNames', 'firstName', 'otherGivenNames', 'birthDate', 'email', 'emailConfirm', 'birthPlace', 'birthCountry', 'birthDepartement']);

function wantsUpper(f: FieldDescriptor): boolean {
  const t = fold(`${f.label} ${f.hint} ${f.placeholder} ${f.title} ${f.aria}`);
  return /majuscule|capitale|upper ?case|block (capitals|letters)|\bcaps\b/.test(t);
}

function wantsNoAccents(f: FieldDescriptor): boolean {
  const t = fold(`${f.label} ${f.hint} ${f.placeholder} ${f.title}`);
  return /sans accent|without accent|no accent/.test(t);
}

function patternAccepts(pattern: string, value: string): boolean {
  if (!pattern) return true;
  try {
    return new RegExp(`^(?:${pattern})$`, 'v').test(value);
  } catch {
    try {
      return new RegExp(`^(?:${pattern})$`, 'u').test(value);
    } catch {
      return true;
    }
  }
}

/** The date format a text field asks for, from its placeholder, hint, label or pattern. */
export function dateFormatOf(f: FieldDescriptor): string {
  const texts = [f.placeholder, f.hint, f.label, f.title, f.aria].map((t) => fold(t));
  for (const t of texts) {
    const m = /(jj|dd)\s*([-/. ]?)\s*mm\s*([-/. ]?)\s*(aaaa|yyyy|aa|yy)/.exec(t);
    if (m) return `JJ${m[2]}MM${m[3]}${m[4]!.length === 2 ? 'AA' : 'AAAA'}`;
    const us = /mm\s*([-/. ]?)\s*(dd|jj)\s*([-/. ]?)\s*(yyyy|aaaa)/.exec(t);
    if (us) return `MM${us[1]}JJ${us[3]}AAAA`;
    const iso = /(aaaa|yyyy)\s*([-/.]?)\s*mm\s*([-/.]?)\s*(jj|dd)/.exec(t);
    if (iso) return `AAAA${iso[2]}MM${iso[3]}JJ`;
  }
  for (const t of texts) {
    const sample = /\b(\d{1,2})([-/.])(\d{1,2})\2(\d{4})\b/.exec(t);
    if (sample) return Number(sample[1]) > 12 || f.lang.startsWith('fr') || !f.lang ? `JJ${sample[2]}MM${sample[2]}AAAA` : `MM${sample[2]}JJ${sample[2]}AAAA`;
    const isoSample = /\b\d{4}-\d{2}-\d{2}\b/.exec(t);
    if (isoSample) return 'AAAA-MM-JJ';
  }
  if (f.pattern) {
    if (/^\\d\{4\}-/.test(f.pattern) || /^\[0-9\]\{4\}-/.test(f.pattern)) return 'AAAA-MM-JJ';
    if (/^\\d\{8\}$|^\[0-9\]\{8\}$/.test(f.pattern)) return 'JJMMAAAA';
  }
  if (f.maxLength === 8) return 'JJMMAAAA';
  if (f.lang === 'en-us') return 'MM/JJ/AAAA';
  return 'JJ/MM/AAAA';
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

function partText(f: FieldDescriptor, part: 'day' | 'month' | 'year', ymd: YMD): string {
  if (part === 'year') return f.maxLength === 2 || /^(aa|yy)$/.test(canon(f.placeholder)) ? pad2(ymd.y % 100) : String(ymd.y);
  const n = part === 'day' ? ymd.d : ymd.m;
  if (f.type === 'number') return String(n);
  return /^(j|d|m)$/.test(canon(f.placeholder)) ? String(n) : pad2(n);
}

interface Target { write: WriteAction; display: string; compare: (current: string) => boolean }

/** Maps a semantic value onto the field's control. Returns a skip reason when it cannot be written. */
function target(q: QualifiedField, value: Semantic): Target | { skip: SkipItem['reason']; detail: string } {
  const f = q.field;
  if (f.control === 'checkbox') {
    if (value.type !== 'check') return { skip: 'not-certified', detail: 'checkbox for a non-yes/no value' };
    return { write: { type: 'check', checked: value.checked }, display: value.checked ? 'Oui' : 'Non', compare: (c) => (c === 'on') === value.checked };
  }
  if (f.control === 'radio' || f.control === 'select') {
    let candidates: string[];
    let display: string;
    switch (value.type) {
      case 'text': candidates = [value.text, ...(value.alternatives ?? [])]; display = value.text; break;
      case 'choice': candidates = value.candidates; display = value.display; break;
      case 'check': candidates = value.candidates; display = value.display; break;
      case 'part': {
        const { ymd, part } = value;
        candidates = part === 'day' ? [String(ymd.d), pad2(ymd.d)] : part === 'month' ? monthCandidates(ymd.m) : [String(ymd.y), pad2(ymd.y % 100)];
        display = part === 'day' ? String(ymd.d) : part === 'month' ? String(ymd.m) : String(ymd.y);
        break;
      }
      case 'date': {
        const { ymd } = value;
        candidates = [`${ymd.y}-${pad2(ymd.m)}-${pad2(ymd.d)}`, `${pad2(ymd.d)}/${pad2(ymd.m)}/${ymd.y}`];
        display = `${pad2(ymd.d)}/${pad2(ymd.m)}/${ymd.y}`;
        break;
      }
    }
    const options = (f.options ?? []).map((o) => (o.disabled ? { text: '', value: '\u0000' } : o));
    const index = matchOption(options, candidates);
    if (index >= 0) {
      const opt = f.options![index]!;
      return {
        write: { type: f.control === 'radio' ? 'radio' : 'option', candidates, index },
        display: opt.text || display,
        compare: (c) => c === opt.value && c !== '',
      };
    }
    const real = (f.options ?? []).filter((o, i) => !isPlaceholderOption(o, i));
    if (f.control === 'select' && (f.optionsTruncated || real.length === 0)) {
      // Options not (all) known yet: insert matches them on the live element, waiting if they load late.
      return { write: { type: 'option', candidates }, display, compare: (c) => c !== '' && matchOption([{ text: c, value: c }], candidates) === 0 };
    }
    return { skip: 'no-matching-option', detail: 'no option matches the certified value' };
  }
  if (f.control === 'date') {
    if (value.type !== 'date') return { skip: 'not-certified', detail: 'date input for a non-date value' };
    const iso = `${value.ymd.y}-${pad2(value.ymd.m)}-${pad2(value.ymd.d)}`;
    return { write: { type: 'value', value: iso }, display: formatDate(value.ymd, 'JJ/MM/AAAA'), compare: (c) => c === iso };
  }
  if (!TEXT_CONTROLS.has(f.control)) return { skip: 'not-certified', detail: 'unsupported control' };
  let text: string;
  let display: string;
  let compare: (c: string) => boolean;
  let digits = false;
  switch (value.type) {
    case 'text': {
      text = value.text;
      display = text;
      const key = nameKey(text);
      compare = (c) => nameKey(c) === key;
      break;
    }
    case 'choice': {
      text = value.text(q);
      display = value.preview ?? text;
      compare = (c) => nameKey(c) === nameKey(text);
      break;
    }
    case 'date': {
      const format = dateFormatOf(f);
      text = formatDate(value.ymd, format);
      display = formatDate(value.ymd, 'JJ/MM/AAAA');
      digits = true;
      compare = (c) => sameDate(parseDisplayedDate(c, format.startsWith('MM')), value.ymd);
      break;
    }
    case 'part': {
      text = partText(f, value.part, value.ymd);
      display = text;
      compare = (c) => c.trim() !== '' && Number(c) === Number(text);
      break;
    }
    case 'check':
      return { skip: 'not-certified', detail: 'text input for a yes/no value' };
  }
  if (value.type === 'text' || value.type === 'choice') {
    if (wantsUpper(f)) text = wantsNoAccents(f) ? upperNoAccents(text) : text.toUpperCase();
    else if (wantsNoAccents(f)) text = text.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  }
  if (f.pattern && !patternAccepts(f.pattern, text)) {
    const variants = [text.toUpperCase(), upperNoAccents(text), text.normalize('NFD').replace(/[\u0300-\u036f]/g, ''), text.replace(/[-'’]/g, ' '), upperNoAccents(text).replace(/[-'’]/g, ' ')];
    const ok = variants.find((v) => patternAccepts(f.pattern, v));
    if (!ok) return { skip: 'pattern-mismatch', detail: 'the field’s pattern refuses the certified value' };
    text = ok;
  }
  if (f.maxLength > 0 && text.length > f.maxLength) {
    const compact = value.type === 'date' ? text.replace(/[^0-9]/g, '') : '';
    if (compact && compact.length <= f.maxLength) text = compact;
    else return { skip: 'too-long', detail: `the value is longer than the field allows (${f.maxLength})` };
  }
  if (f.type === 'email' && value.type === 'text' && !/^[^\s@]+@[^\s@]+$/.test(text)) return { skip: 'pattern-mismatch', detail: 'not an e-mail address' };
  return { write: { type: 'value', value: text, ...(digits ? { digits } : {}) }, display, compare };
}

function selected(q: QualifiedField, options: FillOptions): boolean {
  const f = q.field;
  const matches = (list: string[] | undefined) => !!list && (list.includes(f.id) || (!!q.kind && list.includes(q.kind)));
  if (matches(options.exclude)) return false;
  if (options.only && !matches(options.only)) return false;
  return true;
}

function skip(q: QualifiedField, reason: SkipItem['reason'], detail?: string): SkipItem {
  return { id: q.field.id, kind: q.kind ?? q.blocked ?? null, label: q.label, reason, ...(detail ? { detail } : {}) };
}

/** Current state of the field: empty (fillable), or holding a value the page or the user put there. */
function occupied(f: FieldDescriptor): 'empty' | 'page' | 'user' {
  if (f.control === 'checkbox') return f.checked === f.defaultChecked ? 'empty' : 'user';
  if (f.control === 'radio') {
    if (f.value === '') return 'empty';
    return f.value === f.defaultValue ? 'page' : 'user';
  }
  if (f.control === 'select') {
    if (f.value === f.defaultValue) {
      const i = (f.options ?? []).findIndex((o) => o.value === f.value);
      const o = f.options?.[i];
      return !o || isPlaceholderOption(o, i) || !o.defaultSelected ? 'empty' : 'page';
    }
    const i = (f.options ?? []).findIndex((o) => o.value === f.value);
    const o = f.options?.[i];
    return o && isPlaceholderOption(o, i) ? 'empty' : 'user';
  }
  if (f.value.trim() === '') return 'empty';
  return f.value === f.defaultValue ? 'page' : 'user';
}

/**
 * Builds the fill plan. `places` resolves birthplace codes (optional: without it, commune fields
 * are skipped as `unknown-place`).
 */
export function plan(fields: QualifiedField[], claims: FranceConnectClaims, places: Places | undefined, options: FillOptions = {}): FillPlan {
  const items: PlanItem[] = [];
  const skipped: SkipItem[] = [];
  const minConfidence = options.minConfidence ?? 0.5;
  const seen = new Map<string, string>();
  const citizens = (kind: string) => new Set(fields.filter((q) => q.kind === kind && q.person !== 'other').map((q) => q.field.frame));
  const birthNameFrames = citizens('birthName');
  const usageNameFrames = citizens('usageName');
  for (const q of fields) {
    const f = q.field;
    if (!q.kind) {
      if (q.blocked && q.blocked !== 'search') skipped.push(skip(q, 'not-certified', `${q.blocked} is not certified by FranceConnect`));
      continue;
    }
    if (q.person === 'other') { skipped.push(skip(q, 'other-person', `about another person (${q.personMarker ?? 'section'})`)); continue; }
    if (!f.visible) { skipped.push(skip(q, 'hidden')); continue; }
    if (f.disabled) { skipped.push(skip(q, 'disabled')); continue; }
    if (f.readonly) { skipped.push(skip(q, 'readonly')); continue; }
    if (!selected(q, options)) { skipped.push(skip(q, 'not-selected')); continue; }
    if (q.confidence < minConfidence) { skipped.push(skip(q, 'low-confidence')); continue; }
    const dupKey = `${f.frame}:${q.kind}:${q.index ?? ''}`;
    if (UNIQUE_KINDS.has(q.kind) && q.person === 'unknown' && seen.has(dupKey)) { skipped.push(skip(q, 'duplicate', `same kind as ${seen.get(dupKey)}`)); continue; }
    const nameInUse = q.kind === 'lastName' && birthNameFrames.has(f.frame) && !usageNameFrames.has(f.frame);
    const derived = derive({ claims, ...(places ? { places } : {}), ...(options.data ? { data: options.data } : {}), field: q, ...(nameInUse ? { nameInUse } : {}) });
    if (!derived.ok) { skipped.push(skip(q, derived.reason, derived.detail)); continue; }
    const t = target(q, derived.value);
    if ('skip' in t) { skipped.push(skip(q, t.skip, t.detail)); continue; }
    const state = occupied(f);
    const current = f.control === 'checkbox' ? (f.checked ? 'on' : '') : f.value;
    if (state !== 'empty' && t.compare(current)) { skipped.push(skip(q, 'already-filled')); seen.set(dupKey, f.id); continue; }
    if (state === 'user') { skipped.push(skip(q, 'user-value', 'the field holds a value the user entered')); continue; }
    // A page's default choice in a select or radio group is not data; a pre-filled text is.
    if (state === 'page' && !options.replacePrefilled && f.control !== 'select' && f.control !== 'radio') { skipped.push(skip(q, 'prefilled', 'the page pre-filled this field')); continue; }
    if (f.control === 'checkbox' && t.write.type === 'check' && t.write.checked === !!f.checked) { skipped.push(skip(q, 'already-filled')); continue; }
    seen.set(dupKey, f.id);
    items.push({ id: f.id, kind: q.kind, label: q.label, value: t.display, write: t.write, confidence: q.confidence, frame: f.frame });
  }
  return { items, skipped };
}
