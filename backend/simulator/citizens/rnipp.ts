import type { CitizenRecord } from './schema.js';

export const FRANCE = '99100';

/** The identity FranceConnect releases: RNIPP-normalised pivot identity plus IdP-sourced claims. */
export interface ReleasedIdentity {
  given_name: string;
  given_name_array: string[];
  family_name: string;
  preferred_username?: string;
  birthdate: string;
  gender: 'male' | 'female' | 'unspecified';
  birthplace: string;
  birthcountry: string;
  email: string;
  idp_birthdate: string;
}

/** The RNIPP pivot identity (what data providers receive through /checktoken). */
export type PivotIdentity = Pick<
  ReleasedIdentity,
  'given_name' | 'given_name_array' | 'family_name' | 'birthdate' | 'gender' | 'birthplace' | 'birthcountry'
>;

/**
 * RNIPP completes the dates of birth of « présumés nés »: an unknown month or day (00) becomes 01
 * (1992-11-00 → 1992-11-01, 1992-00-00 → 1992-01-01).
 */
export function completeBirthdate(idpBirthdate: string): string {
  const [year, month, day] = idpBirthdate.split('-');
  return `${year}-${month === '00' ? '01' : month}-${day === '00' ? '01' : day}`;
}

/**
 * Normalises the IdP data as FranceConnect low does (`useIdentityFrom: RNIPP`): pivot identity from the
 * register, e-mail, usage name and raw birth date from the IdP. Returns undefined when the IdP identity
 * is incomplete (FranceConnect then shows error Y600006).
 */
export function releasedIdentity(citizen: CitizenRecord): ReleasedIdentity | undefined {
  const { givenNames, familyName, gender, birthdate, birthplace, birthcountry, email } = citizen;
  const bornInFrance = birthcountry === FRANCE;
  if (
    givenNames.length === 0 ||
    !familyName ||
    !gender ||
    !email ||
    (bornInFrance && !birthplace)
  ) {
    return undefined;
  }
  return {
    given_name: givenNames.join(' '),
    given_name_array: [...givenNames],
    family_name: familyName,
    ...(citizen.usageName ? { preferred_username: citizen.usageName } : {}),
    birthdate: completeBirthdate(birthdate),
    gender,
    birthplace: bornInFrance ? birthplace : '',
    birthcountry,
    email,
    idp_birthdate: birthdate,
  };
}

export function pivotIdentity(identity: ReleasedIdentity): PivotIdentity {
  const { given_name, given_name_array, family_name, birthdate, gender, birthplace, birthcountry } = identity;
  return { given_name, given_name_array, family_name, birthdate, gender, birthplace, birthcountry };
}
