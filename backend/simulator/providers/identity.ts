import { completeBirthdate, type CitizenDirectory, type CitizenRecord } from '../citizens/index.js';

// Identity reconciliation, as FranceConnect's example data provider does it (data-apis.md §0.3): the
// pivot identity read from /checktoken is matched against the provider's own register on the family
// name and the first given name (upper case, accents stripped), the date of birth, the sex and the
// country of birth. Exactly one match, or none. The commune of birth is not compared: registers keep
// the code valid at birth or the current one (merged communes), so it would refuse real people.

export interface MatchableIdentity {
  family_name: string;
  given_name: string;
  /** FranceConnect's array of given names; its first element may contain a space ("Jean Philippe"). */
  given_name_array?: readonly string[];
  /** YYYY-MM-DD (RNIPP-completed: a « présumé né » in 1986 is 1986-01-01). */
  birthdate: string;
  /** male / female / unspecified, or M / F. */
  gender: string;
  birthcountry: string;
}

const LIGATURES: Record<string, string> = { œ: 'oe', Œ: 'OE', æ: 'ae', Æ: 'AE', ß: 'ss' };

/** A name as registers store it: upper case, no accents, words separated by one space. */
export function normaliseName(value: string): string {
  return value
    .replace(/[œŒæÆß]/g, (c) => LIGATURES[c] ?? c)
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, ' ')
    .trim();
}

/** The first given name: FranceConnect's given_name_array[0], not the first word of given_name. */
export function firstGivenName(identity: Pick<MatchableIdentity, 'given_name' | 'given_name_array'>): string {
  return identity.given_name_array?.[0] ?? identity.given_name.split(' ')[0] ?? '';
}

/** M, F, or "" when the sex is not specified. */
export function sexCode(gender: string): 'M' | 'F' | '' {
  if (gender === 'male' || gender === 'M') return 'M';
  if (gender === 'female' || gender === 'F') return 'F';
  return '';
}

export function identityKey(identity: MatchableIdentity): string {
  return [
    normaliseName(identity.family_name),
    normaliseName(firstGivenName(identity)),
    identity.birthdate,
    sexCode(identity.gender),
    identity.birthcountry,
  ].join('|');
}

export interface Reconciler {
  /** The id of the one register entry matching this identity, or undefined (none, or several). */
  find(identity: MatchableIdentity): string | undefined;
}

export function createReconciler(entries: Iterable<readonly [string, MatchableIdentity]>): Reconciler {
  const byKey = new Map<string, string[]>();
  for (const [id, identity] of entries) {
    const key = identityKey(identity);
    byKey.set(key, [...(byKey.get(key) ?? []), id]);
  }
  return {
    find(identity) {
      const ids = byKey.get(identityKey(identity));
      return ids?.length === 1 ? ids[0] : undefined;
    },
  };
}

/** How a provider's register holds a test citizen: upper case, no accents, completed date of birth. */
export function registerIdentity(citizen: CitizenRecord): MatchableIdentity {
  const givenNames = citizen.givenNames.map(normaliseName);
  return {
    family_name: normaliseName(citizen.familyName),
    given_name: givenNames.join(' '),
    given_name_array: givenNames,
    birthdate: completeBirthdate(citizen.birthdate),
    gender: sexCode(citizen.gender ?? ''),
    birthcountry: citizen.birthcountry,
  };
}

/** A provider's register of the test citizens its fixtures name (an unknown id is a fixture bug). */
export function citizenRegister(citizens: CitizenDirectory, ids: Iterable<string>, provider: string): Reconciler {
  const entries: [string, MatchableIdentity][] = [];
  for (const id of new Set(ids)) {
    const citizen = citizens.byId(id);
    if (!citizen) throw new Error(`Simulated provider ${provider}: fixtures name an unknown test citizen "${id}"`);
    entries.push([id, registerIdentity(citizen)]);
  }
  return createReconciler(entries);
}
