// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { createCitizenDirectory, pivotIdentity, releasedIdentity } from '../../../../backend/simulator/citizens/index.js';
import {
  citizenRegister,
  createReconciler,
  firstGivenName,
  identityKey,
  normaliseName,
  registerIdentity,
  sexCode,
} from '../../../../backend/simulator/providers/identity.js';

const citizens = createCitizenDirectory();
const pivotOf = (login: string) => {
  const citizen = citizens.byLogin(login);
  const released = citizen && releasedIdentity(citizen);
  if (!released) throw new Error(login);
  return pivotIdentity(released);
};

describe('identity reconciliation (FranceConnect’s example data provider rules)', () => {
  it.each([
    ['Mickaël', 'MICKAEL'],
    ['MOREAU-LAMBERT', 'MOREAU LAMBERT'],
    ['d’Artagnan', 'D ARTAGNAN'],
    ['Lætitia Œdipe', 'LAETITIA OEDIPE'],
    ['  Jean   Philippe ', 'JEAN PHILIPPE'],
    ['Ñúñez', 'NUNEZ'],
  ])('normalises %s to %s', (raw, normalised) => {
    expect(normaliseName(raw)).toBe(normalised);
  });

  it('takes the first given name from given_name_array, which may contain a space', () => {
    expect(firstGivenName({ given_name: 'Jean Philippe Pierre Louis', given_name_array: ['Jean Philippe', 'Pierre', 'Louis'] })).toBe('Jean Philippe');
    expect(firstGivenName({ given_name: 'Angela Claire' })).toBe('Angela');
  });

  it('maps the sex, and leaves an unspecified one empty', () => {
    expect([sexCode('male'), sexCode('female'), sexCode('unspecified'), sexCode('F')]).toEqual(['M', 'F', '', 'F']);
  });

  it('ignores the commune of birth (registers may hold the code of a merged commune)', () => {
    const sophie = pivotOf('commune_fusionnee');
    expect(identityKey({ ...sophie, birthplace: '74010' } as never)).toBe(identityKey(sophie));
  });

  it('finds every loggable test citizen in a register built from the citizens, from their FranceConnect identity', () => {
    const loggable = citizens.all().filter((c) => releasedIdentity(c));
    const register = citizenRegister(citizens, loggable.map((c) => c.id), 'test');
    for (const c of loggable) expect(register.find(pivotOf(c.login)), c.login).toBe(c.id);
  });

  it('does not match on the first word of a compound first name, another birth date, sex or country', () => {
    const jp = pivotOf('prenom_avec_espace');
    const register = citizenRegister(citizens, ['jean-philippe-martin'], 'test');
    expect(register.find({ ...jp, given_name_array: undefined, given_name: 'Jean' })).toBeUndefined();
    expect(register.find({ ...jp, birthdate: '1984-05-13' })).toBeUndefined();
    expect(register.find({ ...jp, gender: 'female' })).toBeUndefined();
    expect(register.find({ ...jp, birthcountry: '99350' })).toBeUndefined();
  });

  it('answers nobody when two register entries match (exactly one match, or none)', () => {
    const citizen = citizens.byLogin('test');
    if (!citizen) throw new Error('test');
    const twin = registerIdentity(citizen);
    const register = createReconciler([['a', twin], ['b', twin]]);
    expect(register.find(pivotOf('test'))).toBeUndefined();
  });

  it('refuses a fixture naming an unknown citizen', () => {
    expect(() => citizenRegister(citizens, ['nobody-here'], 'dgfip')).toThrow(/unknown test citizen "nobody-here"/);
  });
});
