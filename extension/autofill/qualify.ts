/**
 * Qualify: what each collected field is, how sure we are, and whose it is. Pure: descriptors in,
 * qualified fields out; tested without a browser.
 */
import { DATA_KINDS } from './data-kinds';
import { canon, fold, identifierWords } from './normalise';
import type { BlockedKind, Control, FieldDescriptor, FieldKind, OptionInfo, Person, QualifiedField } from './types';
import {
  BIRTH_CONTEXT,
  BLOCKED_KINDS,
  EXPLICIT_SELF,
  NOT_A_PERSON,
  OTHER_PERSON,
  RULES,
  SELF_PERSON,
  genderOf,
  type KindRule,
} from './vocabulary';

/** French labels for reports and the preview. */
export const KIND_LABELS: Record<FieldKind, string> = {
  birthName: 'Nom de naissance',
  usageName: 'Nom d’usage',
  lastName: 'Nom',
  givenNames: 'Prénoms',
  firstName: 'Prénom',
  givenName: 'Prénom',
  otherGivenNames: 'Autres prénoms',
  birthDate: 'Date de naissance',
  birthDay: 'Jour de naissance',
  birthMonth: 'Mois de naissance',
  birthYear: 'Année de naissance',
  gender: 'Sexe',
  birthPlace: 'Commune de naissance',
  birthPlaceCode: 'Code de la commune de naissance',
  birthDepartement: 'Département de naissance',
  birthCountry: 'Pays de naissance',
  bornAbroad: 'Né(e) à l’étranger',
  email: 'Adresse électronique',
  emailConfirm: 'Confirmation de l’adresse électronique',
  taxIncome: DATA_KINDS.taxIncome.label,
  taxShares: DATA_KINDS.taxShares.label,
  familyQuotient: DATA_KINDS.familyQuotient.label,
  grantLevel: DATA_KINDS.grantLevel.label,
  allocataireNumber: DATA_KINDS.allocataireNumber.label,
  largeFamilyCard: DATA_KINDS.largeFamilyCard.label,
};

interface Candidate { kind: FieldKind | BlockedKind; score: number; priority: number }

const ORDINALS: [RegExp, number][] = [
  [/\b(1er|premier|1re|1ere|first)\b|\b(prenom|name) (n )?1\b/, 0],
  [/\b(2e|2eme|2nd|deuxieme|second)\b|\b(prenom|name) (n )?2\b/, 1],
  [/\b(3e|3eme|troisieme|third)\b|\b(prenom|name) (n )?3\b/, 2],
  [/\b(4e|4eme|quatrieme|fourth)\b|\b(prenom|name) (n )?4\b/, 3],
  [/\b(5e|5eme|cinquieme|fifth)\b|\b(prenom|name) (n )?5\b/, 4],
  [/\b(prenom|name) (n )?6\b/, 5],
];

function ordinalOf(text: string): number | undefined {
  for (const [re, i] of ORDINALS) if (re.test(text)) return i;
  const m = /\b(?:prenom|first ?name|given ?name|firstname|givenname) ?([1-6])\b/.exec(text);
  return m ? Number(m[1]) - 1 : undefined;
}

function controlAllowed(rule: KindRule, control: Control): boolean {
  return !rule.controls || rule.controls.includes(control);
}

interface RuleHit { rule: KindRule; factor: number }

const textCache = new Map<string, RuleHit[]>();
const nameCache = new Map<string, RuleHit[]>();
const CACHE_LIMIT = 4000;

function remember(cache: Map<string, RuleHit[]>, key: string, hits: RuleHit[]): RuleHit[] {
  if (cache.size > CACHE_LIMIT) cache.clear();
  cache.set(key, hits);
  return hits;
}

function mayMatch(rule: KindRule, text: string): boolean {
  return text.length <= 3 || !rule.keys || rule.keys.some((k) => text.includes(k));
}

/** Rules a label text matches (cached: pages repeat their labels). */
function textHits(text: string, birth: boolean): RuleHit[] {
  const key = `${birth ? 1 : 0}${text}`;
  const cached = textCache.get(key);
  if (cached) return cached;
  const hits: RuleHit[] = [];
  for (const rule of RULES) {
    if (!mayMatch(rule, text)) continue;
    if (rule.exclude?.some((re) => re.test(text))) continue;
    if (rule.strong.some((re) => re.test(text))) hits.push({ rule, factor: 1 });
    else if (birth && rule.generic?.some((re) => re.test(text))) hits.push({ rule, factor: 0.9 });
  }
  // Inside a birth context, « Commune » or « Pays » is the birthplace, not an address.
  if (birth && hits.some((h) => h.factor < 1)) {
    return remember(textCache, key, hits.filter((h) => h.rule.kind !== 'city' && h.rule.kind !== 'country').map((h) => (h.factor < 1 ? { ...h, factor: 0.95 } : h)));
  }
  return remember(textCache, key, hits);
}

function nameHits(words: string, birth: boolean): RuleHit[] {
  const key = `${birth ? 1 : 0}${words}`;
  const cached = nameCache.get(key);
  if (cached) return cached;
  const hits: RuleHit[] = [];
  for (const rule of RULES) {
    if (!mayMatch(rule, words)) continue;
    if (rule.names?.some((re) => re.test(words))) hits.push({ rule, factor: 0.7 });
    else if (birth && rule.genericNames?.some((re) => re.test(words))) hits.push({ rule, factor: 0.62 });
  }
  return remember(nameCache, key, hits);
}

function matchText(text: string, birth: boolean, control: Control, weight: number, out: Candidate[]): void {
  if (!text) return;
  for (const { rule, factor } of textHits(text, birth)) {
    if (controlAllowed(rule, control)) out.push({ kind: rule.kind, score: weight * factor, priority: rule.priority ?? 0 });
  }
}

function matchNames(words: string, birth: boolean, control: Control, out: Candidate[]): void {
  if (!words) return;
  for (const { rule, factor } of nameHits(words, birth)) {
    if (controlAllowed(rule, control)) out.push({ kind: rule.kind, score: factor, priority: rule.priority ?? 0 });
  }
}

function matchAutocomplete(autocomplete: string, control: Control, out: Candidate[]): void {
  if (!autocomplete) return;
  const tokens = autocomplete.toLowerCase().split(/\s+/);
  for (const rule of RULES) {
    if (!controlAllowed(rule, control) || !rule.autocomplete) continue;
    if (rule.autocomplete.some((t) => tokens.includes(t))) {
      // DSFR tags « Nom d’usage » and « Nom de naissance » as family-name too: weak evidence.
      out.push({ kind: rule.kind, score: rule.kind === 'lastName' || rule.kind === 'firstName' ? 0.6 : 0.75, priority: rule.priority ?? 0 });
    }
  }
}

function best(cands: Candidate[]): Candidate | undefined {
  let top: Candidate | undefined;
  for (const c of cands) {
    if (!top || c.score > top.score + 1e-9 || (Math.abs(c.score - top.score) < 1e-9 && c.priority > top.priority)) top = c;
  }
  return top;
}

const wordsCache = new Map<string, string[]>();

/** Name-attribute words: the whole name, and its last bracket/dot segment (`dossier[individual][nom]` → « nom »). */
function nameWords(f: FieldDescriptor): string[] {
  const key = `${f.name}\u0000${f.htmlId}`;
  const cached = wordsCache.get(key);
  if (cached) return cached;
  const out: string[] = [];
  for (const raw of [f.name, f.htmlId]) {
    if (!raw) continue;
    const segments = raw.split(/[[\].]+/).filter(Boolean);
    const last = segments[segments.length - 1] ?? raw;
    const whole = identifierWords(raw);
    const tail = identifierWords(last);
    if (!out.includes(tail)) out.push(tail);
    if (whole !== tail && !out.includes(whole)) out.push(whole);
  }
  if (wordsCache.size > 4000) wordsCache.clear();
  wordsCache.set(key, out);
  return out;
}

const birthCache = new Map<string, boolean>();

function birthIn(text: string): boolean {
  if (!text) return false;
  let b = birthCache.get(text);
  if (b === undefined) {
    b = BIRTH_CONTEXT.test(canon(text));
    if (birthCache.size > 4000) birthCache.clear();
    birthCache.set(text, b);
  }
  return b;
}

const birthCanonCache = new Map<string, boolean>();

function birthInCanon(t: string): boolean {
  let b = birthCanonCache.get(t);
  if (b === undefined) {
    b = BIRTH_CONTEXT.test(t);
    if (birthCanonCache.size > 4000) birthCanonCache.clear();
    birthCanonCache.set(t, b);
  }
  return b;
}

function hasBirthContext(f: FieldDescriptor, canonTexts: string[]): boolean {
  for (const t of canonTexts) if (t && birthInCanon(t)) return true;
  return birthIn(f.group) || birthIn(f.near) || birthIn(f.column) || birthIn(f.context[0] ?? '');
}

export interface PersonDecision { person: Person; marker?: string }

const markerCache = new Map<string, { person: Person; marker: string } | null>();

function markerIn(text: string): { person: Person; marker: string } | undefined {
  if (!text) return undefined;
  const cached = markerCache.get(text);
  if (cached !== undefined) return cached ?? undefined;
  if (markerCache.size > 4000) markerCache.clear();
  const found = markerUncached(text);
  markerCache.set(text, found ?? null);
  return found;
}

function markerUncached(text: string): { person: Person; marker: string } | undefined {
  const folded = fold(text);
  if (EXPLICIT_SELF.test(folded)) return { person: 'self', marker: 'vous' };
  const c = canon(text).replace(NOT_A_PERSON, ' ');
  const other = OTHER_PERSON.exec(c);
  const self = SELF_PERSON.exec(c);
  if (other && (!self || other.index <= self.index)) return { person: 'other', marker: other[0] };
  if (self) return { person: 'self', marker: self[0] };
  return undefined;
}

const nameOtherCache = new Map<string, string | null>();

/** The other-person word in name/id attributes (`conjoint_nom` → « conjoint »), cached. */
function otherInNames(words: string[]): [string] | null {
  const names = words.join(' ');
  let found = nameOtherCache.get(names);
  if (found === undefined) {
    found = OTHER_PERSON.exec(names.replace(NOT_A_PERSON, ' '))?.[0] ?? null;
    if (nameOtherCache.size > 4000) nameOtherCache.clear();
    nameOtherCache.set(names, found);
  }
  return found === null ? null : [found];
}

/**
 * Whose field is it? The nearest text naming a person decides: the field's own label, then its
 * group legend, table row, outer legends and headings. Name attributes (`conjoint_nom`) count when
 * no visible text decides, or against a section that only names the citizen in passing.
 */
export function personOf(f: FieldDescriptor): PersonDecision {
  const own = [f.label, f.aria, f.placeholder, f.title];
  for (const t of own) {
    const m = markerIn(t);
    if (m) return m;
  }
  const nameOther = otherInNames(nameWords(f));
  const outer = [f.near, f.column, f.group, ...f.context];
  for (const t of outer) {
    const m = markerIn(t);
    if (!m) continue;
    if (m.person === 'self' && m.marker !== 'vous' && nameOther) return { person: 'other', marker: nameOther[0] };
    return m;
  }
  if (nameOther) return { person: 'other', marker: nameOther[0] };
  return { person: 'unknown' };
}

function optionGenderCount(options: OptionInfo[] | undefined): { female: number; male: number; other: number } {
  const count = { female: 0, male: 0, other: 0 };
  for (const o of options ?? []) {
    const g = genderOf(o.text) ?? genderOf(o.value);
    if (g) count[g]++;
    else if (canon(o.text) && o.value !== '') count.other++;
  }
  return count;
}

function optionsFranceAbroad(options: OptionInfo[] | undefined): boolean {
  let france = false;
  let abroad = false;
  for (const o of options ?? []) {
    const t = canon(`${o.text} ${o.value}`);
    if (/\b(etranger|abroad|hors de france|outside france|etr)\b/.test(t)) abroad = true;
    else if (/\b(france|fr)\b/.test(t)) france = true;
  }
  return france && abroad;
}

const labelCache = new Map<string, string>();

function displayLabel(f: FieldDescriptor): string {
  const text = [f.label, f.aria, f.column, f.near, f.placeholder, f.group, f.title].find((t) => t.trim()) ?? '';
  let out = labelCache.get(text);
  if (out === undefined) {
    const clean = text.replace(/\s+/g, ' ').replace(/\s*[*:]\s*$/, '').trim();
    out = clean.length > 80 ? `${clean.slice(0, 79)}…` : clean;
    if (labelCache.size > 4000) labelCache.clear();
    labelCache.set(text, out);
  }
  return out;
}

const REFINE: Partial<Record<string, string[]>> = {
  lastName: ['birthName', 'usageName'],
  firstName: ['givenNames', 'givenName', 'otherGivenNames'],
  birthDate: ['birthDay', 'birthMonth', 'birthYear'],
  country: ['birthCountry'],
  city: ['birthPlace'],
};

/** Qualifies one field in isolation (adjacency is handled by `qualify`). */
export function qualifyField(f: FieldDescriptor, birthNeighbour = false): QualifiedField {
  const t1a = canon(f.control === 'radio' ? f.label || f.group : f.label);
  const t1b = canon(f.aria);
  const t2 = [canon(f.placeholder), canon(f.title), canon(f.column), canon(f.near)];
  const words = nameWords(f);
  const birth = birthNeighbour || hasBirthContext(f, [t1a, t1b, t2[0]!, t2[1]!, t2[2]!, t2[3]!, ...words]);
  const tier0: Candidate[] = [];
  const tier1: Candidate[] = [];
  const tier2: Candidate[] = [];
  matchText(t1a, birth, f.control, 1, tier0);
  matchText(t1b, birth, f.control, 1, tier0);
  for (const t of t2) matchText(t, birth, f.control, 0.85, tier1);
  for (const w of words) matchNames(w, birth, f.control, tier2);
  matchAutocomplete(f.autocomplete, f.control, tier2);
  if (f.type === 'password') tier0.push({ kind: 'password', score: 1, priority: 9 });
  else if (f.type === 'search') tier0.push({ kind: 'search', score: 1, priority: 9 });
  else if (f.type === 'tel' && !tier0.length) tier1.push({ kind: 'phone', score: 0.8, priority: 1 });
  else if (f.type === 'email' && !tier0.length && !tier1.length) tier1.push({ kind: 'email', score: 0.8, priority: 1 });

  let chosen = best(tier0);
  let lower: Candidate[];
  if (chosen) lower = tier1.length ? tier1.concat(tier2) : tier2;
  else if ((chosen = best(tier1))) lower = tier2;
  else { chosen = best(tier2); lower = []; }
  // A lower tier may refine a generic decision (« Nom » + name="nom_usage"; « Prénom » + placeholder « Prénoms »).
  if (chosen && lower.length) {
    const to = REFINE[chosen.kind];
    if (to) {
      const better = best(lower.filter((c) => to.includes(c.kind)));
      if (better) chosen = { ...better, score: Math.min(chosen.score, better.score + 0.1) };
    }
    const kind = chosen.kind;
    if (lower.some((c) => c.kind === kind)) chosen = { ...chosen, score: Math.min(1, chosen.score + 0.1) };
  }

  // Option-driven gender detection: a select/radio group offering exactly Madame/Monsieur, F/M…
  const choices = f.control === 'select' || f.control === 'radio';
  if (!chosen && choices && (f.optionCount ?? 0) <= 6) {
    const g = optionGenderCount(f.options);
    if (g.female > 0 && g.male > 0 && g.other <= 1) chosen = { kind: 'gender', score: 0.75, priority: 2 };
  } else if (chosen?.kind === 'gender' && choices) {
    const g = optionGenderCount(f.options?.slice(0, 30));
    if (!(g.female > 0 && g.male > 0)) chosen = undefined;
  }
  // « Lieu de naissance : ○ En France ○ À l’étranger »
  if ((!chosen || chosen.kind === 'birthPlace' || chosen.kind === 'birthCountry') && choices && (f.optionCount ?? 0) <= 5 && optionsFranceAbroad(f.options)) {
    chosen = { kind: 'bornAbroad', score: 0.8, priority: 4 };
  }

  const person = personOf(f);
  const label = displayLabel(f);
  // « Nom du conjoint », « Prénom de la mère »: name the field without its person, to report it as theirs.
  if (!chosen && person.person === 'other' && person.marker && t1a) {
    const stripped = t1a.replace(new RegExp(`\\s*\\b(du|de la|de l|des|de votre|de vos|de son|de sa|d)?\\s*${person.marker}\\b.*$`), '').trim();
    if (stripped && stripped !== t1a) {
      const again: Candidate[] = [];
      matchText(stripped, birth, f.control, 0.9, again);
      chosen = best(again);
    }
  }
  if (!chosen) return { field: f, kind: null, confidence: 0, person: person.person, ...(person.marker ? { personMarker: person.marker } : {}), label };
  if (BLOCKED_KINDS.has(chosen.kind)) {
    return { field: f, kind: null, blocked: chosen.kind as BlockedKind, confidence: chosen.score, person: person.person, label };
  }
  const kind = chosen.kind as FieldKind;
  const q: QualifiedField = {
    field: f,
    kind,
    confidence: Math.round(chosen.score * 100) / 100,
    person: person.person,
    label: label || KIND_LABELS[kind],
  };
  if (person.marker) q.personMarker = person.marker;
  if (kind === 'givenName') {
    const idx = [t1a, t1b, ...t2, ...words].map(ordinalOf).find((i) => i !== undefined);
    if (idx === undefined) q.kind = 'firstName';
    else q.index = idx;
  }
  return q;
}

// ——— adjacency (split dates, split first names, repeated e-mail) ———

type Part = 'birthDay' | 'birthMonth' | 'birthYear';
const PARTS: Part[] = ['birthDay', 'birthMonth', 'birthYear'];

function numericRange(options: OptionInfo[]): { min: number; max: number; count: number } {
  let min = Infinity;
  let max = -Infinity;
  let count = 0;
  for (const o of options) {
    const n = /^\d{1,4}$/.test(o.value.trim()) ? Number(o.value) : /^\d{1,4}$/.test(o.text.trim()) ? Number(o.text) : NaN;
    if (Number.isNaN(n)) continue;
    count++;
    min = Math.min(min, n);
    max = Math.max(max, n);
  }
  return { min, max, count };
}

const MONTH_WORD = /^(janv|fevr|mars|avr|mai|juin|juil|aout|sept|oct|nov|dec|jan|feb|mar|apr|may|jun|jul|aug|sep)/;

/** What part of a date a small control looks like, from its options, placeholder, size and name. */
export function partShape(f: FieldDescriptor): Part | undefined {
  if (f.control === 'select') {
    const opts = f.options ?? [];
    if (opts.filter((o) => MONTH_WORD.test(canon(o.text))).length >= 10) return 'birthMonth';
    const r = numericRange(opts);
    if (r.count >= 20 && r.min >= 1800) return 'birthYear';
    if (r.count >= 28 && r.max === 31) return 'birthDay';
    if (r.count >= 12 && r.count <= 13 && r.max === 12) return 'birthMonth';
    return undefined;
  }
  if (!['text', 'number', 'tel'].includes(f.control)) return undefined;
  for (const t of [f.placeholder, f.label, f.aria, f.title, f.hint].map(canon)) {
    if (/^(jj|dd|j|d|jour|day)$/.test(t) || /^(jour|day)\b/.test(t)) return 'birthDay';
    if (/^(mm|m|mois|month)$/.test(t) || /^(mois|month)\b/.test(t)) return 'birthMonth';
    if (/^(aaaa|yyyy|aa|yy|annee|year)$/.test(t) || /^(annee|year)\b/.test(t)) return 'birthYear';
  }
  const words = nameWords(f).join(' ');
  if (/(^| )(day|jour|jj|dd|d|j)$|\bday\b|\bjour\b/.test(words)) return 'birthDay';
  if (/(^| )(month|mois|mm|m)$|\bmonth\b|\bmois\b/.test(words)) return 'birthMonth';
  if (/(^| )(year|annee|an|aaaa|yyyy|y|a)$|\byear\b|\bannee\b/.test(words)) return 'birthYear';
  if (f.maxLength === 4) return 'birthYear';
  if (f.type === 'number' && f.pattern === '' && f.maxLength === -1) return undefined;
  return undefined;
}

function smallControl(f: FieldDescriptor): boolean {
  if (f.control === 'select') return true;
  if (!['text', 'number', 'tel'].includes(f.control)) return false;
  return (f.maxLength > 0 && f.maxLength <= 4) || f.type === 'number' || partShape(f) !== undefined;
}

function sameBlock(a: FieldDescriptor, b: FieldDescriptor): boolean {
  if (a.frame !== b.frame) return false;
  if (a.fieldset && a.fieldset === b.fieldset) return true;
  return a.parent === b.parent || a.grandparent === b.grandparent;
}

function monthFirst(fields: FieldDescriptor[]): boolean {
  const text = fields.map((f) => canon([f.hint, f.label, f.group, f.placeholder].join(' '))).join(' ');
  if (/\bmm (dd|jj) (yyyy|aaaa)\b/.test(text)) return true;
  if (/\b(dd|jj) mm (yyyy|aaaa)\b/.test(text)) return false;
  return fields[0]?.lang.startsWith('en-us') ?? false;
}

function assignDateParts(qs: QualifiedField[]): void {
  for (let i = 0; i < qs.length; i++) {
    const q = qs[i]!;
    const isPart = q.kind !== null && PARTS.includes(q.kind as Part);
    const isSplitDate = q.kind === 'birthDate' && smallControl(q.field);
    if (!isPart && !isSplitDate) continue;
    // The run of adjacent small controls this one belongs to.
    let start = i;
    while (start > 0 && i - start < 2) {
      const prev = qs[start - 1]!;
      if (!sameBlock(prev.field, q.field) || !smallControl(prev.field) || !(prev.kind === null || prev.kind === 'birthDate' || PARTS.includes(prev.kind as Part)) || prev.blocked) break;
      start--;
    }
    const run: QualifiedField[] = [];
    for (let j = start; j < qs.length && run.length < 3; j++) {
      const r = qs[j]!;
      if (j > i && !(sameBlock(r.field, q.field) && smallControl(r.field) && (r.kind === null || r.kind === 'birthDate' || PARTS.includes(r.kind as Part)) && !r.blocked)) break;
      run.push(r);
    }
    if (run.length < 2) {
      if (isSplitDate) {
        const shape = partShape(q.field);
        if (shape) q.kind = shape;
      }
      continue;
    }
    const order: Part[] = monthFirst(run.map((r) => r.field)) ? ['birthMonth', 'birthDay', 'birthYear'] : PARTS;
    const taken = new Set<Part>();
    const shapes = run.map((r) => (r.kind && PARTS.includes(r.kind as Part) ? (r.kind as Part) : partShape(r.field)));
    shapes.forEach((s) => s && taken.add(s));
    const free = order.filter((p) => !taken.has(p));
    run.forEach((r, k) => {
      const part = shapes[k] ?? free.shift();
      if (!part) return;
      const anchor = q;
      r.kind = part;
      r.confidence = Math.max(r.confidence, Math.min(anchor.confidence, 0.9) - (shapes[k] ? 0 : 0.1));
      r.label = r.label || KIND_LABELS[part];
      if (r.person === 'unknown' && anchor.person !== 'unknown') r.person = anchor.person;
    });
    i = start + run.length - 1;
  }
}

function assignGivenNames(qs: QualifiedField[]): void {
  for (let i = 0; i < qs.length; i++) {
    const q = qs[i]!;
    if (q.kind !== 'firstName' && !(q.kind === 'givenName' && q.index === 0)) continue;
    const run = [q];
    for (let j = i + 1; j < qs.length; j++) {
      const r = qs[j]!;
      if (!sameBlock(r.field, q.field) || r.person !== q.person) break;
      if (r.kind === 'firstName' || (r.kind === 'givenName' && r.index === run.length)) run.push(r);
      else break;
    }
    if (run.length < 2) continue;
    run.forEach((r, k) => {
      r.kind = 'givenName';
      r.index = k;
    });
    i += run.length - 1;
  }
}

function assignEmailConfirm(qs: QualifiedField[]): void {
  for (let i = 1; i < qs.length; i++) {
    const a = qs[i - 1]!;
    const b = qs[i]!;
    if (a.kind === 'email' && b.kind === 'email' && a.person === b.person && a.field.frame === b.field.frame) {
      b.kind = 'emailConfirm';
      b.confidence = Math.min(b.confidence, 0.8);
    }
  }
}

const BIRTH_KINDS = new Set<string>(['birthDate', 'birthDay', 'birthMonth', 'birthYear', 'birthPlace', 'birthPlaceCode', 'birthDepartement', 'birthCountry', 'bornAbroad']);

/**
 * A generic place or date field right after a birth field, in the same group, is about birth too:
 * « Né(e) à [Calvi] Département [2B] Pays [France] ».
 */
function assignBirthNeighbours(qs: QualifiedField[]): void {
  for (let i = 1; i < qs.length; i++) {
    const q = qs[i]!;
    const prev = qs[i - 1]!;
    if (q.kind !== null || (q.blocked && q.blocked !== 'city' && q.blocked !== 'country')) continue;
    if (!prev.kind || !BIRTH_KINDS.has(prev.kind)) continue;
    const a = prev.field;
    const b = q.field;
    if (a.frame !== b.frame || a.group !== b.group || (a.context[0] ?? '') !== (b.context[0] ?? '')) continue;
    const again = qualifyField(b, true);
    if (again.kind && BIRTH_KINDS.has(again.kind)) {
      again.confidence = Math.min(again.confidence, 0.8);
      if (again.person === 'unknown') again.person = prev.person;
      qs[i] = again;
    }
  }
}

/** Qualifies a whole page's fields (in document order), resolving split dates, split first names and repeated e-mails. */
export function qualify(fields: FieldDescriptor[]): QualifiedField[] {
  const qs = fields.map((f) => qualifyField(f));
  assignBirthNeighbours(qs);
  assignDateParts(qs);
  assignGivenNames(qs);
  assignEmailConfirm(qs);
  for (const q of qs) if (q.kind) q.label = q.label || KIND_LABELS[q.kind];
  return qs;
}
