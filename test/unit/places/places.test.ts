// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { allCountries, countryByInsee, departementByCode, departementCodeOf, loadPlaces } from '../../../extension/lib/places';
import { generatedSources, OUTPUT } from '../../../scripts/generate-places';

describe('places: communes', () => {
  it('finds current communes, arrondissements and overseas communes by COG code', async () => {
    const places = await loadPlaces();
    expect(places.commune('75107')).toEqual({ cog: '75107', commune: 'Paris 7e Arrondissement', departement: { code: '75', name: 'Paris' }, parent: { cog: '75056', commune: 'Paris' } });
    expect(places.commune('13201')?.parent?.commune).toBe('Marseille');
    expect(places.commune('69381')?.parent?.commune).toBe('Lyon');
    expect(places.commune('2A004')).toMatchObject({ commune: 'Ajaccio', departement: { code: '2A', name: 'Corse-du-Sud' } });
    expect(places.commune('2b050')).toMatchObject({ cog: '2B050', commune: 'Calvi', departement: { code: '2B', name: 'Haute-Corse' } });
    expect(places.commune('97411')).toMatchObject({ commune: 'Saint-Denis', departement: { code: '974', name: 'La Réunion' } });
    expect(places.commune('98729')).toMatchObject({ departement: { code: '987', name: 'Polynésie française' } });
  });

  it('resolves former codes (anciensCodes) to today’s commune', async () => {
    const places = await loadPlaces();
    expect(places.commune('20004')).toMatchObject({ cog: '20004', commune: 'Ajaccio', departement: { code: '2A' }, current: { cog: '2A004' } });
    expect(places.commune('75001')).toMatchObject({ commune: 'Alfortville', departement: { code: '94' }, current: { cog: '94002' } });
  });

  it('keeps communes déléguées with their commune nouvelle, and the département of the few that cross one', async () => {
    const places = await loadPlaces();
    expect(places.commune('02285')).toMatchObject({ commune: 'Escaufourt', departement: { code: '59' }, parent: { commune: 'Saint-Souplet' } });
  });

  it('answers undefined for unknown codes', async () => {
    const places = await loadPlaces();
    expect(places.commune('00000')).toBeUndefined();
    expect(places.commune('')).toBeUndefined();
  });

  it('the committed table matches what the generator makes from the installed package', () => {
    const fresh = generatedSources();
    expect(readFileSync(OUTPUT.communes, 'utf8')).toBe(fresh.communes);
    expect(readFileSync(OUTPUT.departements, 'utf8')).toBe(fresh.departements);
  });
});

describe('places: départements', () => {
  it('derives the département code from a COG code', () => {
    expect(departementCodeOf('75107')).toBe('75');
    expect(departementCodeOf('2A004')).toBe('2A');
    expect(departementCodeOf('97105')).toBe('971');
    expect(departementCodeOf('98729')).toBe('987');
  });

  it('names départements, Corsica and overseas included', () => {
    expect(departementByCode('1')).toEqual({ code: '01', name: 'Ain' });
    expect(departementByCode('2a')).toEqual({ code: '2A', name: 'Corse-du-Sud' });
    expect(departementByCode('976')).toEqual({ code: '976', name: 'Mayotte' });
    expect(departementByCode('988')).toEqual({ code: '988', name: 'Nouvelle-Calédonie' });
    expect(departementByCode('20')).toBeUndefined();
  });
});

describe('places: INSEE countries', () => {
  it('maps INSEE codes to French names and ISO codes', () => {
    expect(countryByInsee('99100')).toMatchObject({ name: 'France', iso2: 'FR', iso3: 'FRA' });
    expect(countryByInsee('99352')).toMatchObject({ name: 'Algérie', iso2: 'DZ', iso3: 'DZA', en: 'Algeria' });
    expect(countryByInsee('99132')).toMatchObject({ name: 'Royaume-Uni', iso2: 'GB', iso3: 'GBR' });
    expect(countryByInsee('99404')).toMatchObject({ name: 'États-Unis', iso2: 'US', iso3: 'USA' });
    expect(countryByInsee('99999')).toBeUndefined();
  });

  it('keeps historical countries, pointing at their successor', () => {
    expect(countryByInsee('99115')).toMatchObject({ name: 'Tchécoslovaquie' });
    expect(countryByInsee('99141')).toMatchObject({ successor: '99109' });
    expect(countryByInsee('99142')).toMatchObject({ successor: '99109', aliases: expect.arrayContaining(['RFA']) });
    expect(countryByInsee('99244')).toMatchObject({ successor: '99243' });
  });

  it('has well-formed, unique codes', () => {
    const all = allCountries();
    expect(all.length).toBeGreaterThan(230);
    expect(new Set(all.map((c) => c.insee)).size).toBe(all.length);
    for (const c of all) {
      expect(c.insee).toMatch(/^99\d{3}$/);
      if (c.iso2) expect(c.iso2).toMatch(/^[A-Z]{2}$/);
      if (c.iso3) expect(c.iso3).toMatch(/^[A-Z]{3}$/);
      if (c.successor) expect(countryByInsee(c.successor)).toBeDefined();
    }
    const iso2 = all.filter((c) => c.iso2).map((c) => c.iso2);
    expect(new Set(iso2).size).toBe(iso2.length);
  });
});
