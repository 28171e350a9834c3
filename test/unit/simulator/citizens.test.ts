// @vitest-environment node
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { CITIZENS } from '../../../backend/simulator/citizens/data.js';
import { completeBirthdate, createCitizenDirectory, pivotIdentity, releasedIdentity } from '../../../backend/simulator/citizens/index.js';

const communes = createRequire(import.meta.url)('@etalab/decoupage-administratif/data/communes.json') as {
  code: string;
  type: string;
  anciensCodes?: string[];
}[];

const directory = createCitizenDirectory();
const byLogin = (login: string) => {
  const citizen = directory.byLogin(login);
  if (!citizen) throw new Error(`no citizen ${login}`);
  return citizen;
};

describe('test citizens', () => {
  it('have unique ids and logins, and the password 123', () => {
    expect(new Set(CITIZENS.map((c) => c.id)).size).toBe(CITIZENS.length);
    expect(new Set(CITIZENS.map((c) => c.login)).size).toBe(CITIZENS.length);
    expect(CITIZENS.every((c) => c.password === '123')).toBe(true);
  });

  it('include FranceConnect’s reference account "test"', () => {
    expect(releasedIdentity(byLogin('test'))).toMatchObject({
      family_name: 'DUBOIS',
      given_name: 'Angela Claire Louise',
      gender: 'female',
      birthdate: '1962-08-24',
      birthplace: '75107',
      birthcountry: '99100',
    });
  });

  it('cover the cases FranceConnect’s service providers stumble on', () => {
    const ids = (predicate: (c: (typeof CITIZENS)[number]) => boolean) => CITIZENS.filter(predicate).map((c) => c.login);
    expect(ids((c) => c.givenNames.some((n) => n.includes(' ')))).not.toHaveLength(0);
    expect(ids((c) => c.givenNames.length >= 3)).not.toHaveLength(0);
    expect(ids((c) => c.usageName !== undefined)).not.toHaveLength(0);
    expect(ids((c) => c.birthcountry !== '99100' && c.birthplace === '')).not.toHaveLength(0);
    expect(ids((c) => c.gender === 'unspecified')).not.toHaveLength(0);
    expect(ids((c) => c.birthplace.startsWith('2A'))).not.toHaveLength(0);
    expect(ids((c) => c.birthplace.startsWith('2B'))).not.toHaveLength(0);
    expect(ids((c) => c.birthplace.startsWith('97'))).not.toHaveLength(0);
    expect(ids((c) => c.birthdate.endsWith('-00-00'))).not.toHaveLength(0);
    expect(ids((c) => /^\d{4}-(0[1-9]|1[0-2])-00$/.test(c.birthdate))).not.toHaveLength(0);
    expect(ids((c) => c.familyName.includes('-'))).not.toHaveLength(0);
    expect(ids((c) => !c.email)).not.toHaveLength(0);
  });

  it('are born in communes that exist in the COG, one of them merged since (old code in anciensCodes)', () => {
    const codes = new Set(communes.map((c) => c.code));
    for (const c of CITIZENS.filter((x) => x.birthplace)) expect(codes.has(c.birthplace), c.login).toBe(true);
    const merged = byLogin('commune_fusionnee').birthplace;
    expect(communes.some((c) => c.type === 'commune-actuelle' && c.anciensCodes?.includes(merged))).toBe(true);
  });
});

describe('RNIPP normalisation', () => {
  it.each([
    ['1992-11-00', '1992-11-01'],
    ['1992-00-00', '1992-01-01'],
    ['1977-00-03', '1977-01-03'],
    ['1962-08-24', '1962-08-24'],
  ])('completes %s to %s', (raw, complete) => {
    expect(completeBirthdate(raw)).toBe(complete);
  });

  it('keeps the IdP date in idp_birthdate and drops the birthplace of someone born abroad', () => {
    expect(releasedIdentity(byLogin('presume_ne_jour'))).toMatchObject({
      birthdate: '1992-11-01',
      idp_birthdate: '1992-11-00',
      birthplace: '',
      birthcountry: '99243',
    });
  });

  it('omits preferred_username without a usage name and keeps it otherwise', () => {
    expect(releasedIdentity(byLogin('test'))).not.toHaveProperty('preferred_username');
    expect(releasedIdentity(byLogin('nom_usage'))?.preferred_username).toBe('LEFEBVRE');
  });

  it.each([
    ['no e-mail', { email: undefined }],
    ['no gender', { gender: undefined }],
    ['no first name', { givenNames: [] }],
    ['no family name', { familyName: '' }],
    ['born in France without birthplace', { birthplace: '' }],
  ])('refuses an incomplete identity (%s)', (_label, change) => {
    expect(releasedIdentity({ ...byLogin('test'), ...change })).toBeUndefined();
  });

  it('keeps exactly the seven pivot claims for data providers', () => {
    const identity = releasedIdentity(byLogin('nom_usage'));
    expect(Object.keys(pivotIdentity(identity!)).sort()).toEqual(
      ['birthcountry', 'birthdate', 'birthplace', 'family_name', 'gender', 'given_name', 'given_name_array'],
    );
  });

  it('refuses duplicate logins in a directory', () => {
    const [first] = CITIZENS;
    expect(() => createCitizenDirectory([first!, { ...first!, id: 'other-id' }])).toThrow(/duplicate login/);
  });
});
