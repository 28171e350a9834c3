import { describe, expect, it } from 'vitest';
import { canon, fold, formatDate, identifierWords, isPlaceholderOption, matchOption, nameKey, parseDisplayedDate, placeKey, upperNoAccents } from '../../../extension/autofill/normalise';

describe('text normalisation', () => {
  it('folds case, accents and ligatures', () => {
    expect(fold('Éléonore ŒUVRE Æsir')).toBe('eleonore oeuvre aesir');
    expect(fold('plain ascii')).toBe('plain ascii');
  });

  it('turns labels into the vocabulary’s canonical form', () => {
    expect(canon('Né(e) le *')).toBe('ne e le');
    expect(canon('Nom d’usage (obligatoire)')).toBe('nom d usage');
    expect(canon('Prénom(s)')).toBe('prenom s');
    expect(canon('  Adresse   électronique : ')).toBe('adresse electronique');
    expect(canon('')).toBe('');
  });

  it('splits identifiers into words', () => {
    expect(identifierWords('nomNaissance')).toBe('nom naissance');
    expect(identifierWords('dossier[individual_attributes][prenom]')).toBe('dossier individual attributes prenom');
    expect(identifierWords('prenom2')).toBe('prenom 2');
  });

  it('compares names regardless of case, accents, hyphens, apostrophes and spacing runs', () => {
    expect(nameKey('Jean-Philippe')).toBe(nameKey('JEAN PHILIPPE'));
    expect(nameKey('Hélène')).toBe(nameKey('HELENE'));
    expect(nameKey("N'Diaye")).toBe(nameKey('N DIAYE'));
    expect(nameKey('Angela, Claire')).toBe(nameKey('angela claire'));
    expect(upperNoAccents('Hélène Œdipe')).toBe('HELENE OEDIPE');
  });

  it('compares places with Saint/St and arrondissement spellings', () => {
    expect(placeKey('St-Étienne')).toBe(placeKey('Saint-Etienne'));
    expect(placeKey('Paris 7e Arrondissement')).toBe(placeKey('PARIS 7E'));
    expect(placeKey('Marseille 1er arrondissement')).toBe(placeKey('Marseille 1'));
  });
});

describe('dates as people write them', () => {
  const aug24 = { y: 1962, m: 8, d: 24 };
  it.each([
    '24/08/1962', '24-08-1962', '24.08.1962', '24 08 1962', '24/8/1962', '1962-08-24', '24 août 1962', '24 aout 1962', 'le 24 août 1962',
    'August 24, 1962', '24 August 1962', '24081962', '19620824', '24/08/62',
  ])('reads %s', (text) => {
    expect(parseDisplayedDate(text)).toEqual(aug24);
  });

  it('reads day-first by default and month-first when asked', () => {
    expect(parseDisplayedDate('03/07/1985')).toEqual({ y: 1985, m: 7, d: 3 });
    expect(parseDisplayedDate('03/07/1985', true)).toEqual({ y: 1985, m: 3, d: 7 });
    expect(parseDisplayedDate('1er mars 1985')).toEqual({ y: 1985, m: 3, d: 1 });
  });

  it('rejects impossible or unreadable dates', () => {
    expect(parseDisplayedDate('31/02/1990')).toBeUndefined();
    expect(parseDisplayedDate('29/02/1990')).toBeUndefined();
    expect(parseDisplayedDate('29/02/1992')).toEqual({ y: 1992, m: 2, d: 29 });
    expect(parseDisplayedDate('bientôt')).toBeUndefined();
    expect(parseDisplayedDate('')).toBeUndefined();
  });

  it('writes a date in a form’s own format', () => {
    const d = { y: 1985, m: 3, d: 7 };
    expect(formatDate(d, 'JJ/MM/AAAA')).toBe('07/03/1985');
    expect(formatDate(d, 'MM/JJ/AAAA')).toBe('03/07/1985');
    expect(formatDate(d, 'AAAA-MM-JJ')).toBe('1985-03-07');
    expect(formatDate(d, 'JJMMAAAA')).toBe('07031985');
    expect(formatDate(d, 'DD.MM.YY')).toBe('07.03.85');
  });
});

describe('option matching', () => {
  const countries = [
    { text: '-- Choisir --', value: '' },
    { text: 'Algérie', value: 'DZ' },
    { text: 'France', value: 'FR' },
    { text: 'Allemagne', value: 'DE' },
  ];
  it('prefers candidates in order, by value then by text', () => {
    expect(matchOption(countries, ['99100', 'FR', 'FRA', 'France'])).toBe(2);
    expect(matchOption(countries, ['99352', 'DZ'])).toBe(1);
    expect(matchOption(countries, ['99352', 'DZA', 'algerie'])).toBe(1);
  });

  it('matches « code - name » and « name (code) » option texts', () => {
    const deps = [{ text: '74 - Haute-Savoie', value: 'a' }, { text: '75 - Paris', value: 'b' }, { text: 'Corse-du-Sud (2A)', value: 'c' }];
    expect(matchOption(deps, ['Paris'])).toBe(1);
    expect(matchOption(deps, ['2A'])).toBe(2);
  });

  it('does not confuse a name with a longer one', () => {
    const towns = [{ text: 'Saint-Denis-de-Pile', value: '1' }, { text: 'Saint-Denis', value: '2' }];
    expect(matchOption(towns, ['Saint-Denis'])).toBe(1);
    expect(matchOption([{ text: 'Saint-Denis-de-Pile', value: '1' }], ['Saint-Denis'])).toBe(-1);
  });

  it('returns -1 when nothing matches or there is nothing to match', () => {
    expect(matchOption(countries, ['99999'])).toBe(-1);
    expect(matchOption(countries, [''])).toBe(-1);
    expect(matchOption([], ['France'])).toBe(-1);
  });

  it('recognises placeholder options', () => {
    expect(isPlaceholderOption({ text: '-- Choisir --', value: '' }, 0)).toBe(true);
    expect(isPlaceholderOption({ text: 'Sélectionnez une option', value: 'x' }, 0)).toBe(true);
    expect(isPlaceholderOption({ text: 'Choisissez', value: '0' }, 0)).toBe(true);
    expect(isPlaceholderOption({ text: 'France', value: 'FR' }, 0)).toBe(false);
  });
});
