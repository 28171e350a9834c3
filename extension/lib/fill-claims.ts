/**
 * Which claims a page gets: only those its recognised fields need. A page with a « Nom » and an
 * « Adresse électronique » gets `family_name` and `email`, never the birthplace. Data values follow
 * the same rule (one value per data kind found on the page).
 */
import { dataKeyOf } from '../autofill/data-kinds';
import type { PageClaims, PageData } from './content-messages';
import type { Identity } from './messages';

type Claim = keyof Identity;

const NAMES: Claim[] = ['given_name', 'given_name_array'];
const BIRTHPLACE: Claim[] = ['birthplace', 'birthcountry'];

/** Field kind → the claims its value is derived from (extension/autofill/kinds.ts). */
export const CLAIMS_BY_KIND: Record<string, readonly Claim[]> = {
  birthName: ['family_name'],
  lastName: ['family_name'],
  usageName: ['preferred_username'],
  givenNames: NAMES,
  firstName: NAMES,
  givenName: NAMES,
  otherGivenNames: NAMES,
  birthDate: ['birthdate'],
  birthDay: ['birthdate'],
  birthMonth: ['birthdate'],
  birthYear: ['birthdate'],
  gender: ['gender'],
  birthPlace: BIRTHPLACE,
  birthPlaceCode: BIRTHPLACE,
  birthDepartement: BIRTHPLACE,
  birthCountry: ['birthcountry'],
  bornAbroad: BIRTHPLACE,
  email: ['email'],
  emailConfirm: ['email'],
};

/** The identity claims the given field kinds need, and nothing else. */
export function claimsFor(identity: Identity, kinds: Iterable<string>): PageClaims {
  const out: Record<string, unknown> = {};
  for (const kind of kinds) {
    for (const claim of CLAIMS_BY_KIND[kind] ?? []) {
      if (identity[claim] !== undefined) out[claim] = identity[claim];
    }
  }
  return out as PageClaims;
}

/** The data values (by data key) the given field kinds need, and nothing else. */
export function dataFor(data: PageData | undefined, kinds: Iterable<string>): PageData | undefined {
  if (!data) return undefined;
  const out: PageData = {};
  for (const kind of kinds) {
    const key = dataKeyOf(kind);
    const value = key ? data[key] : undefined;
    if (key && value !== undefined) out[key] = value;
  }
  return Object.keys(out).length ? out : undefined;
}
