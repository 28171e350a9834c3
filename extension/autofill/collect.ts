/**
 * Collect: the page's form controls as plain descriptors (labels, section context, state), through
 * open shadow roots and same-origin iframes. Reads the DOM, never writes to it.
 */
import type { Control, FieldDescriptor, OptionInfo } from './types';

export interface CollectOptions {
  /** Check layout visibility (default true). Off only for DOM implementations without layout. */
  visibility?: boolean;
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

function tableInfo(el: Element): TableInfo | undefined {
  const cell = el.closest('td, th') as HTMLTableCellElement | null;
  if (!cell) return undefined;
  const row = cell.parentElement as HTMLTableRowElement | null;
  if (!row || row.tagName !== 'TR') return undefined;
  let near = '';
  for (let c = cell.previousElementSibling; c; c = c.previousElementSibling) {
    if (c.querySelector('input, select, textarea')) continue;
    const t = textOf(c);
    if (t) { near = t; break; }
  }
  let column = '';
  const table = row.closest('table');
  if (table) {
    const header = table.tHead?.rows[0] ?? (table.rows[0] !== row && table.rows[0]?.querySelector('th') ? table.rows[0] : undefined);
    if (header && header !== row) {
      let index = 0;
      for (let c = cell.previousElementSibling; c; c = c.previousElementSibling) index += (c as HTMLTableCellElement).colSpan || 1;
      let at = 0;
      for (const h of Array.from(header.cells)) {
        if (index >= at && index < at + (h.colSpan || 1)) { column = textOf(h); break; }
        at += h.colSpan || 1;
      }
    }
    // First cell of the row as a row header (« Conjoint », « Enfant 1 ») when it is not the label.
    const first = row.cells[0];
    if (first && first !== cell && !first.querySelector('input, select, textarea') && !near) near = textOf(first);
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

function isHeading(el: Element): boolean {
  const tag = el.tagName;
  if (/^H[1-6]$/.test(tag) || tag === 'CAPTION') return true;
  if (el.getAttribute('role') === 'heading') return true;
  if (tag === 'LEGEND' || tag === 'LABEL') return false;
  const cls = typeof (el as HTMLElement).className === 'string' ? (el as HTMLElement).className : '';
  if (!cls || !HEADING_CLASS.test(cls)) return false;
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

function contextOf(el: Element, headings: HeadingRecord[], hostContext: string[]): { group: string; context: string[] } {
  const legends: string[] = [];
  const roleGroup = el.closest('[role=radiogroup], [role=group]');
  for (let fs = el.closest('fieldset'); fs; fs = fs.parentElement?.closest('fieldset') ?? null) {
    const legend = Array.from(fs.children).find((c) => c.tagName === 'LEGEND');
    const text = legend ? textOf(legend) : clean(fs.getAttribute('aria-label')) || idrefText(fs, 'aria-labelledby');
    if (text) legends.push(text);
  }
  if (roleGroup && (!el.closest('fieldset') || roleGroup.contains(el.closest('fieldset')) === false)) {
    const t = clean(roleGroup.getAttribute('aria-label')) || idrefText(roleGroup, 'aria-labelledby');
    if (t) legends.unshift(t);
  }
  const group = legends.shift() ?? '';
  const heads: string[] = [];
  let level = 99;
  for (let i = headings.length - 1; i >= 0 && heads.length < 4; i--) {
    const h = headings[i]!;
    if (h.level >= level) continue;
    if (h.scope && !h.scope.contains(el)) continue;
    heads.push(h.text);
    level = h.level;
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
    options[i] = { text: clean(o.text), value: o.value, selected: o.selected, defaultSelected: o.defaultSelected, disabled: o.disabled };
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

function langOf(el: Element): string {
  const withLang = el.closest('[lang]');
  return (withLang?.getAttribute('lang') ?? el.ownerDocument.documentElement.lang ?? '').toLowerCase();
}

interface Walk {
  fields: FieldDescriptor[];
  elements: Map<string, HTMLElement[]>;
  documents: Document[];
  radioGroups: Map<string, FieldDescriptor>;
  order: number;
  options: Required<CollectOptions>;
  lastPair: Element | null;
}

function labelTexts(el: HTMLElement): { label: string; hint: string } {
  const labels = (el as HTMLInputElement).labels;
  let label = '';
  let hint = '';
  if (labels && labels.length) {
    for (const l of Array.from(labels)) {
      const p = textParts(l);
      label += ` ${p.text}`;
      hint += ` ${p.hint}`;
    }
  } else if (el.id) {
    // Labels pointing into another tree (label outside a shadow root) are not in el.labels.
    const root = rootOf(el);
    const l = root.querySelector?.(`label[for="${CSS.escape(el.id)}"]`);
    if (l) { const p = textParts(l); label = p.text; hint = p.hint; }
  }
  return { label: clean(label), hint: clean(hint) };
}

function describe(el: HTMLElement, control: Control, frame: number, headings: HeadingRecord[], hostContext: string[], walk: Walk): void {
  const input = el as HTMLInputElement;
  const { label, hint: labelHint } = labelTexts(el);
  const aria = clean(`${el.getAttribute('aria-label') ?? ''} ${idrefText(el, 'aria-labelledby')}`);
  const described = idrefText(el, 'aria-describedby');
  const table = tableInfo(el);
  const { group, context } = contextOf(el, headings, hostContext);
  const near = table?.near || (label || aria ? '' : nearText(el));
  const dd = el.closest('dd');
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
    disabled: el.matches(':disabled'),
    maxLength: typeof input.maxLength === 'number' && input.maxLength > 0 ? input.maxLength : -1,
    pattern: el.getAttribute('pattern') ?? '',
    lang: langOf(el),
  };
  const visible = walk.options.visibility ? isVisible(el) : !(el.hidden || el.closest('[hidden], [aria-hidden="true"]'));

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

function describePair(pair: Pair, frame: number, headings: HeadingRecord[], hostContext: string[], walk: Walk): void {
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
    visible: walk.options.visibility ? isVisible(pair.target) : true,
    readonly: true,
    disabled: false,
    maxLength: -1,
    pattern: '',
    lang: langOf(pair.target),
    order: walk.order++,
  };
  walk.fields.push(d);
  walk.elements.set(d.id, [pair.target]);
}

function walkRoot(root: Document | ShadowRoot, frame: number, hostContext: string[], walk: Walk, depth: number): void {
  if (depth > 12) return;
  const headings: HeadingRecord[] = [];
  const all = root.querySelectorAll('*');
  for (let i = 0; i < all.length; i++) {
    const el = all[i] as HTMLElement;
    const tag = el.tagName;
    if (tag === 'INPUT' || tag === 'SELECT' || tag === 'TEXTAREA') {
      const control = controlOf(el);
      if (control) describe(el, control, frame, headings, hostContext, walk);
    } else if (tag === 'IFRAME' || tag === 'FRAME') {
      let doc: Document | null;
      try {
        doc = (el as HTMLIFrameElement).contentDocument;
      } catch {
        doc = null;
      }
      if (doc && doc.documentElement) {
        const frameIndex = walk.documents.length;
        walk.documents.push(doc);
        const ctx = contextOf(el, headings, hostContext);
        walkRoot(doc, frameIndex, [ctx.group, ...ctx.context].filter(Boolean), walk, depth + 1);
      }
    } else if (isHeading(el)) {
      const text = textOf(el);
      if (text) headings.push({ el, level: headingLevel(el), text, scope: headingScope(el) });
    } else if (walk.options.displayed && !(walk.lastPair && walk.lastPair.contains(el))) {
      const pair = pairOf(el);
      if (pair) {
        walk.lastPair = el;
        describePair(pair, frame, headings, hostContext, walk);
      }
    }
    const shadow = el.shadowRoot;
    if (shadow) {
      const ctx = contextOf(el, headings, hostContext);
      const label = clean(el.getAttribute('aria-label')) || clean(el.getAttribute('label'));
      walkRoot(shadow, frame, [label, ctx.group, ...ctx.context].filter(Boolean), walk, depth + 1);
    }
  }
}

/** Collects every form control in `doc` (default: the current document), frames and shadow roots included. */
export function collect(doc: Document = document, options: CollectOptions = {}): Collected {
  clipCache = new WeakMap();
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
  return { fields: walk.fields, elements: walk.elements, documents: walk.documents };
}
