/**
 * Verify (for agents): compares the identity data a page displays — in inputs or as text — with
 * the certified claims, as a careful agent would. The comparison is pure (`compareDatum`);
 * `markVerification` writes the result onto the page (attribute + visible highlight).
 */
import type { Places } from '../lib/places';
import { givenNamesOf } from './kinds';
import { canon, nameKey, parseDisplayedDate, parseIsoDate, placeKey, sameDate } from './normalise';
import type { FieldKind, FranceConnectClaims, QualifiedField } from './types';
import { genderOf } from './vocabulary';

export type VerifyResult = 'match' | 'mismatch';

export interface VerifyEntry {
  id: string;
  datum: FieldKind;
  /** The label the page shows for the datum. */
  label: string;
  /** What the page displays. */
  displayed: string;
  /** The certified value, as FranceConnect gives it (readable form). */
  certified: string;
  result: VerifyResult;
  /** Why, in a few English words (« same date, other format », « different year »). */
  note?: string;
  source: 'input' | 'text';
}

export interface Unchecked { id: string; datum: FieldKind; label: string; reason: string }

export interface Comparison { result?: VerifyResult; certified: string; note?: string; reason?: string }

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

const BIRTH_SPLIT = /\b(?:nee?|ne e|born)\b/;
const USAGE_SPLIT = /\b(?:epouse|epoux|ep|veuve|vve|divorcee?|dite?|usage)\b/;

/** « DUBOIS épouse MARTIN », « MARTIN née DUBOIS » → birth and usage parts. */
function splitCompound(displayed: string): { birth?: string; usage?: string } {
  const key = nameKey(displayed);
  const born = BIRTH_SPLIT.exec(key);
  if (born) return { usage: key.slice(0, born.index).trim(), birth: key.slice(born.index + born[0].length).trim() };
  const usage = USAGE_SPLIT.exec(key);
  if (usage) return { birth: key.slice(0, usage.index).trim(), usage: key.slice(usage.index + usage[0].length).trim() };
  return {};
}

/** Same name for a careful agent: case, accents, hyphens, apostrophes and spacing do not count. */
export function sameName(a: string, b: string): boolean {
  const ka = nameKey(a);
  const kb = nameKey(b);
  return ka !== '' && (ka === kb || ka.replace(/ /g, '') === kb.replace(/ /g, ''));
}

function names(displayed: string, expected: string, certified = expected): Comparison {
  if (!expected) return { certified, reason: 'no certified value' };
  return sameName(displayed, expected)
    ? { result: 'match', certified }
    : { result: 'mismatch', certified, note: 'different name' };
}

function emptyish(displayed: string): boolean {
  return /^[\s/\-–—.]*$/.test(displayed) || /^(neant|aucun|sans objet|n a|na|none)$/.test(canon(displayed));
}

function dateNote(displayed: string, ymd: { y: number; m: number; d: number }, monthFirst: boolean): Comparison {
  const certified = `${String(ymd.d).padStart(2, '0')}/${String(ymd.m).padStart(2, '0')}/${ymd.y}`;
  const shown = parseDisplayedDate(displayed, monthFirst);
  if (!shown) return { result: 'mismatch', certified, note: 'not a readable date' };
  if (sameDate(shown, ymd)) return { result: 'match', certified };
  const diff = shown.y !== ymd.y ? 'different year' : shown.m !== ymd.m ? 'different month' : 'different day';
  return { result: 'mismatch', certified, note: diff };
}

/** Compares one displayed datum with the claims. `result` is undefined when the datum cannot be checked. */
export function compareDatum(q: QualifiedField, displayed: string, claims: FranceConnectClaims, places?: Places): Comparison {
  const kind = q.kind!;
  const given = givenNamesOf(claims) ?? [];
  const family = str(claims.family_name);
  const usage = str(claims.preferred_username);
  switch (kind) {
    case 'birthName': {
      const parts = splitCompound(displayed);
      return names(parts.birth ?? displayed, family);
    }
    case 'usageName': {
      if (!usage) {
        if (emptyish(displayed)) return { result: 'match', certified: '', note: 'no usage name' };
        if (sameName(displayed, family)) return { result: 'match', certified: family, note: 'usage name is the birth name' };
        return { result: 'mismatch', certified: '', note: 'no certified usage name' };
      }
      return names(splitCompound(displayed).usage ?? displayed, usage);
    }
    case 'lastName': {
      if (sameName(displayed, family)) return { result: 'match', certified: family };
      if (usage && sameName(displayed, usage)) return { result: 'match', certified: usage, note: 'usage name' };
      const parts = splitCompound(displayed);
      if (parts.birth && sameName(parts.birth, family) && (!parts.usage || !usage || sameName(parts.usage, usage))) return { result: 'match', certified: family };
      return { result: 'mismatch', certified: usage ? `${family} / ${usage}` : family, note: 'different name' };
    }
    case 'givenNames': {
      const all = given.join(' ');
      return names(displayed, all);
    }
    case 'firstName': {
      const first = given[0] ?? '';
      if (first && sameName(displayed, first)) return { result: 'match', certified: first };
      if (given.length > 1 && sameName(displayed, given.join(' '))) return { result: 'match', certified: given.join(' '), note: 'all first names' };
      return { result: 'mismatch', certified: first, note: 'different first name' };
    }
    case 'givenName': {
      const g = given[q.index ?? 0];
      if (g === undefined) return emptyish(displayed) ? { result: 'match', certified: '' } : { result: 'mismatch', certified: '', note: 'no such certified first name' };
      return names(displayed, g);
    }
    case 'otherGivenNames': {
      const rest = given.slice(1).join(' ');
      if (!rest) return emptyish(displayed) ? { result: 'match', certified: '' } : { result: 'mismatch', certified: '', note: 'only one certified first name' };
      return names(displayed, rest);
    }
    case 'birthDate': {
      const ymd = parseIsoDate(str(claims.birthdate));
      if (!ymd) return { certified: '', reason: 'no certified birth date' };
      const monthFirst = /\bmm (dd|jj)\b/.test(canon(`${q.field.hint} ${q.field.placeholder} ${q.field.label}`)) || q.field.lang === 'en-us';
      return dateNote(displayed, ymd, monthFirst);
    }
    case 'birthDay':
    case 'birthMonth':
    case 'birthYear': {
      const ymd = parseIsoDate(str(claims.birthdate));
      if (!ymd) return { certified: '', reason: 'no certified birth date' };
      const want = kind === 'birthDay' ? ymd.d : kind === 'birthMonth' ? ymd.m : ymd.y;
      let shown = Number(displayed.trim());
      if (kind === 'birthMonth' && Number.isNaN(shown)) shown = parseDisplayedDate(`1 ${displayed} 2000`)?.m ?? NaN;
      if (kind === 'birthYear' && shown < 100) shown += shown > new Date().getFullYear() % 100 ? 1900 : 2000;
      return shown === want ? { result: 'match', certified: String(want) } : { result: 'mismatch', certified: String(want), note: `different ${kind.slice(5).toLowerCase()}` };
    }
    case 'gender': {
      const g = str(claims.gender);
      if (g !== 'male' && g !== 'female') return { certified: g, reason: 'gender not certified as male or female' };
      const certified = g === 'female' ? 'Féminin' : 'Masculin';
      const shown = genderOf(displayed);
      if (!shown) return { certified, reason: 'displayed value is not a gender' };
      return shown === g ? { result: 'match', certified } : { result: 'mismatch', certified, note: 'different gender' };
    }
    case 'birthPlace':
    case 'birthPlaceCode': {
      const cog = str(claims.birthplace);
      const country = str(claims.birthcountry);
      if (country && country !== '99100') {
        const c = places?.country(country);
        const certified = c ? `${c.name} (étranger)` : 'étranger';
        if (emptyish(displayed)) return { result: 'match', certified, note: 'born abroad, no commune' };
        const key = placeKey(displayed);
        const names = c ? [c.name, c.en ?? '', ...c.aliases].map(placeKey).filter(Boolean) : [];
        if (names.some((n) => key === n || key.endsWith(` ${n}`) || key.startsWith(`${n} `))) return { result: 'match', certified, note: 'born abroad; the foreign town is not certified' };
        return { certified, reason: 'born abroad: FranceConnect does not certify the foreign town' };
      }
      if (!cog) return { certified: '', reason: 'no certified birthplace' };
      if (kind === 'birthPlaceCode' || /^\s*(\d[\dAB]\d{3})\s*$/i.test(displayed)) {
        return displayed.trim().toUpperCase() === cog ? { result: 'match', certified: cog } : { result: 'mismatch', certified: cog, note: 'different code' };
      }
      const place = places?.commune(cog);
      if (!place) return { certified: cog, reason: 'birthplace code not in the COG table' };
      const certified = place.departement ? `${place.commune} (${place.departement.code})` : place.commune;
      // « Ajaccio (2A) », « Paris 7e (75) », « Calvi, Haute-Corse »
      const paren = /\(([^)]*)\)\s*$/.exec(displayed);
      const base = displayed.replace(/\([^)]*\)\s*$/, '').replace(/,\s*[^,]*$/, (m) => (place.departement && placeKey(m.slice(1)) === placeKey(place.departement.name) ? '' : m));
      const key = placeKey(base);
      const accepted = [place.commune, place.parent?.commune ?? ''].map(placeKey).filter(Boolean);
      if (!accepted.includes(key)) return { result: 'mismatch', certified, note: 'different commune' };
      if (paren && place.departement) {
        const inner = paren[1]!.trim();
        const ok = inner.toUpperCase() === place.departement.code || placeKey(inner) === placeKey(place.departement.name) || /\barr|\d+(e|er|eme)\b/i.test(inner);
        if (!ok) return { result: 'mismatch', certified, note: 'different département' };
      }
      return { result: 'match', certified, ...(key !== placeKey(place.commune) ? { note: 'city of the arrondissement' } : {}) };
    }
    case 'birthDepartement': {
      const cog = str(claims.birthplace);
      const country = str(claims.birthcountry);
      if (country && country !== '99100') {
        return emptyish(displayed) || displayed.trim() === '99' ? { result: 'match', certified: '', note: 'born abroad' } : { result: 'mismatch', certified: '', note: 'born abroad: no département' };
      }
      const place = cog ? places?.commune(cog) : undefined;
      const dep = place?.departement;
      if (!dep) return { certified: cog, reason: 'no certified département' };
      const certified = `${dep.name} (${dep.code})`;
      const shown = displayed.trim();
      const parts = [shown, ...shown.split(/\s*[-–—(),]\s*/)].map((p) => p.trim()).filter(Boolean);
      const ok = parts.some((p) => p.toUpperCase() === dep.code || p === dep.code.replace(/^0/, '') || placeKey(p) === placeKey(dep.name));
      return ok ? { result: 'match', certified } : { result: 'mismatch', certified, note: 'different département' };
    }
    case 'birthCountry': {
      const insee = str(claims.birthcountry);
      const c = places?.country(insee);
      if (!c) return { certified: insee, reason: 'birth country not in the INSEE table' };
      const key = placeKey(displayed.replace(/\(\s*\d{5}\s*\)/, ''));
      const succ = c.successor ? places?.country(c.successor) : undefined;
      const accepted = [c.name, c.en ?? '', ...c.aliases].map(placeKey);
      const codes = [c.insee, c.iso2 ?? '', c.iso3 ?? ''].filter(Boolean);
      const ok = accepted.includes(key) || codes.includes(displayed.trim().toUpperCase());
      if (ok) return { result: 'match', certified: c.name };
      if (succ && (placeKey(succ.name) === key || [succ.iso2, succ.iso3].includes(displayed.trim().toUpperCase()))) return { result: 'match', certified: c.name, note: 'successor state' };
      return { result: 'mismatch', certified: c.name, note: 'different country' };
    }
    case 'bornAbroad': {
      const country = str(claims.birthcountry);
      if (!country) return { certified: '', reason: 'no certified birth country' };
      const abroad = country !== '99100';
      const t = canon(displayed);
      const shown = /^(oui|yes|true|on|x|coche)$/.test(t) || /etranger|abroad/.test(t) ? true : /^(non|no|false|off)$/.test(t) || /\bfrance\b/.test(t) ? false : undefined;
      if (shown === undefined) return { certified: abroad ? 'oui' : 'non', reason: 'not a yes/no value' };
      return shown === abroad ? { result: 'match', certified: abroad ? 'oui' : 'non' } : { result: 'mismatch', certified: abroad ? 'oui' : 'non', note: 'born abroad or not' };
    }
    case 'email':
    case 'emailConfirm': {
      const email = str(claims.email);
      if (!email) return { certified: '', reason: 'no certified e-mail' };
      return displayed.trim().toLowerCase() === email.trim().toLowerCase() ? { result: 'match', certified: email } : { result: 'mismatch', certified: email, note: 'different e-mail' };
    }
  }
  return { certified: '', reason: 'unsupported' };
}

// ——— marking the page ———

const STYLE: Record<VerifyResult, Record<string, string>> = {
  match: { outline: '3px solid #18753c', 'outline-offset': '2px', 'background-color': '#dffee6' },
  mismatch: { outline: '3px dashed #ce0500', 'outline-offset': '2px', 'background-color': '#ffe9e9' },
};

export interface Mark { el: HTMLElement; style: Record<string, [string, string]>; attr: string | null; title: string | null }

const TITLES: Record<VerifyResult, string> = {
  match: 'Pivot\u00a0: conforme à l’identité certifiée FranceConnect',
  mismatch: 'Pivot\u00a0: différent de l’identité certifiée FranceConnect',
};

/** Marks an element `data-pivot-verify="match|mismatch"` with a visible outline; returns how to undo it. */
export function markElement(el: HTMLElement, result: VerifyResult): Mark {
  const mark: Mark = { el, style: {}, attr: el.getAttribute('data-pivot-verify'), title: el.getAttribute('title') };
  for (const [prop, value] of Object.entries(STYLE[result])) {
    mark.style[prop] = [el.style.getPropertyValue(prop), el.style.getPropertyPriority(prop)];
    el.style.setProperty(prop, value, 'important');
  }
  el.setAttribute('data-pivot-verify', result);
  if (!mark.title) el.setAttribute('title', TITLES[result]);
  return mark;
}

export function unmark(marks: Mark[]): void {
  for (const m of marks.reverse()) {
    for (const [prop, [value, priority]] of Object.entries(m.style)) {
      if (value) m.el.style.setProperty(prop, value, priority);
      else m.el.style.removeProperty(prop);
    }
    if (m.attr === null) m.el.removeAttribute('data-pivot-verify');
    else m.el.setAttribute('data-pivot-verify', m.attr);
    if (m.title === null) m.el.removeAttribute('title');
    if (m.el.getAttribute('style') === '') m.el.removeAttribute('style');
  }
}
