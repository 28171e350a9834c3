/**
 * Value derivation: for each field kind, the value FranceConnect's claims give it. Together with
 * the vocabulary (vocabulary.ts) this is the field-kind registry; a data-source kind (revenu
 * fiscal de référence, quotient familial…) adds one rule there and one derivation here.
 */
import { departementCodeOf, type Places } from '../lib/places';
import { DATA_KINDS, renderData, type DataKind, type DataValues } from './data-kinds';
import { ENGLISH_MONTHS, frenchMonth, parseIsoDate, type YMD } from './normalise';
import type { FieldKind, FranceConnectClaims, QualifiedField, SkipReason } from './types';

export type Semantic =
  | { type: 'text'; text: string; alternatives?: string[] }
  | { type: 'date'; ymd: YMD }
  | { type: 'part'; part: 'day' | 'month' | 'year'; ymd: YMD }
  | { type: 'choice'; display: string; candidates: string[]; text: (q: QualifiedField) => string; /** Shown in the preview for a typed field instead of the text written (« 52 340 € » for 52340). */ preview?: string }
  | { type: 'check'; checked: boolean; display: string; candidates: string[] };

export type Derived = { ok: true; value: Semantic } | { ok: false; reason: SkipReason; detail?: string };

export interface DeriveContext {
  claims: FranceConnectClaims;
  /** Data values by data key (`fill(claims, { data })`), for data kinds. */
  data?: DataValues;
  places?: Places;
  field: QualifiedField;
  /**
   * The page asks for the birth name in a field of its own (and has no usage-name field): a plain
   * « Nom » beside it is the name in use, i.e. the usage name when the citizen has one.
   */
  nameInUse?: boolean;
}

const FRANCE = '99100';

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function missing(claim: string): Derived {
  return { ok: false, reason: 'no-claim', detail: `no ${claim} claim` };
}

function text(value: string | undefined, claim: string, alternatives?: string[]): Derived {
  if (value === undefined) return missing(claim);
  if (value.trim() === '') return { ok: false, reason: 'no-claim', detail: `${claim} is empty` };
  return { ok: true, value: { type: 'text', text: value.trim(), ...(alternatives ? { alternatives } : {}) } };
}

/** First names as FranceConnect gives them: the array when present (entries may contain spaces). */
export function givenNamesOf(claims: FranceConnectClaims): string[] | undefined {
  if (Array.isArray(claims.given_name_array) && claims.given_name_array.every((g) => typeof g === 'string')) {
    const list = claims.given_name_array.map((g) => g.trim()).filter(Boolean);
    if (list.length) return list;
  }
  const all = str(claims.given_name)?.trim();
  return all ? all.split(/\s+/) : undefined;
}

function separatorFor(q: QualifiedField): string {
  return /virgule|comma/i.test(`${q.field.hint} ${q.field.label} ${q.field.placeholder}`) ? ', ' : ' ';
}

function birthYmd(claims: FranceConnectClaims): YMD | undefined {
  const b = str(claims.birthdate);
  return b ? parseIsoDate(b) : undefined;
}

function date(claims: FranceConnectClaims, part?: 'day' | 'month' | 'year'): Derived {
  if (claims.birthdate === undefined) return missing('birthdate');
  const ymd = birthYmd(claims);
  if (!ymd) return { ok: false, reason: 'no-claim', detail: 'birthdate is not YYYY-MM-DD' };
  return { ok: true, value: part ? { type: 'part', part, ymd } : { type: 'date', ymd } };
}

const FEMALE_CANDIDATES = ['F', 'Féminin', 'Femme', 'Madame', 'Mme', 'Mme.', 'female', 'woman', 'Mrs', 'Ms'];
const MALE_CANDIDATES = ['M', 'Masculin', 'Homme', 'Monsieur', 'M.', 'male', 'man', 'Mr', 'H'];

function gender(claims: FranceConnectClaims): Derived {
  const g = str(claims.gender);
  if (g === undefined) return missing('gender');
  if (g !== 'female' && g !== 'male') return { ok: false, reason: 'unspecified', detail: 'gender is unspecified' };
  const female = g === 'female';
  return {
    ok: true,
    value: {
      type: 'choice',
      display: female ? 'Féminin' : 'Masculin',
      candidates: female ? FEMALE_CANDIDATES : MALE_CANDIDATES,
      text: (q) => {
        const words = `${q.field.label} ${q.field.aria} ${q.field.name}`.toLowerCase();
        const hint = `${q.field.hint} ${q.field.placeholder} ${q.field.label}`;
        const short = (q.field.maxLength > 0 && q.field.maxLength <= 2) || /\b[FM]\s*(\/|ou|or)\s*[FM]\b|\(\s*[FMH]\s*(\/|ou|or)/.test(hint);
        if (/civilit|titre|title|salutation|honorific/.test(words)) {
          if (q.field.maxLength > 0 && q.field.maxLength <= 3) return female ? 'Mme' : 'M.';
          return female ? 'Madame' : 'Monsieur';
        }
        if (short) return female ? 'F' : 'M';
        return female ? 'Féminin' : 'Masculin';
      },
    },
  };
}

function bornAbroad(claims: FranceConnectClaims): boolean | undefined {
  const country = str(claims.birthcountry);
  if (country === undefined) return undefined;
  return country !== FRANCE;
}

function birthCog(ctx: DeriveContext): Derived | { cog: string } {
  const abroad = bornAbroad(ctx.claims);
  const cog = str(ctx.claims.birthplace)?.trim();
  if (abroad === true || (abroad === undefined && cog === '')) return { ok: false, reason: 'born-abroad', detail: 'born abroad: no French commune' };
  if (cog === undefined) return missing('birthplace');
  if (!cog) return { ok: false, reason: 'no-claim', detail: 'birthplace is empty' };
  return { cog };
}

/** A data kind's value, from `data` (never from the claims). */
function dataValue(kind: DataKind) {
  return ({ data, field }: DeriveContext): Derived => {
    const { key } = DATA_KINDS[kind];
    const raw = data?.[key];
    if (raw === undefined || raw === null || raw === '') return { ok: false, reason: 'no-data', detail: `no ${key} value` };
    const rendered = renderData(kind, raw, field.field.control === 'number');
    if (!rendered) return { ok: false, reason: 'no-data', detail: `${key} is not a usable value` };
    return { ok: true, value: { type: 'choice', display: rendered.display, preview: rendered.display, candidates: [rendered.write, ...rendered.alternatives], text: () => rendered.write } };
  };
}

const DERIVE: Record<FieldKind, (ctx: DeriveContext) => Derived> = {
  taxIncome: dataValue('taxIncome'),
  taxShares: dataValue('taxShares'),
  familyQuotient: dataValue('familyQuotient'),
  grantLevel: dataValue('grantLevel'),
  allocataireNumber: dataValue('allocataireNumber'),
  largeFamilyCard: dataValue('largeFamilyCard'),
  birthName: ({ claims }) => text(str(claims.family_name), 'family_name'),
  usageName: ({ claims }) => text(str(claims.preferred_username), 'preferred_username'),
  lastName: ({ claims, nameInUse }) =>
    nameInUse && str(claims.preferred_username) ? text(str(claims.preferred_username), 'preferred_username') : text(str(claims.family_name), 'family_name'),
  givenNames: ({ claims, field }) => {
    const list = givenNamesOf(claims);
    return list ? text(list.join(separatorFor(field)), 'given_name') : missing('given_name');
  },
  firstName: ({ claims }) => {
    const list = givenNamesOf(claims);
    return list ? text(list[0], 'given_name') : missing('given_name');
  },
  givenName: ({ claims, field }) => {
    const list = givenNamesOf(claims);
    if (!list) return missing('given_name');
    const i = field.index ?? 0;
    if (i >= list.length) return { ok: false, reason: 'no-claim', detail: `no first name number ${i + 1}` };
    return text(list[i], 'given_name');
  },
  otherGivenNames: ({ claims, field }) => {
    const list = givenNamesOf(claims);
    if (!list) return missing('given_name');
    if (list.length < 2) return { ok: false, reason: 'no-claim', detail: 'only one first name' };
    return text(list.slice(1).join(separatorFor(field)), 'given_name');
  },
  birthDate: ({ claims }) => date(claims),
  birthDay: ({ claims }) => date(claims, 'day'),
  birthMonth: ({ claims }) => date(claims, 'month'),
  birthYear: ({ claims }) => date(claims, 'year'),
  gender: ({ claims }) => gender(claims),
  birthPlace: (ctx) => {
    const r = birthCog(ctx);
    if (!('cog' in r)) return r;
    const place = ctx.places?.commune(r.cog);
    if (!place) return { ok: false, reason: 'unknown-place', detail: 'birthplace code not in the COG table' };
    const alternatives = [r.cog];
    if (place.current) alternatives.push(place.current.cog);
    if (place.parent) alternatives.push(place.parent.commune, place.parent.cog);
    return { ok: true, value: { type: 'text', text: place.commune, alternatives } };
  },
  birthPlaceCode: (ctx) => {
    const r = birthCog(ctx);
    if (!('cog' in r)) return r;
    return { ok: true, value: { type: 'text', text: r.cog } };
  },
  birthDepartement: (ctx) => {
    const q = ctx.field;
    const r = birthCog(ctx);
    if (!('cog' in r)) {
      // Some forms ask for « 99 » when born abroad; only then is there something to write.
      if (!r.ok && r.reason === 'born-abroad' && /\b99\b/.test(`${q.field.hint} ${q.field.label} ${q.field.placeholder} ${q.field.title}`)) {
        return { ok: true, value: { type: 'choice', display: '99', candidates: ['99'], text: () => '99' } };
      }
      return r;
    }
    const place = ctx.places?.commune(r.cog);
    const code = place?.departement?.code ?? departementCodeOf(place?.current?.cog ?? r.cog);
    const name = place?.departement?.name ?? ctx.places?.departement(code)?.name;
    const candidates = [code];
    if (name) candidates.push(name, `${code} - ${name}`, `${code} ${name}`, `${name} (${code})`);
    if (/^0\d$/.test(code)) candidates.push(code.slice(1));
    if (code === '2A' || code === '2B') candidates.push('20', 'Corse');
    const display = name ? `${name} (${code})` : code;
    return {
      ok: true,
      value: {
        type: 'choice',
        display,
        candidates,
        text: (f) => {
          const words = `${f.field.label} ${f.field.hint} ${f.field.placeholder}`.toLowerCase();
          const wantsName = /\bnom du d[ée]partement\b|\bin letters\b|ex(emple)?\s*:\s*[a-zé]{4,}/i.test(words) && !/\b(n°|num[ée]ro|code)\b/.test(words);
          return wantsName && name ? name : code;
        },
      },
    };
  },
  birthCountry: ({ claims, places }) => {
    const insee = str(claims.birthcountry)?.trim();
    if (insee === undefined) return missing('birthcountry');
    const country = places?.country(insee);
    if (!country) return { ok: false, reason: 'unknown-place', detail: 'birthcountry code not in the INSEE table' };
    const candidates = [insee, country.iso2, country.iso3, country.name, country.en, ...country.aliases];
    const successor = country.successor ? places?.country(country.successor) : undefined;
    if (successor) candidates.push(successor.iso2, successor.iso3, successor.name, successor.en, successor.insee);
    const list = candidates.filter((c): c is string => !!c);
    return { ok: true, value: { type: 'choice', display: country.name, candidates: list, text: () => country.name } };
  },
  bornAbroad: ({ claims, field }) => {
    const abroad = bornAbroad(claims);
    if (abroad === undefined) return missing('birthcountry');
    const question = `${field.field.label} ${field.field.group}`.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    const asksAbroad = /etranger|abroad|hors de france|outside/.test(question);
    const asksFrance = !asksAbroad && /en france|in france/.test(question);
    const yes = ['Oui', 'yes', 'true', '1', 'O', 'Y'];
    const no = ['Non', 'no', 'false', '0', 'N'];
    const candidates = abroad
      ? ['Étranger', 'À l’étranger', 'a l etranger', 'Hors de France', 'abroad', 'outside France', ...(asksAbroad ? yes : asksFrance ? no : [])]
      : ['France', 'En France', 'in France', ...(asksAbroad ? no : asksFrance ? yes : [])];
    return { ok: true, value: { type: 'check', checked: abroad, display: abroad ? 'Né(e) à l’étranger' : 'Né(e) en France', candidates } };
  },
  email: ({ claims }) => text(str(claims.email), 'email'),
  emailConfirm: ({ claims }) => text(str(claims.email), 'email'),
};

export function derive(ctx: DeriveContext): Derived {
  const kind = ctx.field.kind;
  if (!kind) return { ok: false, reason: 'not-certified' };
  return DERIVE[kind](ctx);
}

const FRENCH_MONTH_ABBR = ['janv.', 'févr.', 'mars', 'avr.', 'mai', 'juin', 'juil.', 'août', 'sept.', 'oct.', 'nov.', 'déc.'];

/** Month candidates for a select: number, zero-padded number, French and English names and abbreviations. */
export function monthCandidates(m: number): string[] {
  const fr = frenchMonth(m);
  const en = ENGLISH_MONTHS[m - 1] ?? '';
  const frAbbr = FRENCH_MONTH_ABBR[m - 1] ?? fr;
  return [String(m), String(m).padStart(2, '0'), fr, en, frAbbr, en.slice(0, 3)];
}
