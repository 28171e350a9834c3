/**
 * Which claims a page gets: only those its recognised fields need. A page with a « Nom » and an
 * « Adresse électronique » gets `family_name` and `email`, never the birthplace. Data values follow
 * the same rule (one value per data kind found on the page).
 */
import { dataKeyOf } from '../autofill/data-kinds';
import { type PageClaims, type PageData, PageDataSchema } from './content-messages';
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
  const wanted = new Set(kinds);
  const out: Record<string, unknown> = {};
  const add = (claim: Claim) => {
    if (identity[claim] !== undefined) out[claim] = identity[claim];
  };
  for (const kind of wanted) for (const claim of CLAIMS_BY_KIND[kind] ?? []) add(claim);
  // A plain « Nom » beside a birth-name field (and no usage-name field) takes the usage name when
  // there is one (extension/autofill/kinds.ts, `nameInUse`): the page then needs it too.
  if (wanted.has('lastName') && wanted.has('birthName') && !wanted.has('usageName')) add('preferred_username');
  return out as PageClaims;
}

/** The data values (by data key) the given field kinds need, and nothing else. */
export function dataFor(data: PageData | undefined, kinds: Iterable<string>): PageData | undefined {
  if (!data) return undefined;
  const out: PageData = {};
  for (const kind of kinds) {
    const key = dataKeyOf(kind);
    const value = key ? data[key] : undefined;
    // A value the filler would refuse (too long, say) is left out alone, not the whole request.
    if (key && value !== undefined && PageDataSchema.safeParse({ [key]: value }).success) out[key] = value;
  }
  return Object.keys(out).length ? out : undefined;
}
