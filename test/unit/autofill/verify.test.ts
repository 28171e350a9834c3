import { beforeAll, describe, expect, it } from 'vitest';
import { loadPlaces, type Places } from '../../../extension/lib/places';
import { qualifyField } from '../../../extension/autofill/qualify';
import { compareDatum, sameName } from '../../../extension/autofill/verify';
import { CITIZENS } from '../../fixtures/citizens';
import { field } from '../../support/autofill-fields';

let places: Places;
beforeAll(async () => {
  places = await loadPlaces();
});

const claims = (id: string) => CITIZENS.find((c) => c.id === id)!.claims;

function check(label: string, displayed: string, who = 'dubois', over = {}) {
  const q = qualifyField(field({ label, type: 'display', value: displayed, ...over }));
  return compareDatum(q, displayed, claims(who), places);
}

describe('verify: names', () => {
  it('matches despite case, accents, hyphens and spacing', () => {
    expect(sameName('Jean-Philippe', 'JEAN PHILIPPE')).toBe(true);
    expect(sameName('BEN ALI', 'BENALI')).toBe(true);
    expect(check('Nom de naissance', 'Dubois').result).toBe('match');
    expect(check('Prénoms', 'Angela, Claire, Louise').result).toBe('match');
    expect(check('Prénoms', 'Jean-Philippe Pierre Louis', 'martin').result).toBe('match');
    expect(check('Nom de naissance', 'Lefèbvre', 'lefebvre').result).toBe('match');
  });

  it('sees a typo or a missing first name as a mismatch', () => {
    expect(check('Nom de naissance', 'DUBOIT')).toMatchObject({ result: 'mismatch', certified: 'DUBOIS' });
    expect(check('Prénoms', 'Angela Louise')).toMatchObject({ result: 'mismatch' });
    expect(check('Prénoms', 'Angela Claire Louise Marie')).toMatchObject({ result: 'mismatch' });
  });

  it('accepts the first name alone or all of them under « Prénom »', () => {
    expect(check('Prénom', 'Angela').result).toBe('match');
    expect(check('Prénom', 'Angela Claire Louise').result).toBe('match');
    expect(check('Prénom', 'Claire').result).toBe('mismatch');
  });

  it('reads « MOREAU née LEFEBVRE » and « LEFEBVRE épouse MOREAU »', () => {
    expect(check('Nom', 'MOREAU née LEFEBVRE', 'lefebvre').result).toBe('match');
    expect(check('Nom', 'LEFEBVRE épouse MOREAU', 'lefebvre').result).toBe('match');
    expect(check('Nom', 'MOREAU', 'lefebvre')).toMatchObject({ result: 'match', note: 'usage name' });
    expect(check('Nom', 'DURAND née LEFEBVRE', 'lefebvre').result).toBe('mismatch');
    expect(check('Nom de naissance', 'LEFEBVRE ép. MOREAU', 'lefebvre').result).toBe('match');
  });

  it('handles the absence of a usage name', () => {
    expect(check('Nom d’usage', '—').result).toBe('match');
    expect(check('Nom d’usage', 'DUBOIS').result).toBe('match');
    expect(check('Nom d’usage', 'MARTIN').result).toBe('mismatch');
    expect(check('Nom d’usage', 'Moreau', 'lefebvre').result).toBe('match');
  });
});

describe('verify: dates', () => {
  it('matches the same date written differently', () => {
    for (const d of ['24/08/1962', '24 août 1962', '1962-08-24', '24.08.62', 'le 24/8/1962']) expect(check('Date de naissance', d).result, d).toBe('match');
    expect(check('Date of birth', '08/24/1962', 'dubois', { lang: 'en-us' }).result).toBe('match');
  });

  it('says what differs', () => {
    expect(check('Date de naissance', '24/08/1963')).toMatchObject({ result: 'mismatch', note: 'different year' });
    expect(check('Date de naissance', '24/09/1962')).toMatchObject({ result: 'mismatch', note: 'different month' });
    expect(check('Date de naissance', '25/08/1962')).toMatchObject({ result: 'mismatch', note: 'different day' });
    expect(check('Date de naissance', 'inconnue')).toMatchObject({ result: 'mismatch', note: 'not a readable date' });
  });
});

describe('verify: birthplace, country, gender, e-mail', () => {
  it('matches a commune by name, with its département, by its city or by code', () => {
    expect(check('Lieu de naissance', 'Paris 7e (75)').result).toBe('match');
    expect(check('Lieu de naissance', 'PARIS 7E ARRONDISSEMENT').result).toBe('match');
    expect(check('Lieu de naissance', 'Paris')).toMatchObject({ result: 'match', note: 'city of the arrondissement' });
    expect(check('Lieu de naissance', '75107').result).toBe('match');
    expect(check('Lieu de naissance', 'Ajaccio (2A)', 'martin').result).toBe('match');
    expect(check('Lieu de naissance', 'Ajaccio (Corse-du-Sud)', 'martin').result).toBe('match');
  });

  it('sees another commune or another département as a mismatch', () => {
    expect(check('Lieu de naissance', 'Lyon (69)')).toMatchObject({ result: 'mismatch', note: 'different commune' });
    expect(check('Lieu de naissance', 'Ajaccio (2B)', 'martin')).toMatchObject({ result: 'mismatch', note: 'different département' });
    expect(check('Département de naissance', '2B - Haute-Corse', 'martin').result).toBe('mismatch');
    expect(check('Département de naissance', 'Corse-du-Sud', 'martin').result).toBe('match');
  });

  it('for a citizen born abroad, checks the country and leaves the foreign town unchecked', () => {
    expect(check('Lieu de naissance', 'Oran (ALGERIE)', 'benali').result).toBe('match');
    expect(check('Lieu de naissance', 'Oran', 'benali').result).toBeUndefined();
    expect(check('Pays de naissance', 'Algérie', 'benali').result).toBe('match');
    expect(check('Pays de naissance', 'DZ', 'benali').result).toBe('match');
    expect(check('Pays de naissance', 'Maroc', 'benali').result).toBe('mismatch');
    expect(check('Département de naissance', '—', 'benali').result).toBe('match');
  });

  it('compares gender whatever the wording, and does not judge « unspecified »', () => {
    expect(check('Sexe', 'F').result).toBe('match');
    expect(check('Civilité', 'Madame').result).toBe('match');
    expect(check('Sexe', 'Masculin').result).toBe('mismatch');
    expect(check('Sexe', 'F', 'tehei').result).toBeUndefined();
  });

  it('compares e-mail addresses without case', () => {
    expect(check('Courriel', 'Wossewodda-3728@Yopmail.com').result).toBe('match');
    expect(check('Courriel', 'wossewoda-3728@yopmail.com').result).toBe('mismatch');
  });
});
