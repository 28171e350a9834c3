/**
 * Text, name, date and option comparison. Pure functions, no DOM.
 */

const DIACRITICS = /[\u0300-\u036f]/g;
const NON_ASCII = /[\u0080-\uffff]/;

/** Lowercase, no accents, ligatures expanded, typographic quotes folded. */
export function fold(text: string): string {
  if (!NON_ASCII.test(text)) return text.toLowerCase();
  return text
    .normalize('NFD')
    .replace(DIACRITICS, '')
    .replace(/[œŒ]/g, 'oe')
    .replace(/[æÆ]/g, 'ae')
    .replace(/ß/g, 'ss')
    .toLowerCase();
}

/**
 * Canonical form used by the vocabulary: folded, « (obligatoire) » and stars dropped, every
 * run of non-alphanumeric characters turned into one space. « Né(e) le * » → « ne e le ».
 */
const canonCache = new Map<string, string>();

export function canon(text: string): string {
  if (!text) return '';
  const cached = canonCache.get(text);
  if (cached !== undefined) return cached;
  if (canonCache.size > 8000) canonCache.clear();
  const result = canonUncached(text);
  canonCache.set(text, result);
  return result;
}

function canonUncached(text: string): string {
  return fold(text)
    .replace(/\((obligatoire|facultatif|optionnel|requis|required|optional)\)/g, ' ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** Splits identifiers (`birthName`, `nom_naissance`, `dossier[individual][prenom]`) into words. */
const wordsCache = new Map<string, string>();

export function identifierWords(text: string): string {
  if (!text) return '';
  const cached = wordsCache.get(text);
  if (cached !== undefined) return cached;
  if (wordsCache.size > 8000) wordsCache.clear();
  const result = canon(text.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/([a-zA-Z])(\d)/g, '$1 $2'));
  wordsCache.set(text, result);
  return result;
}

/** Name comparison key: case, accents, hyphens, apostrophes, commas and spacing do not count. */
export function nameKey(text: string): string {
  return fold(text).replace(/[^a-z0-9]+/g, ' ').trim();
}

/** Upper case without accents, as many forms require for names (« DUBOIS », « HELENE »). */
export function upperNoAccents(text: string): string {
  return text.normalize('NFD').replace(DIACRITICS, '').replace(/[œ]/g, 'oe').replace(/[Œ]/g, 'OE').toUpperCase();
}

/** Place name key: like nameKey, with « St »/« Ste » expanded and a leading article kept. */
export function placeKey(text: string): string {
  return nameKey(text)
    .replace(/\bste\b/g, 'sainte')
    .replace(/\bst\b/g, 'saint')
    .replace(/\b(\d+)\s*(e|er|eme|ieme)\b/g, '$1')
    .replace(/\barrondissement\b/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

export interface YMD { y: number; m: number; d: number }

export function parseIsoDate(text: string): YMD | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (!m) return undefined;
  const ymd = { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) };
  return validDate(ymd) ? ymd : undefined;
}

export function validDate({ y, m, d }: YMD): boolean {
  if (!(y >= 1000 && y <= 2999 && m >= 1 && m <= 12 && d >= 1)) return false;
  const days = [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return d <= (days[m - 1] ?? 0);
}

export const FRENCH_MONTHS = ['janvier', 'fevrier', 'mars', 'avril', 'mai', 'juin', 'juillet', 'aout', 'septembre', 'octobre', 'novembre', 'decembre'];
const FRENCH_MONTH_LABELS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];
export const ENGLISH_MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** French month name as written (`août`). */
export function frenchMonth(m: number): string {
  return FRENCH_MONTH_LABELS[m - 1] ?? '';
}

function monthFromWord(word: string): number | undefined {
  const w = fold(word).replace(/\.$/, '');
  if (w.length < 3) return undefined;
  const fr = FRENCH_MONTHS.findIndex((name) => name === w || (w.length >= 3 && name.startsWith(w)));
  if (fr >= 0) return fr + 1;
  const en = ENGLISH_MONTHS.findIndex((name) => name === w || (w.length >= 3 && name.startsWith(w)));
  return en >= 0 ? en + 1 : undefined;
}

function fullYear(y: number, digits: number): number {
  if (digits !== 2) return y;
  const now = new Date().getFullYear() % 100;
  return y <= now ? 2000 + y : 1900 + y;
}

/**
 * Reads a date as a person writes it: `24/08/1962`, `24-8-1962`, `24.08.62`, `1962-08-24`,
 * `24 août 1962`, `1er août 1962`, `August 24, 1962`, `24081962`. Numeric day/month order is
 * French (day first) unless `monthFirst` is set (English forms, `MM/DD/YYYY` hints).
 */
export function parseDisplayedDate(text: string, monthFirst = false): YMD | undefined {
  const t = fold(text).replace(/\b(le|the|on|ne|nee|né|née)\b/g, ' ').trim();
  let m = /(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})/.exec(t);
  if (m) return checked({ y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) });
  m = /(\d{1,2})\s*[-/. ]\s*(\d{1,2})\s*[-/. ]\s*(\d{4}|\d{2})(?!\d)/.exec(t);
  if (m) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    const y = fullYear(Number(m[3]), (m[3] ?? '').length);
    return checked(monthFirst ? { y, m: a, d: b } : { y, m: b, d: a });
  }
  m = /(\d{1,2})\s*(?:er|st|nd|rd|th)?\s+([a-z]+\.?)\s*,?\s*(\d{4})/.exec(t);
  if (m) {
    const month = monthFromWord(m[2] ?? '');
    if (month) return checked({ y: Number(m[3]), m: month, d: Number(m[1]) });
  }
  m = /([a-z]+\.?)\s+(\d{1,2})(?:st|nd|rd|th)?\s*,?\s*(\d{4})/.exec(t);
  if (m) {
    const month = monthFromWord(m[1] ?? '');
    if (month) return checked({ y: Number(m[3]), m: month, d: Number(m[2]) });
  }
  m = /^(\d{8})$/.exec(t.replace(/\s+/g, ''));
  if (m && m[1]) {
    const s = m[1];
    const asYmd = { y: Number(s.slice(0, 4)), m: Number(s.slice(4, 6)), d: Number(s.slice(6, 8)) };
    if (asYmd.y >= 1850 && validDate(asYmd)) return asYmd;
    const asDmy = { y: Number(s.slice(4, 8)), m: Number(s.slice(2, 4)), d: Number(s.slice(0, 2)) };
    return checked(monthFirst ? { y: asDmy.y, m: asDmy.d, d: asDmy.m } : asDmy);
  }
  return undefined;
}

function checked(ymd: YMD): YMD | undefined {
  return validDate(ymd) ? ymd : undefined;
}

export function sameDate(a: YMD | undefined, b: YMD | undefined): boolean {
  return !!a && !!b && a.y === b.y && a.m === b.m && a.d === b.d;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * Writes a date following a format pattern made of `DD`/`JJ`, `MM`, `YYYY`/`AAAA`, `YY`/`AA`
 * and separators, e.g. `JJ/MM/AAAA`, `MM/DD/YYYY`, `AAAA-MM-JJ`, `JJMMAAAA`.
 */
export function formatDate({ y, m, d }: YMD, pattern: string): string {
  return pattern
    .replace(/yyyy|aaaa/gi, String(y))
    .replace(/yy|aa/gi, pad(y % 100))
    .replace(/mm/gi, pad(m))
    .replace(/dd|jj/gi, pad(d));
}

const CODE_LIKE = /^(\d[\dab]{0,2}|\d{5}|[a-z]{2,3}|99\d{3})$/;

/** A select/radio option reduced to what matching needs. */
export interface OptionLike { text: string; value: string }

/** Options read on demand (a live select with 20,000 options is only read as far as needed). */
export interface OptionSource {
  length: number;
  value(i: number): string;
  text(i: number): string;
}

function sourceOf(options: readonly OptionLike[] | OptionSource): OptionSource {
  if (!Array.isArray(options)) return options as OptionSource;
  const list = options as readonly OptionLike[];
  return { length: list.length, value: (i) => list[i]?.value ?? '', text: (i) => list[i]?.text ?? '' };
}

/**
 * Index of the option matching the candidates, or -1. Candidates are in order of preference, but
 * an exact match on an option's value (a code: `99352`, `DZ`, `2A`, `75107`) wins over text matches;
 * then the option text (folded, exact); then the value folded; then, for a candidate that is a code
 * or an option text with a code beside the name (« 75 - Paris », « Corse-du-Sud (2A) »), either part.
 */
export function matchOption(options: readonly OptionLike[] | OptionSource, candidates: readonly string[]): number {
  const src = sourceOf(options);
  const n = src.length;
  const wanted = candidates.filter((c) => c !== '');
  if (wanted.length === 0 || n === 0) return -1;
  const values: (string | undefined)[] = new Array(n);
  const valueAt = (i: number): string => (values[i] ??= src.value(i));
  for (const cand of wanted) {
    for (let i = 0; i < n; i++) if (valueAt(i) === cand) return i;
  }
  for (const cand of wanted) {
    const lower = cand.toLowerCase();
    for (let i = 0; i < n; i++) {
      const v = valueAt(i);
      if (v.length === cand.length && v.toLowerCase() === lower) return i;
    }
  }
  const texts: (string | undefined)[] = new Array(n);
  const valueKeys: (string | undefined)[] = new Array(n);
  const textOf = (i: number): string => (texts[i] ??= nameKey(src.text(i)));
  const valueKeyOf = (i: number): string => (valueKeys[i] ??= nameKey(valueAt(i)));
  for (const cand of wanted) {
    const key = nameKey(cand);
    if (!key) continue;
    for (let i = 0; i < n; i++) if (textOf(i) === key) return i;
    for (let i = 0; i < n; i++) if (valueAt(i).length > key.length && valueKeyOf(i) === key) return i;
  }
  // Looser: the candidate is the whole of one part of the option text (« 75 - Paris », « Paris (75) »).
  for (const cand of wanted) {
    const key = nameKey(cand);
    if (key.length < 2) continue;
    for (let i = 0; i < n; i++) {
      const t = textOf(i);
      if (t.length <= key.length) continue;
      if (t.startsWith(key + ' ') || t.endsWith(' ' + key)) {
        const other = t.startsWith(key + ' ') ? t.slice(key.length + 1) : t.slice(0, t.length - key.length - 1);
        // « 75 - Paris » is Paris and 75; « Saint-Denis-de-Pile » is not Saint-Denis: one side must be a code.
        if (CODE_LIKE.test(other) || CODE_LIKE.test(key)) return i;
      }
    }
  }
  return -1;
}

/** True for the placeholder entry of a select (« -- Choisir -- », empty value, « Sélectionnez »). */
export function isPlaceholderOption(option: OptionLike, index: number): boolean {
  const text = canon(option.text);
  if (option.value === '' && index === 0) return true;
  if (!text) return option.value === '' || index === 0;
  return /^(choisi|choisissez|selection|selectionne|select|veuillez|please|choose|pick|aucun|none|indiquez|votre choix)/.test(text) || /^[-—–_. ]*$/.test(option.text);
}
