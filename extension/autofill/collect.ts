/**
 * Collect: the page's form controls as plain descriptors (labels, section context, state), through
 * open shadow roots and same-origin iframes. Reads the DOM, never writes to it.
 */
import type { Control, FieldDescriptor, OptionInfo } from './types';

export interface CollectOptions {
  /**
   * Check layout visibility: `true` (default) for every field; `'lazy'` to leave `visible` true and
   * check only the fields later passed to `Collected.resolveVisibility` (reading layout is the costly
   * part of collecting, and only recognised fields need it); `false` for DOMs without layout.
   */
  visibility?: boolean | 'lazy';
  /** Read at most this many options per select into the descriptor (default 400). */
  maxOptions?: number;
  /**
   * Also collect data displayed as text (label/value pairs in `dl`, tables, « Nom : DUBOIS »
   * lines), as read-only descriptors with control `text` and `type` `display` (verify uses them).
   */
  displayed?: boolean;
}

export interface Collected {
  fields: FieldDescriptor[];
  /** Elements behind each descriptor id: one control, or every radio of a group. */
  elements: Map<string, HTMLElement[]>;
  /** Documents visited (top first, then same-origin frames). */
  documents: Document[];
  /** Sets `visible` on these descriptors from the layout (for the `'lazy'` visibility option). */
  resolveVisibility(fields: FieldDescriptor[]): void;
}

const SKIPPED_TYPES = new Set(['hidden', 'submit', 'button', 'reset', 'image', 'file', 'range', 'color']);
const HINT_CLASS = /(^|[\s_-])(hint|help|aide|indication|description|desc|exemple|example|form-text|helper|sub-?label|info-?text|fr-hint-text|fr-message|message|error|erreur)([\s_-]|$)/i;
const HEADING_CLASS = /(^|[\s_-])(title|titre|heading|header|legend|section-?title)([\s_-]|$)/i;
const SKIP_TEXT_TAGS = new Set(['INPUT', 'SELECT', 'TEXTAREA', 'BUTTON', 'OPTION', 'SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT', 'DATALIST', 'SVG']);

let nextId = 1;
const ids = new WeakMap<object, string>();
const keys = new WeakMap<object, number>();
let nextKey = 1;

/** Stable id for an element (or a radio group's first radio), kept across calls. */
function idFor(el: object): string {
  let id = ids.get(el);
  if (!id) {
    id = `pf${nextId++}`;
    ids.set(el, id);
  }
  return id;
}

function keyFor(el: object | null | undefined): number {
  if (!el) return 0;
  let k = keys.get(el);
  if (!k) {
    k = nextKey++;
    keys.set(el, k);
  }
  return k;
}

function clean(text: string | null | undefined): string {
  return (text ?? '').replace(/[\s\u00a0\u202f]+/g, ' ').trim();
}

function isHintElement(el: Element): boolean {
  if (el.tagName === 'SMALL') return true;
  const cls = typeof el.className === 'string' ? el.className : el.getAttribute('class') ?? '';
  return cls !== '' && HINT_CLASS.test(cls);
}

/** Text of a label-like element, without nested controls; hint text returned apart. */
function textParts(root: Element): { text: string; hint: string } {
  let text = '';
  let hint = '';
  const walk = (node: Node, inHint: boolean): void => {
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === 3) {
        if (inHint) hint += child.nodeValue ?? '';
        else text += child.nodeValue ?? '';
      } else if (child.nodeType === 1) {
        const el = child as Element;
        if (SKIP_TEXT_TAGS.has(el.tagName.toUpperCase())) continue;
        if ((el as HTMLElement).hidden) continue;
        const hintHere = inHint || isHintElement(el);
        if (!hintHere && el.tagName === 'BR') text += ' ';
        walk(el, hintHere);
        if (el.tagName === 'DIV' || el.tagName === 'P' || el.tagName === 'SPAN') {
          if (hintHere) hint += ' ';
          else text += ' ';
        }
      }
    }
  };
  walk(root, false);
  return { text: clean(text), hint: clean(hint) };
}

function textOf(el: Element | null | undefined): string {
  return el ? textParts(el).text : '';
}

function rootOf(el: Element): Document | ShadowRoot {
  const r = el.getRootNode();
  return r.nodeType === 9 || r.nodeType === 11 ? (r as Document | ShadowRoot) : el.ownerDocument;
}

function byIdIn(root: Document | ShadowRoot, id: string): Element | null {
  return root.getElementById ? root.getElementById(id) : root.querySelector(`#${CSS.escape(id)}`);
}

function idrefText(el: Element, attr: string): string {
  const refs = el.getAttribute(attr);
  if (!refs) return '';
  const root = rootOf(el);
  return clean(refs.split(/\s+/).map((id) => textOf(byIdIn(root, id))).join(' '));
}

function controlOf(el: Element): Control | undefined {
  const tag = el.tagName;
  if (tag === 'SELECT') return 'select';
  if (tag === 'TEXTAREA') return 'textarea';
  if (tag !== 'INPUT') return undefined;
  const type = ((el as HTMLInputElement).type || 'text').toLowerCase();
  if (SKIPPED_TYPES.has(type)) return undefined;
  switch (type) {
    case 'radio': return 'radio';
    case 'checkbox': return 'checkbox';
    case 'email': return 'email';
    case 'date': return 'date';
    case 'number': return 'number';
    case 'tel': return 'tel';
    default: return 'text';
  }
}

/** Text just before the control: previous siblings, climbing while the container holds only this control. */
function nearText(el: Element): string {
  let node: Element | null = el;
  for (let depth = 0; node && depth < 3; depth++) {
    let text = '';
    for (let sib = node.previousSibling; sib; sib = sib.previousSibling) {
      if (sib.nodeType === 3) text = (sib.nodeValue ?? '') + text;
      else if (sib.nodeType === 1) {
        const e = sib as Element;
        if (SKIP_TEXT_TAGS.has(e.tagName) || e.querySelector('input, select, textarea')) break;
        if (e.tagName === 'LABEL' && (e as HTMLLabelElement).control) {
          if ((e as HTMLLabelElement).control === el) continue;
          break;
        }
        text = `${textOf(e)} ${text}`;
      }
      if (clean(text).length > 0 && sib.nodeType === 1) break;
    }
    const t = clean(text);
    if (t) return t.length > 120 ? t.slice(-120) : t;
    const parent: Element | null = node.parentElement;
    if (!parent || parent.tagName === 'FORM' || parent.tagName === 'BODY' || parent.tagName === 'FIELDSET' || parent.tagName === 'TD' || parent.tagName === 'TH') break;
    if (parent.querySelectorAll('input:not([type=hidden]), select, textarea').length > 1) break;
    node = parent;
  }
  return '';
}

interface TableInfo { near: string; column: string }

let headerCache = new WeakMap<HTMLTableElement, { row: HTMLTableRowElement; texts: { from: number; to: number; text: string }[] } | null>();
let rowHeadCache = new WeakMap<HTMLTableRowElement, string>();

function headerOf(table: HTMLTableElement): { row: HTMLTableRowElement; texts: { from: number; to: number; text: string }[] } | null {
  const cached = headerCache.get(table);
  if (cached !== undefined) return cached;
  const first = table.rows[0];
  const row = table.tHead?.rows[0] ?? (first && first.querySelector('th') && !first.querySelector('input, select, textarea') ? first : undefined);
  let result: { row: HTMLTableRowElement; texts: { from: number; to: number; text: string }[] } | null = null;
  if (row) {
    const texts: { from: number; to: number; text: string }[] = [];
    let at = 0;
    for (const h of Array.from(row.cells)) {
      const span = h.colSpan || 1;
      texts.push({ from: at, to: at + span, text: textOf(h) });
      at += span;
    }
    result = { row, texts };
  }
  headerCache.set(table, result);
  return result;
}

function tableInfo(el: Element): TableInfo | undefined {
  const cell = el.closest('td, th') as HTMLTableCellElement | null;
  if (!cell) return undefined;
  const row = cell.parentElement as HTMLTableRowElement | null;
  if (!row || row.tagName !== 'TR') return undefined;
  let column = '';
  const table = row.closest('table');
  const header = table ? headerOf(table) : null;
  if (header && header.row !== row) {
    let index = 0;
    for (let c = cell.previousElementSibling; c; c = c.previousElementSibling) index += (c as HTMLTableCellElement).colSpan || 1;
    column = header.texts.find((h) => index >= h.from && index < h.to)?.text ?? '';
  }
  let near = '';
  if (!column) {
    // A label cell to the left (« Nom : | [ ] »).
    for (let c = cell.previousElementSibling; c; c = c.previousElementSibling) {
      if (c.querySelector('input, select, textarea')) continue;
      const t = textOf(c);
      if (t) { near = t; break; }
    }
  }
  if (!near) {
    // The first cell of the row as a row header (« Conjoint », « Enfant 1 »).
    let head = rowHeadCache.get(row);
    if (head === undefined) {
      const first = row.cells[0];
      head = first && first !== cell && !first.querySelector('input, select, textarea') ? textOf(first) : '';
      rowHeadCache.set(row, head);
    }
    near = head;
  }
  return { near, column };
}

interface HeadingRecord { el: Element; level: number; text: string; scope: Element | null }

function headingLevel(el: Element): number {
  const m = /^H([1-6])$/.exec(el.tagName);
  if (m) return Number(m[1]);
  const aria = Number(el.getAttribute('aria-level'));
  if (el.getAttribute('role') === 'heading') return aria || 2;
  return 7;
}

function isHeading(el: Element, roleHeadings: Set<Element>): boolean {
  const tag = el.tagName;
  if ((tag.length === 2 && tag.charCodeAt(0) === 72 && tag.charCodeAt(1) >= 49 && tag.charCodeAt(1) <= 54) || tag === 'CAPTION') return true;
  if (roleHeadings.size && roleHeadings.has(el)) return true;
  if (tag === 'LEGEND' || tag === 'LABEL' || tag === 'INPUT' || tag === 'SELECT' || tag === 'TEXTAREA') return false;
  const cls = (el as HTMLElement).className;
  if (typeof cls !== 'string' || cls === '' || !HEADING_CLASS.test(cls)) return false;
  if (el.querySelector('input, select, textarea, h1, h2, h3, h4, h5, h6')) return false;
  const t = el.textContent ?? '';
  return t.length > 0 && t.length < 120;
}

/** The smallest ancestor of a heading that also holds form controls: where the heading applies. */
function headingScope(el: Element): Element | null {
  let node = el.parentElement;
  while (node) {
    if (node.querySelector('input, select, textarea')) return node;
    node = node.parentElement;
  }
  return null;
}

/**
 * Headings in force at the current point of the walk: a stack of strictly increasing levels (an h2
 * closes the previous h2 and everything below it). `version` changes with every heading seen.
 */
interface HeadingStack { list: HeadingRecord[]; version: number; /** whether the root has role=group/radiogroup elements at all */ roleGroups: boolean }

function pushHeading(stack: HeadingStack, h: HeadingRecord): void {
  while (stack.list.length && stack.list[stack.list.length - 1]!.level >= h.level) stack.list.pop();
  stack.list.push(h);
  stack.version++;
}

let contextCache = new WeakMap<Element, { version: number; value: { group: string; context: string[] } }>();
let legendCache = new WeakMap<Element, string[]>();

/** Legends of a fieldset and of the fieldsets around it, innermost first. */
function legendsOf(fs: Element | null): string[] {
  if (!fs) return [];
  let cached = legendCache.get(fs);
  if (cached) return cached;
  const legend = Array.from(fs.children).find((c) => c.tagName === 'LEGEND');
  const text = legend ? textOf(legend) : clean(fs.getAttribute('aria-label')) || idrefText(fs, 'aria-labelledby');
  const outer = legendsOf(fs.parentElement?.closest('fieldset') ?? null);
  cached = text ? [text, ...outer] : outer;
  legendCache.set(fs, cached);
  return cached;
}

/** Group and context of an element; siblings under one parent with no heading between them share it. */
function contextOf(el: Element, headings: HeadingStack, hostContext: string[]): { group: string; context: string[] } {
  const parent = el.parentElement;
  if (!parent) return contextUncached(el, headings, hostContext);
  const cached = contextCache.get(parent);
  if (cached && cached.version === headings.version) return cached.value;
  const value = contextUncached(el, headings, hostContext);
  contextCache.set(parent, { version: headings.version, value });
  return value;
}

function contextUncached(el: Element, headings: HeadingStack, hostContext: string[]): { group: string; context: string[] } {
  const legends = [...legendsOf(el.closest('fieldset'))];
  const roleGroup = headings.roleGroups ? el.closest('[role=radiogroup], [role=group]') : null;
  if (roleGroup && (!el.closest('fieldset') || !roleGroup.contains(el.closest('fieldset')))) {
    const t = clean(roleGroup.getAttribute('aria-label')) || idrefText(roleGroup, 'aria-labelledby');
    if (t) legends.unshift(t);
  }
  const group = legends.shift() ?? '';
  const heads: string[] = [];
  for (let i = headings.list.length - 1; i >= 0 && heads.length < 4; i--) {
    const h = headings.list[i]!;
    if (h.scope && !h.scope.contains(el)) continue;
    heads.push(h.text);
  }
  return { group, context: [...legends, ...heads, ...hostContext] };
}

function optionInfos(select: HTMLSelectElement, max: number): { options: OptionInfo[]; count: number } {
  const opts = select.options;
  const count = opts.length;
  const n = Math.min(count, max);
  const options: OptionInfo[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const o = opts[i]!;
    options[i] = { text: o.text, value: o.value, selected: o.selected, defaultSelected: o.defaultSelected, disabled: o.disabled };
  }
  return { options, count };
}

/** Visible to the person at the screen? Hidden, display:none, zero-size, off-page, aria-hidden and inert all count as not. */
export function isVisible(el: HTMLElement): boolean {
  if (el.hidden || el.closest('[hidden], [aria-hidden="true"], [inert]')) return false;
  const toggle = el.tagName === 'INPUT' && ((el as HTMLInputElement).type === 'radio' || (el as HTMLInputElement).type === 'checkbox');
  const check = (el as HTMLElement & { checkVisibility?: (o?: object) => boolean }).checkVisibility;
  if (check && !check.call(el, { visibilityProperty: true, opacityProperty: !toggle, contentVisibilityAuto: true })) {
    return toggle ? labelVisible(el) : false;
  }
  const rect = el.getBoundingClientRect();
  if (rect.width < 2 || rect.height < 2) return toggle ? labelVisible(el) : false;
  const view = el.ownerDocument.defaultView;
  const docEl = el.ownerDocument.documentElement;
  const left = rect.left + (view?.scrollX ?? 0);
  const top = rect.top + (view?.scrollY ?? 0);
  if (left + rect.width <= 0 || top + rect.height <= 0) return false;
  if (left >= Math.max(docEl.scrollWidth, docEl.clientWidth) + 1) return false;
  const style = view?.getComputedStyle(el);
  if (style && !toggle && (style.clipPath === 'inset(50%)' || /rect\(0(px)?,? 0(px)?,? 0(px)?,? 0(px)?\)/.test(style.clip))) return false;
  return !clippedAway(el);
}

let clipCache = new WeakMap<Element, boolean>();

/** Does an ancestor clip the element out of sight (a 1-pixel `overflow: hidden` box, `clip: rect(0 0 0 0)`)? */
function clippedAway(el: Element): boolean {
  const view = el.ownerDocument.defaultView;
  if (!view) return false;
  for (let a = el.parentElement; a && a.tagName !== 'BODY' && a.tagName !== 'HTML'; a = a.parentElement) {
    let hides = clipCache.get(a);
    if (hides === undefined) {
      hides = false;
      const style = view.getComputedStyle(a);
      if (style.overflow !== 'visible' || style.clip !== 'auto' || style.clipPath !== 'none') {
        const r = a.getBoundingClientRect();
        hides = r.width < 2 || r.height < 2 || /rect\(0(px)?,? 0(px)?,? 0(px)?,? 0(px)?\)/.test(style.clip) || style.clipPath === 'inset(50%)';
      }
      clipCache.set(a, hides);
    }
    if (hides) return true;
  }
  return false;
}

function labelVisible(el: HTMLElement): boolean {
  const labels = (el as HTMLInputElement).labels;
  if (!labels) return false;
  for (const l of Array.from(labels)) {
    const r = l.getBoundingClientRect();
    if (r.width >= 2 && r.height >= 2 && !l.closest('[hidden], [aria-hidden="true"]')) {
      const check = (l as HTMLElement & { checkVisibility?: (o?: object) => boolean }).checkVisibility;
      if (!check || check.call(l, { visibilityProperty: true, opacityProperty: true })) return true;
    }
  }
  return false;
}

/** Closest `lang`; `fixed` is the document's when no element of the root carries its own. */
function langOf(el: Element, fixed: string | null): string {
  if (fixed !== null) return fixed;
  const withLang = el.closest('[lang]');
  return (withLang?.getAttribute('lang') ?? el.ownerDocument.documentElement.lang ?? '').toLowerCase();
}

interface Walk {
  fields: FieldDescriptor[];
  elements: Map<string, HTMLElement[]>;
  documents: Document[];
  radioGroups: Map<string, FieldDescriptor>;
  order: number;
  options: { visibility: boolean | 'lazy'; maxOptions: number; displayed: boolean };
  lastPair: Element | null;
}

type LabelMap = Map<Element, HTMLLabelElement[]>;

/** Every label of a document or shadow root, by the control it labels: one pass instead of `el.labels` per field. */
function labelMap(root: Document | ShadowRoot, labels: HTMLLabelElement[]): LabelMap {
  const map: LabelMap = new Map();
  for (const l of labels) {
    let control: Element | null | undefined = l.control;
    if (control === undefined) {
      const f = l.getAttribute('for');
      control = f ? byIdIn(root, f) : l.querySelector('input, select, textarea');
    }
    if (!control) continue;
    const list = map.get(control);
    if (list) list.push(l);
    else map.set(control, [l]);
  }
  return map;
}

function labelTexts(el: HTMLElement, labels: LabelMap): { label: string; hint: string } {
  let label = '';
  let hint = '';
  for (const l of labels.get(el) ?? []) {
    const p = textParts(l);
    label += ` ${p.text}`;
    hint += ` ${p.hint}`;
  }
  return { label: clean(label), hint: clean(hint) };
}

/** What a root contains at all, so that per-field lookups for absent structures are skipped. */
interface RootFlags { cells: boolean; dd: boolean; disabledSets: boolean; lang: string | null }

function describe(el: HTMLElement, control: Control, frame: number, headings: HeadingStack, hostContext: string[], walk: Walk, labels: LabelMap, flags: RootFlags): void {
  const input = el as HTMLInputElement;
  const { label, hint: labelHint } = labelTexts(el, labels);
  const aria = clean(`${el.getAttribute('aria-label') ?? ''} ${idrefText(el, 'aria-labelledby')}`);
  const described = idrefText(el, 'aria-describedby');
  const table = flags.cells ? tableInfo(el) : undefined;
  const { group, context } = contextOf(el, headings, hostContext);
  const near = table?.near || (label ? '' : nearText(el));
  const dd = flags.dd ? el.closest('dd') : null;
  const dt = dd?.previousElementSibling?.tagName === 'DT' ? textOf(dd.previousElementSibling) : '';
  const fieldset = el.closest('fieldset');
  const parent = el.parentElement;
  const base = {
    frame,
    control,
    type: el.tagName === 'INPUT' ? (input.type || 'text').toLowerCase() : el.tagName.toLowerCase(),
    name: el.getAttribute('name') ?? '',
    htmlId: el.id ?? '',
    autocomplete: (el.getAttribute('autocomplete') ?? el.getAttribute('x-autocompletetype') ?? '').toLowerCase(),
    label: control === 'radio' ? '' : label,
    hint: clean(`${labelHint} ${described}`),
    aria,
    placeholder: clean(el.getAttribute('placeholder')),
    title: clean(el.getAttribute('title')),
    near: near || dt,
    column: table?.column ?? '',
    group,
    context,
    fieldset: keyFor(fieldset),
    parent: keyFor(parent),
    grandparent: keyFor(parent?.parentElement),
    readonly: input.readOnly === true || el.getAttribute('aria-readonly') === 'true',
    disabled: input.disabled === true || (flags.disabledSets && el.closest('fieldset[disabled]') !== null),
    maxLength: typeof input.maxLength === 'number' && input.maxLength > 0 ? input.maxLength : -1,
    pattern: el.getAttribute('pattern') ?? '',
    lang: langOf(el, flags.lang),
  };
  const visible = walk.options.visibility === true ? isVisible(el) : walk.options.visibility === 'lazy' ? true : !(el.hidden || el.closest('[hidden], [aria-hidden="true"]'));

  if (control === 'radio') {
    const form = input.form;
    const groupKey = `${frame}:${keyFor(form ?? rootOf(el))}:${input.name || `#${keyFor(fieldset ?? parent)}`}`;
    const choice: OptionInfo = { text: label || aria || clean(el.getAttribute('value')), value: input.value, selected: input.checked, defaultSelected: input.defaultChecked, disabled: input.disabled };
    const existing = walk.radioGroups.get(groupKey);
    if (existing) {
      existing.options!.push(choice);
      existing.optionCount = existing.options!.length;
      existing.visible ||= visible;
      existing.disabled &&= base.disabled;
      if (input.checked) existing.value = input.value;
      if (input.defaultChecked) existing.defaultValue = input.value;
      walk.elements.get(existing.id)!.push(el);
      return;
    }
    const radioGroup = el.closest('[role=radiogroup]');
    const groupLabel =
      (radioGroup ? clean(radioGroup.getAttribute('aria-label')) || idrefText(radioGroup, 'aria-labelledby') : '') ||
      nearText(el) ||
      table?.near ||
      group;
    const d: FieldDescriptor = {
      ...base,
      id: idFor(el),
      label: groupLabel,
      aria: '',
      near: base.near === label ? '' : base.near,
      group: group || groupLabel,
      value: input.checked ? input.value : '',
      defaultValue: input.defaultChecked ? input.value : '',
      visible,
      options: [choice],
      optionCount: 1,
      order: walk.order++,
    };
    walk.radioGroups.set(groupKey, d);
    walk.fields.push(d);
    walk.elements.set(d.id, [el]);
    return;
  }

  const d: FieldDescriptor = { ...base, id: idFor(el), value: '', defaultValue: '', visible, order: walk.order++ };
  if (control === 'select') {
    const select = el as HTMLSelectElement;
    const { options, count } = optionInfos(select, walk.options.maxOptions);
    d.options = options;
    d.optionCount = count;
    if (count > options.length) d.optionsTruncated = true;
    d.value = select.value;
    const def = Array.from({ length: Math.min(count, walk.options.maxOptions) }, (_, i) => select.options[i]!).find((o) => o.defaultSelected);
    d.defaultValue = def ? def.value : count > 0 ? select.options[0]!.value : '';
  } else if (control === 'checkbox') {
    d.checked = input.checked;
    d.defaultChecked = input.defaultChecked;
    d.value = input.checked ? 'on' : '';
    d.defaultValue = input.defaultChecked ? 'on' : '';
  } else {
    d.value = (el as HTMLInputElement | HTMLTextAreaElement).value;
    d.defaultValue = (el as HTMLInputElement | HTMLTextAreaElement).defaultValue;
  }
  walk.fields.push(d);
  walk.elements.set(d.id, [el]);
}

// ——— data displayed as text (for verify) ———

interface Pair { label: string; value: string; target: HTMLElement; near: string; column: string }

const PAIR_TAGS = new Set(['DD', 'TR', 'TD', 'P', 'LI', 'DIV', 'SPAN', 'SECTION', 'ARTICLE']);
const COLON_PAIR = /^([^:：]{2,70}?)\s*[:：]\s*(\S[\s\S]{0,160})$/;
const HAS_CONTROL = 'input, select, textarea, button';

function looksLikeLabel(text: string): boolean {
  return text.length >= 2 && text.length <= 70 && /[a-zA-ZÀ-ÿ]/.test(text) && !/[:：]\s*\S/.test(text);
}

function stripColon(text: string): string {
  return text.replace(/\s*[:：]\s*$/, '').trim();
}

function pairOf(el: Element): Pair | undefined {
  const tag = el.tagName;
  if (!PAIR_TAGS.has(tag) || el.closest('label, legend, option, button, script, style, h1, h2, h3, h4, h5, h6, caption, thead')) return undefined;
  if (tag === 'DD') {
    let dt = el.previousElementSibling;
    while (dt && dt.tagName === 'DD') dt = dt.previousElementSibling;
    if (!dt || dt.tagName !== 'DT' || el.querySelector(HAS_CONTROL)) return undefined;
    const value = textOf(el);
    return value ? { label: stripColon(textOf(dt)), value, target: el as HTMLElement, near: '', column: '' } : undefined;
  }
  if (tag === 'TR') {
    const row = el as HTMLTableRowElement;
    const table = row.closest('table');
    const headerRow = table?.tHead?.rows[0];
    if (row.cells.length !== 2 || (headerRow && headerRow.cells.length > 2) || row.querySelector(HAS_CONTROL)) return undefined;
    const [a, b] = [row.cells[0]!, row.cells[1]!];
    const label = stripColon(textOf(a));
    const value = textOf(b);
    return looksLikeLabel(label) && value ? { label, value, target: b, near: '', column: '' } : undefined;
  }
  if (tag === 'TD') {
    const cell = el as HTMLTableCellElement;
    const row = cell.parentElement as HTMLTableRowElement | null;
    const table = row?.closest('table');
    const header = table?.tHead?.rows[0] ?? (table?.rows[0] && table.rows[0] !== row && Array.from(table.rows[0].cells).every((c) => c.tagName === 'TH') ? table.rows[0] : undefined);
    if (!row || !header || header === row || header.cells.length <= 2 || cell.querySelector(HAS_CONTROL)) return undefined;
    const column = textOf(header.cells[cell.cellIndex]);
    const value = textOf(cell);
    const first = row.cells[0];
    return column && value ? { label: column, value, target: cell, near: first && first !== cell ? textOf(first) : '', column } : undefined;
  }
  if (el.childElementCount > 6 || el.querySelector(HAS_CONTROL)) return undefined;
  const full = clean(el.textContent);
  if (full.length > 240 || full.length < 3) return undefined;
  // « Nom : DUBOIS », « <strong>Nom :</strong> DUBOIS »
  const m = COLON_PAIR.exec(full);
  if (m && looksLikeLabel(m[1]!) && !/\s[A-Za-zÀ-ÿ’' ]{2,40}\s?[:：]\s/.test(m[2]!)) {
    const value = m[2]!.trim();
    const valueChild = Array.from(el.children).find((c) => clean(c.textContent) === value) as HTMLElement | undefined;
    return { label: m[1]!.trim(), value, target: valueChild ?? (el as HTMLElement), near: '', column: '' };
  }
  // <div><span>Nom de naissance</span><span>DUBOIS</span></div>
  if (el.childElementCount === 2 && !m) {
    const [a, b] = [el.children[0]!, el.children[1]!];
    if (a.childElementCount > 2 || b.childElementCount > 3) return undefined;
    const label = stripColon(clean(a.textContent));
    const value = clean(b.textContent);
    if (looksLikeLabel(label) && value && !COLON_PAIR.test(value) && full.length <= label.length + value.length + 4) {
      return { label, value, target: b as HTMLElement, near: '', column: '' };
    }
  }
  return undefined;
}

function describePair(pair: Pair, frame: number, headings: HeadingStack, hostContext: string[], walk: Walk): void {
  const { group, context } = contextOf(pair.target, headings, hostContext);
  const d: FieldDescriptor = {
    id: idFor(pair.target),
    frame,
    control: 'text',
    type: 'display',
    name: '',
    htmlId: pair.target.id ?? '',
    autocomplete: '',
    label: pair.label,
    hint: '',
    aria: '',
    placeholder: '',
    title: '',
    near: pair.near,
    column: pair.column === pair.label ? '' : pair.column,
    group,
    context,
    fieldset: 0,
    parent: keyFor(pair.target.parentElement),
    grandparent: keyFor(pair.target.parentElement?.parentElement),
    value: pair.value,
    defaultValue: pair.value,
    visible: walk.options.visibility === true ? isVisible(pair.target) : true,
    readonly: true,
    disabled: false,
    maxLength: -1,
    pattern: '',
    lang: langOf(pair.target, null),
    order: walk.order++,
  };
  walk.fields.push(d);
  walk.elements.set(d.id, [pair.target]);
}

type Entry =
  | { kind: 'control'; el: HTMLElement; control: Control; heads: HeadingStack }
  | { kind: 'pair'; pair: Pair; heads: HeadingStack }
  | { kind: 'root'; el: HTMLElement; root: Document | ShadowRoot; frame: number; heads: HeadingStack };

/** The heading stack as it stands now (shared until the next heading). */
function snapshot(stack: HeadingStack, last: { version: number; value: HeadingStack } | null): HeadingStack {
  if (last && last.version === stack.version) return last.value;
  return { list: stack.list.slice(), version: stack.version, roleGroups: stack.roleGroups };
}

/**
 * One pass over the root's elements (options excluded: a 20,000-option select stays cheap) gathers
 * controls, labels, headings, groups, frames and shadow roots in document order; then every control
 * is described with the headings in force where it stands.
 */
function walkRoot(root: Document | ShadowRoot, frame: number, hostContext: string[], walk: Walk, depth: number): void {
  if (depth > 12) return;
  const headings: HeadingStack = { list: [], version: 0, roleGroups: false };
  const roleHeadings = new Set<Element>();
  const labels: HTMLLabelElement[] = [];
  const entries: Entry[] = [];
  let ownLang = false;
  const flags: RootFlags = { cells: false, dd: false, disabledSets: false, lang: null };
  let last: { version: number; value: HeadingStack } | null = null;
  const heads = () => {
    const value = snapshot(headings, last);
    last = { version: headings.version, value };
    return value;
  };
  const all = root.querySelectorAll(':not(option)');
  for (let i = 0; i < all.length; i++) {
    const el = all[i] as HTMLElement;
    const tag = el.tagName;
    if (tag === 'INPUT' || tag === 'SELECT' || tag === 'TEXTAREA') {
      const control = controlOf(el);
      if (control) entries.push({ kind: 'control', el, control, heads: heads() });
      // A select's remaining descendants (optgroups) come next in the list: skip them.
      if (tag === 'SELECT') i += el.getElementsByTagName('optgroup').length;
      continue;
    }
    if (tag === 'SCRIPT' || tag === 'STYLE' || tag === 'TEMPLATE') continue;
    if (tag === 'LABEL') labels.push(el as HTMLLabelElement);
    else if (tag === 'TD' || tag === 'TH') flags.cells = true;
    else if (tag === 'DD') flags.dd = true;
    else if (tag === 'FIELDSET' && (el as HTMLFieldSetElement).disabled) flags.disabledSets = true;
    const role = el.getAttribute('role');
    if (role === 'heading') roleHeadings.add(el);
    else if (role === 'group' || role === 'radiogroup') headings.roleGroups = true;
    if (!ownLang && tag !== 'HTML' && el.hasAttribute('lang')) ownLang = true;
    if (tag === 'IFRAME' || tag === 'FRAME') {
      let doc: Document | null;
      try {
        doc = (el as HTMLIFrameElement).contentDocument;
      } catch {
        doc = null;
      }
      if (doc && doc.documentElement) {
        entries.push({ kind: 'root', el, root: doc, frame: walk.documents.length, heads: heads() });
        walk.documents.push(doc);
      }
    } else if (isHeading(el, roleHeadings)) {
      const text = textOf(el);
      if (text) pushHeading(headings, { el, level: headingLevel(el), text, scope: headingScope(el) });
    } else if (walk.options.displayed && !(walk.lastPair && walk.lastPair.contains(el))) {
      const pair = pairOf(el);
      if (pair) {
        walk.lastPair = el;
        entries.push({ kind: 'pair', pair, heads: heads() });
      }
    }
    const shadow = el.shadowRoot;
    if (shadow) entries.push({ kind: 'root', el, root: shadow, frame, heads: heads() });
  }
  const map = labelMap(root, labels);
  flags.lang = ownLang ? null : ((root.nodeType === 9 ? (root as Document) : (root as ShadowRoot).host.ownerDocument).documentElement.getAttribute('lang') ?? '').toLowerCase();
  for (const e of entries) {
    // Role groups seen anywhere in the root count for every field of it.
    e.heads.roleGroups = headings.roleGroups;
    if (e.kind === 'control') describe(e.el, e.control, frame, e.heads, hostContext, walk, map, flags);
    else if (e.kind === 'pair') describePair(e.pair, frame, e.heads, hostContext, walk);
    else {
      const ctx = contextOf(e.el, e.heads, hostContext);
      const label = e.root.nodeType === 11 ? clean(e.el.getAttribute('aria-label')) || clean(e.el.getAttribute('label')) : '';
      walkRoot(e.root, e.frame, [label, ctx.group, ...ctx.context].filter(Boolean), walk, depth + 1);
    }
  }
}

/** Collects every form control in `doc` (default: the current document), frames and shadow roots included. */
export function collect(doc: Document = document, options: CollectOptions = {}): Collected {
  clipCache = new WeakMap();
  headerCache = new WeakMap();
  rowHeadCache = new WeakMap();
  contextCache = new WeakMap();
  legendCache = new WeakMap();
  const walk: Walk = {
    fields: [],
    elements: new Map(),
    documents: [doc],
    radioGroups: new Map(),
    order: 0,
    options: { visibility: options.visibility ?? true, maxOptions: options.maxOptions ?? 400, displayed: options.displayed ?? false },
    lastPair: null,
  };
  walkRoot(doc, 0, [], walk, 0);
  const { elements } = walk;
  return {
    fields: walk.fields,
    elements,
    documents: walk.documents,
    resolveVisibility(fields) {
      if (walk.options.visibility !== 'lazy') return;
      for (const f of fields) f.visible = (elements.get(f.id) ?? []).some((el) => isVisible(el));
    },
  };
}
