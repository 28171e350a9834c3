import { describe, expect, it } from 'vitest';
import {
  formatAcr,
  formatBirthdate,
  formatBirthplace,
  formatCountry,
  formatDateTime,
  formatFirstNames,
  formatGender,
  toDate,
} from '../../../extension/lib/format';

const NBSP = '\u00a0';
const places = {
  commune: (cog: string) =>
    cog === '75107' ? { commune: 'Paris 7e Arrondissement', departement: { code: '75', name: 'Paris' } } : cog === '98729' ? { commune: 'Papeete' } : undefined,
  country: (insee: string) => (insee === '99109' ? { name: 'Allemagne' } : undefined),
};

describe('French formatting', () => {
  it('writes a birth date the French way', () => {
    expect(formatBirthdate('1962-08-24')).toBe(`24${NBSP}août 1962`);
    expect(formatBirthdate('1980-01-01')).toBe(`1er${NBSP}janvier 1980`);
    expect(formatBirthdate('1999-12-31')).toBe(`31${NBSP}décembre 1999`);
  });

  it('leaves an unreadable date as it is', () => {
    expect(formatBirthdate('24/08/1962')).toBe('24/08/1962');
    expect(formatBirthdate('1962-13-01')).toBe('1962-13-01');
  });

  it('writes an instant with « h » in the given time zone', () => {
    expect(formatDateTime(new Date('2026-11-26T13:05:00Z'), 'Europe/Paris')).toBe(`26${NBSP}novembre 2026 à 14${NBSP}h${NBSP}05`);
    expect(formatDateTime(new Date('2026-07-01T22:00:00Z'), 'Europe/Paris')).toBe(`2${NBSP}juillet 2026 à 0${NBSP}h${NBSP}00`);
  });

  it('reads an instant as epoch seconds, milliseconds or ISO', () => {
    const iso = '2026-11-26T13:05:00.000Z';
    expect(toDate(Date.parse(iso) / 1000)?.toISOString()).toBe(iso);
    expect(toDate(Date.parse(iso))?.toISOString()).toBe(iso);
    expect(toDate(iso)?.toISOString()).toBe(iso);
    expect(toDate('hier')).toBeUndefined();
    expect(toDate(undefined)).toBeUndefined();
  });

  it('names gender and eIDAS level in French', () => {
    expect(formatGender('female')).toBe('Féminin');
    expect(formatGender('male')).toBe('Masculin');
    expect(formatGender('unspecified')).toBe('Non précisé');
    expect(formatAcr('eidas1')).toBe('faible');
    expect(formatAcr('eidas2')).toBe('substantiel');
    expect(formatAcr('eidas3')).toBe('élevé');
    expect(formatAcr('other')).toBeUndefined();
  });

  it('keeps each first name whole', () => {
    expect(formatFirstNames({ given_name: 'Jean Philippe Pierre', given_name_array: ['Jean Philippe', 'Pierre'] })).toBe('Jean Philippe, Pierre');
    expect(formatFirstNames({ given_name: 'Angela Claire' })).toBe('Angela Claire');
    expect(formatFirstNames({ given_name: 'Angela', given_name_array: [] })).toBe('Angela');
  });

  it('names the birthplace with its département, or falls back to the INSEE code', () => {
    expect(formatBirthplace('75107', places)).toBe('Paris 7e Arrondissement, Paris (75)');
    expect(formatBirthplace('98729', places)).toBe('Papeete');
    expect(formatBirthplace('75107', undefined)).toBe('code INSEE 75107');
    expect(formatBirthplace('01001', places)).toBe('code INSEE 01001');
    expect(formatBirthplace('', places)).toBe('Hors de France');
  });

  it('names the birth country, France without any data', () => {
    expect(formatCountry('99100', undefined)).toBe('France');
    expect(formatCountry('99109', places)).toBe('Allemagne');
    expect(formatCountry('99109', undefined)).toBe('code INSEE 99109');
    expect(formatCountry(undefined, places)).toBe('Non renseigné');
  });
});
