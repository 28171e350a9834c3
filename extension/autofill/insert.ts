/**
 * Insert: writes a plan into the page the way a person would, so that React/Vue/Angular
 * controlled inputs keep the value: native prototype setters, then input/change events, with
 * focus/blur around them. Every change is journalled so that `undo()` can restore it.
 */
import { matchOption, nameKey, type OptionSource } from './normalise';
import type { PlanItem, SkipItem, WriteAction } from './types';

export interface FilledItem { id: string; kind: PlanItem['kind']; label: string; value: string }

export interface JournalEntry {
  el: HTMLElement;
  prop: 'value' | 'checked' | 'selectedIndex' | 'radio';
  before: string | boolean | number;
  after: string | boolean | number;
  /** For `radio`: the group; before/after are the checked radio's index (-1: none). */
  group?: HTMLInputElement[];
}

export interface InsertOptions {
  /** How long to wait for a select's options to appear (ms). */
  optionWaitMs?: number;
}

export interface InsertResult { filled: FilledItem[]; skipped: SkipItem[]; journal: JournalEntry[] }

function win(el: Element): Window & typeof globalThis {
  return (el.ownerDocument.defaultView ?? window) as Window & typeof globalThis;
}

function descriptorFor(el: Element, prop: string): PropertyDescriptor | undefined {
  for (let p = Object.getPrototypeOf(el); p; p = Object.getPrototypeOf(p)) {
    const d = Object.getOwnPropertyDescriptor(p, prop);
    if (d) return d;
  }
  return undefined;
}

/** Sets a property through the prototype's setter, bypassing per-instance overrides (React's value tracker). */
export function setNative(el: Element, prop: 'value' | 'checked' | 'selectedIndex', value: unknown): void {
  const d = descriptorFor(el, prop);
  if (d?.set) d.set.call(el, value);
  else (el as unknown as Record<string, unknown>)[prop] = value;
}

function getNative<T>(el: Element, prop: 'value' | 'checked' | 'selectedIndex'): T {
  const d = descriptorFor(el, prop);
  return (d?.get ? d.get.call(el) : (el as unknown as Record<string, unknown>)[prop]) as T;
}

function fire(el: Element, type: string, data?: string): void {
  const w = win(el);
  let event: Event;
  if (type === 'input' || type === 'beforeinput') {
    event = new w.InputEvent(type, { bubbles: true, cancelable: type === 'beforeinput', composed: true, inputType: data === undefined ? 'insertReplacementText' : 'insertText', data: data ?? null });
  } else if (type === 'focus' || type === 'blur') {
    event = new w.FocusEvent(type, { bubbles: false, composed: true });
  } else if (type === 'focusin' || type === 'focusout') {
    event = new w.FocusEvent(type, { bubbles: true, composed: true });
  } else {
    event = new w.Event(type, { bubbles: true, cancelable: false, composed: true });
  }
  el.dispatchEvent(event);
}

function focusEvents(el: Element): void {
  fire(el, 'focus');
  fire(el, 'focusin');
}

function blurEvents(el: Element): void {
  fire(el, 'blur');
  fire(el, 'focusout');
}

function digitsOf(s: string): string {
  return s.replace(/\D+/g, '');
}

/** Did the field keep the value (allowing a formatter to change case or add separators)? */
function kept(el: Element, write: Extract<WriteAction, { type: 'value' }>): boolean {
  const now = getNative<string>(el, 'value');
  if (now === write.value) return true;
  if (write.digits) return digitsOf(now) === digitsOf(write.value) && digitsOf(now) !== '';
  return nameKey(now) === nameKey(write.value) && now !== '';
}

function typeText(el: Element, value: string): void {
  setNative(el, 'value', '');
  fire(el, 'input');
  for (const ch of value) {
    fire(el, 'keydown');
    const typed = getNative<string>(el, 'value') + ch;
    setNative(el, 'value', typed);
    fire(el, 'input', ch);
    fire(el, 'keyup');
  }
}

function writeValue(el: HTMLElement, write: Extract<WriteAction, { type: 'value' }>, journal: JournalEntry[]): boolean {
  const before = getNative<string>(el, 'value');
  focusEvents(el);
  setNative(el, 'value', write.value);
  fire(el, 'input');
  if (!kept(el, write)) {
    // A mask rejected the whole value at once: type it character by character.
    typeText(el, write.value);
  }
  fire(el, 'change');
  blurEvents(el);
  if (!kept(el, write)) {
    setNative(el, 'value', before);
    fire(el, 'input');
    fire(el, 'change');
    return false;
  }
  journal.push({ el, prop: 'value', before, after: getNative<string>(el, 'value') });
  return true;
}

/** The live options of a select, read only as far as matching needs; disabled options never match. */
function liveOptions(select: HTMLSelectElement): OptionSource {
  const opts = select.options;
  return {
    length: opts.length,
    value: (i) => {
      const o = opts[i];
      return !o || o.disabled ? '\u0000' : o.value;
    },
    text: (i) => {
      const o = opts[i];
      return !o || o.disabled ? '' : o.text;
    },
  };
}

function findOption(select: HTMLSelectElement, write: Extract<WriteAction, { type: 'option' }>): number {
  if (write.index !== undefined) {
    const o = select.options[write.index];
    if (o && !o.disabled && matchOption([{ text: o.text, value: o.value }], write.candidates) === 0) return write.index;
  }
  return matchOption(liveOptions(select), write.candidates);
}

function waitForOption(select: HTMLSelectElement, write: Extract<WriteAction, { type: 'option' }>, deadline: number): Promise<number> {
  return new Promise((resolve) => {
    const w = win(select);
    let done = false;
    const finish = (i: number) => {
      if (done) return;
      done = true;
      observer.disconnect();
      w.clearTimeout(timer);
      resolve(i);
    };
    const observer = new w.MutationObserver(() => {
      const i = findOption(select, write);
      if (i >= 0) finish(i);
    });
    observer.observe(select, { childList: true, subtree: true, attributes: true, characterData: true });
    const timer = w.setTimeout(() => finish(findOption(select, write)), Math.max(0, deadline - Date.now()));
  });
}

function writeOption(select: HTMLSelectElement, index: number, journal: JournalEntry[]): boolean {
  const before = getNative<number>(select, 'selectedIndex');
  focusEvents(select);
  setNative(select, 'selectedIndex', index);
  fire(select, 'input');
  fire(select, 'change');
  blurEvents(select);
  if (getNative<number>(select, 'selectedIndex') !== index) return false;
  journal.push({ el: select, prop: 'selectedIndex', before, after: index });
  return true;
}

function writeRadio(radios: HTMLElement[], write: Extract<WriteAction, { type: 'radio' }>, journal: JournalEntry[]): boolean {
  const inputs = radios as HTMLInputElement[];
  let index = write.index ?? -1;
  const live = inputs.map((r) => ({ text: (r.labels?.[0]?.textContent ?? r.value).trim(), value: r.value }));
  if (index < 0 || matchOption([live[index]!], write.candidates) !== 0) index = matchOption(live, write.candidates);
  const target = inputs[index];
  if (!target) return false;
  const before = inputs.findIndex((r) => getNative<boolean>(r, 'checked'));
  if (!target.checked) {
    focusEvents(target);
    target.click();
    if (!target.checked) {
      setNative(target, 'checked', true);
      fire(target, 'input');
      fire(target, 'change');
    }
    blurEvents(target);
  }
  if (!target.checked) return false;
  if (before !== index) journal.push({ el: target, prop: 'radio', before, after: index, group: inputs });
  return true;
}

function writeCheck(box: HTMLInputElement, checked: boolean, journal: JournalEntry[]): boolean {
  const before = box.checked;
  if (before === checked) return true;
  focusEvents(box);
  box.click();
  if (box.checked !== checked) {
    setNative(box, 'checked', checked);
    fire(box, 'input');
    fire(box, 'change');
  }
  blurEvents(box);
  if (box.checked !== checked) return false;
  journal.push({ el: box, prop: 'checked', before, after: checked });
  return true;
}

/** Writing order: choices that reveal or filter other fields first (born abroad, country, département). */
const FIRST = ['bornAbroad', 'birthCountry', 'birthDepartement'];

/** Lets microtask-scheduled work run (framework re-renders, mutation observers) without yielding to rendering. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 4; i++) await Promise.resolve();
}

/** A macrotask without timer clamping, so frameworks can render between passes. */
export function tick(w: Window & typeof globalThis = window): Promise<void> {
  return new Promise((resolve) => {
    const channel = new w.MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(0);
  });
}

export async function insert(items: PlanItem[], elements: Map<string, HTMLElement[]>, options: InsertOptions = {}): Promise<InsertResult> {
  const filled: FilledItem[] = [];
  const skipped: SkipItem[] = [];
  const journal: JournalEntry[] = [];
  const ordered = [...items].sort((a, b) => {
    const fa = FIRST.indexOf(a.kind);
    const fb = FIRST.indexOf(b.kind);
    return (fa < 0 ? 99 : fa) - (fb < 0 ? 99 : fb);
  });
  const deadline = Date.now() + (options.optionWaitMs ?? 1500);
  const written: { item: PlanItem; el: HTMLElement }[] = [];
  for (const item of ordered) {
    const els = elements.get(item.id);
    const el = els?.[0];
    const fail = (reason: SkipItem['reason'], detail: string) => skipped.push({ id: item.id, kind: item.kind, label: item.label, reason, detail });
    if (!el || !el.isConnected) { fail('gone', 'the field left the page'); continue; }
    let ok = false;
    const w = item.write;
    switch (w.type) {
      case 'value':
        ok = writeValue(el, w, journal);
        if (ok) written.push({ item, el });
        break;
      case 'option': {
        const select = el as HTMLSelectElement;
        let index = findOption(select, w);
        if (index < 0) index = await waitForOption(select, w, deadline);
        if (index < 0) { fail('no-matching-option', 'no option matches the certified value'); continue; }
        ok = writeOption(select, index, journal);
        if (ok) {
          item.value = select.options[index]?.text.trim() || item.value;
          written.push({ item, el });
        }
        break;
      }
      case 'radio':
        ok = writeRadio(els!, w, journal);
        break;
      case 'check':
        ok = writeCheck(el as HTMLInputElement, w.checked, journal);
        break;
    }
    if (ok) filled.push({ id: item.id, kind: item.kind, label: item.label, value: item.value });
    else fail('rejected', 'the page refused the value');
  }
  // Controlled inputs may reset when the framework re-renders: check once, retype once, then report.
  if (written.length) {
    await settle();
    const retry = written.filter(({ item, el }) => item.write.type === 'value' && !kept(el, item.write));
    for (const { item, el } of retry) {
      const w = item.write as Extract<WriteAction, { type: 'value' }>;
      focusEvents(el);
      typeText(el, w.value);
      fire(el, 'change');
      blurEvents(el);
    }
    if (retry.length) await tick(win(retry[0]!.el));
    for (const { item, el } of retry) {
      if (!kept(el, item.write as Extract<WriteAction, { type: 'value' }>)) {
        const i = filled.findIndex((f) => f.id === item.id);
        if (i >= 0) filled.splice(i, 1);
        skipped.push({ id: item.id, kind: item.kind, label: item.label, reason: 'rejected', detail: 'the page reset the value' });
      }
    }
  }
  return { filled, skipped, journal };
}

/** Restores what a fill changed, newest first; a field changed since (by the user) is left alone. */
export function undoJournal(journal: JournalEntry[]): { restored: number; kept: number } {
  let restored = 0;
  let keptCount = 0;
  for (let i = journal.length - 1; i >= 0; i--) {
    const e = journal[i]!;
    if (!e.el.isConnected) continue;
    if (e.prop === 'radio' && e.group) {
      const now = e.group.findIndex((r) => r.checked);
      if (now !== e.after) { keptCount++; continue; }
      const back = typeof e.before === 'number' && e.before >= 0 ? e.group[e.before] : undefined;
      const el = back ?? e.el;
      focusEvents(el);
      setNative(el, 'checked', !!back);
      fire(el, 'input');
      fire(el, 'change');
      blurEvents(el);
      restored++;
      continue;
    }
    const now = getNative<unknown>(e.el, e.prop as 'value');
    if (now !== e.after) { keptCount++; continue; }
    focusEvents(e.el);
    setNative(e.el, e.prop as 'value', e.before);
    fire(e.el, 'input');
    fire(e.el, 'change');
    blurEvents(e.el);
    restored++;
  }
  return { restored, kept: keptCount };
}
