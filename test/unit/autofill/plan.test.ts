import { beforeAll, describe, expect, it } from 'vitest';
import { loadPlaces, type Places } from '../../../extension/lib/places';
import { dateFormatOf, plan } from '../../../extension/autofill/plan';
import { qualify } from '../../../extension/autofill/qualify';
import type { FillOptions } from '../../../extension/autofill';
import type { FieldDescriptor } from '../../../extension/autofill/types';
import { CITIZENS } from '../../fixtures/citizens';
import { block, field, options, radios, select } from '../../support/autofill-fields';

const claims = (id: string) => CITIZENS.find((c) => c.id === id)!.claims;
let places: Places;

beforeAll(async () => {
  places = await loadPlaces();
});

function planFor(fields: FieldDescriptor[], who = 'dubois', opts: FillOptions = {}, c = claims(who)) {
  return plan(qualify(fields), c, places, opts);
}

function one(f: FieldDescriptor, who = 'dubois', opts: FillOptions = {}) {
  const p = planFor([f], who, opts);
  return { item: p.items[0], skip: p.skipped[0] };
}

describe('plan: values for text fields', () => {
  it('writes names, first names and e-mail as FranceConnect gives them', () => {
    expect(one(field({ label: 'Nom de naissance' })).item?.value).toBe('DUBOIS');
    expect(one(field({ label: 'Prénoms' })).item?.value).toBe('Angela Claire Louise');
    expect(one(field({ label: 'Prénom' }), 'martin').item?.value).toBe('Jean Philippe');
    expect(one(field({ label: 'Autres prénoms' }), 'martin').item?.value).toBe('Pierre Louis');
    expect(one(field({ label: 'Nom d’usage' }), 'lefebvre').item?.value).toBe('MOREAU');
    expect(one(field({ label: 'Courriel' })).item?.value).toBe('wossewodda-3728@yopmail.com');
  });

  it('reads a plain « Nom » beside a birth-name field as the name in use: the usage name when there is one', () => {
    const values = (who: string, labels: string[]) => planFor(block(labels.map((label) => ({ label }))), who).items.map((i) => [i.kind, i.value]);
    expect(values('lefebvre', ['Nom', 'Nom de naissance'])).toEqual([['lastName', 'MOREAU'], ['birthName', claims('lefebvre').family_name]]);
    expect(values('dubois', ['Nom', 'Nom de naissance'])).toEqual([['lastName', 'DUBOIS'], ['birthName', 'DUBOIS']]);
    // Alone, or beside a usage-name field of its own, « Nom » stays the birth name FranceConnect certifies.
    expect(values('lefebvre', ['Nom'])).toEqual([['lastName', claims('lefebvre').family_name]]);
    expect(values('lefebvre', ['Nom', 'Nom de naissance', 'Nom d’usage'])).toEqual([
      ['lastName', claims('lefebvre').family_name],
      ['birthName', claims('lefebvre').family_name],
      ['usageName', 'MOREAU'],
    ]);
  });

  it('gives each split first-name field its own first name, keeping entries with a space whole', () => {
    const p = planFor(block([{ label: 'Prénom 1' }, { label: 'Prénom 2' }, { label: 'Prénom 3' }, { label: 'Prénom 4' }]), 'martin');
    expect(p.items.map((i) => i.value)).toEqual(['Jean Philippe', 'Pierre', 'Louis']);
    expect(p.skipped).toMatchObject([{ reason: 'no-claim' }]);
  });

  it('separates first names with commas when the form asks', () => {
    expect(one(field({ label: 'Prénoms', hint: 'séparés par une virgule' })).item?.value).toBe('Angela, Claire, Louise');
  });

  it('follows upper-case and no-accent requirements, and the field’s pattern', () => {
    expect(one(field({ label: 'Prénoms (en majuscules)' }), 'lefebvre').item?.write).toEqual({ type: 'value', value: 'HÉLÈNE MARIE' });
    expect(one(field({ label: 'Prénoms', hint: 'En lettres capitales, sans accents' }), 'lefebvre').item?.write).toEqual({ type: 'value', value: 'HELENE MARIE' });
    expect(one(field({ label: 'Prénoms', pattern: "[A-Z' \\-]+" }), 'lefebvre').item?.write).toEqual({ type: 'value', value: 'HELENE MARIE' });
  });

  it('formats the birth date as the field asks', () => {
    const value = (over: Partial<FieldDescriptor>) => (one(field({ label: 'Date de naissance', ...over }), 'martin').item?.write as { value: string }).value;
    expect(value({})).toBe('07/03/1985');
    expect(value({ placeholder: 'JJ/MM/AAAA' })).toBe('07/03/1985');
    expect(value({ placeholder: 'jj-mm-aaaa' })).toBe('07-03-1985');
    expect(value({ hint: 'Format : AAAA-MM-JJ' })).toBe('1985-03-07');
    expect(value({ hint: 'MM/DD/YYYY', lang: 'en' })).toBe('03/07/1985');
    expect(value({ placeholder: 'JJMMAAAA', maxLength: 8 })).toBe('07031985');
    expect(value({ maxLength: 8 })).toBe('07031985');
    expect(value({ hint: 'Exemple : 14/07/1990' })).toBe('07/03/1985');
    expect(value({ control: 'date', type: 'date' })).toBe('1985-03-07');
  });

  it('reads date formats from patterns too', () => {
    expect(dateFormatOf(field({ pattern: '\\d{4}-\\d{2}-\\d{2}' }))).toBe('AAAA-MM-JJ');
    expect(dateFormatOf(field({ lang: 'en-us' }))).toBe('MM/JJ/AAAA');
  });

  it('fills date parts, padded or not as the field suggests', () => {
    const p = planFor(block([{ label: 'Jour', maxLength: 2 }, { label: 'Mois', maxLength: 2 }, { label: 'Année', maxLength: 4 }], { group: 'Date de naissance' }), 'martin');
    expect(p.items.map((i) => i.value)).toEqual(['07', '03', '1985']);
    const numbers = planFor(block([{ label: 'Jour', type: 'number', control: 'number' }, { label: 'Mois', type: 'number', control: 'number' }, { label: 'Année', type: 'number', control: 'number' }], { group: 'Date de naissance' }), 'martin');
    expect(numbers.items.map((i) => i.value)).toEqual(['7', '3', '1985']);
  });

  it('writes gender in the field’s wording', () => {
    expect(one(field({ label: 'Sexe', maxLength: 1 })).item?.value).toBe('F');
    expect(one(field({ label: 'Sexe', placeholder: 'F ou M' }), 'martin').item?.value).toBe('M');
    expect(one(field({ label: 'Civilité' })).item?.value).toBe('Madame');
    expect(one(field({ label: 'Sexe' }), 'martin').item?.value).toBe('Masculin');
  });

  it('derives the birthplace from the COG code: commune name, département, code', () => {
    expect(one(field({ label: 'Commune de naissance' })).item?.value).toBe('Paris 7e Arrondissement');
    expect(one(field({ label: 'Commune de naissance' }), 'martin').item?.value).toBe('Ajaccio');
    expect(one(field({ label: 'Département de naissance' }), 'martin').item?.value).toBe('2A');
    expect(one(field({ label: 'Département de naissance' }), 'tehei').item?.value).toBe('974');
    expect(one(field({ label: 'Département de naissance', hint: 'Exemple : Gironde' }), 'lefebvre').item?.value).toBe('Haute-Corse');
    expect(one(field({ label: 'Code INSEE de la commune de naissance' }), 'lefebvre').item?.value).toBe('2B050');
    expect(one(field({ label: 'Pays de naissance' }), 'benali').item?.value).toBe('Algérie');
  });

  it('leaves the commune and département empty for a citizen born abroad, unless the form asks for « 99 »', () => {
    expect(one(field({ label: 'Commune de naissance' }), 'benali').skip).toMatchObject({ reason: 'born-abroad' });
    expect(one(field({ label: 'Département de naissance' }), 'benali').skip).toMatchObject({ reason: 'born-abroad' });
    expect(one(field({ label: 'Département de naissance', hint: 'Indiquez 99 si vous êtes né à l’étranger' }), 'benali').item?.value).toBe('99');
  });

  it('resolves former COG codes and arrondissements', () => {
    const c = { ...claims('dubois'), birthplace: '20004' };
    expect(planFor([field({ label: 'Commune de naissance' }), field({ label: 'Département de naissance' })], 'dubois', {}, c).items.map((i) => i.value)).toEqual(['Ajaccio', '2A']);
  });
});

describe('plan: selects and radios', () => {
  it('chooses countries by INSEE code, ISO code, French or English name', () => {
    const pick = (opts: ReturnType<typeof options>, who: string) => (one(select('Pays de naissance', opts), who).item?.write as { index: number }).index;
    expect(pick(options('--', ['France', 'FR'], ['Algérie', 'DZ']), 'benali')).toBe(2);
    expect(pick(options('--', ['France', '99100'], ['Algérie', '99352']), 'benali')).toBe(2);
    expect(pick(options('--', ['Algeria', 'DZA'], ['France', 'FRA']), 'dubois')).toBe(2);
    expect(pick(options('--', 'ALGERIE', 'FRANCE'), 'benali')).toBe(1);
  });

  it('falls back to the successor state for a historical country', () => {
    const c = { ...claims('benali'), birthcountry: '99142' };
    const p = planFor([select('Pays de naissance', options('--', ['Allemagne', 'DE'], ['France', 'FR']))], 'benali', {}, c);
    expect(p.items[0]?.value).toBe('Allemagne');
  });

  it('chooses départements written as codes, « code - name » or « name (code) »', () => {
    const pick = (opts: ReturnType<typeof options>) => one(select('Département de naissance', opts), 'martin').item?.value;
    expect(pick(options('--', ['01 - Ain', '01'], ['2A - Corse-du-Sud', '2A']))).toBe('2A - Corse-du-Sud');
    expect(pick(options('--', ['Ain (01)', 'x1'], ['Corse-du-Sud (2A)', 'x2']))).toBe('Corse-du-Sud (2A)');
    expect(pick(options('--', ['Corse', '20'], ['Paris', '75']))).toBe('Corse');
  });

  it('chooses months by number or French name', () => {
    const months = options('mois', ...['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'].map((m, i) => [m, `m${i}`] as [string, string]));
    const p = planFor(block([{ label: 'Jour', maxLength: 2 }, { control: 'select', type: 'select', label: 'Mois', options: months, optionCount: 13 }, { label: 'Année', maxLength: 4 }], { group: 'Date de naissance' }));
    expect(p.items.map((i) => i.value)).toEqual(['24', 'août', '1962']);
  });

  it('checks the radio that says the citizen’s gender, whatever the wording', () => {
    const pick = (opts: ReturnType<typeof options>, who: string) => (one(radios('Sexe', opts), who).item?.write as { index: number }).index;
    expect(pick(options('Feminin', 'Masculin'), 'dubois')).toBe(0);
    expect(pick(options(['Madame', 'Mme'], ['Monsieur', 'M.']), 'martin')).toBe(1);
    expect(pick(options(['Homme', '1'], ['Femme', '2']), 'dubois')).toBe(1);
    expect(pick(options(['H', 'H'], ['F', 'F']), 'martin')).toBe(0);
  });

  it('waits for the options of a select that has none yet', () => {
    const { item } = one(select('Pays de naissance', options(['Chargement…', ''])));
    expect(item?.write).toMatchObject({ type: 'option', candidates: expect.arrayContaining(['99100', 'FR', 'France']) });
    expect((item?.write as { index?: number }).index).toBeUndefined();
  });

  it('checks or leaves the « born abroad » box', () => {
    const box = () => field({ control: 'checkbox', type: 'checkbox', label: 'Né(e) à l’étranger', checked: false, defaultChecked: false, value: '' });
    expect(one(box(), 'benali').item?.write).toEqual({ type: 'check', checked: true });
    expect(one(box(), 'dubois').skip).toMatchObject({ reason: 'already-filled' });
    expect((one(radios('Lieu de naissance', options(['En France', 'FR'], ['À l’étranger', 'ETR'])), 'benali').item?.write as { index: number }).index).toBe(1);
    expect((one(radios('Êtes-vous né(e) en France ?', options('Oui', 'Non')), 'benali').item?.write as { index: number }).index).toBe(1);
  });
});

describe('plan: what it leaves alone, and why', () => {
  it.each<[string, Partial<FieldDescriptor>, string, string?]>([
    ['another person’s field', { label: 'Nom du conjoint' }, 'other-person'],
    ['a hidden field', { label: 'Nom de naissance', visible: false }, 'hidden'],
    ['a disabled field', { label: 'Nom de naissance', disabled: true }, 'disabled'],
    ['a read-only field', { label: 'Nom de naissance', readonly: true }, 'readonly'],
    ['a field the user typed in', { label: 'Nom de naissance', value: 'DUPONT', defaultValue: '' }, 'user-value'],
    ['a field the page pre-filled', { label: 'Nom de naissance', value: 'DUPONT', defaultValue: 'DUPONT' }, 'prefilled'],
    ['a field already holding the value', { label: 'Nom de naissance', value: 'Dubois', defaultValue: '' }, 'already-filled'],
    ['a value the pattern refuses', { label: 'Nom de naissance', pattern: '[0-9]+' }, 'pattern-mismatch'],
    ['a value too long for the field', { label: 'Prénoms', maxLength: 10 }, 'too-long'],
    ['a usage name FranceConnect does not give', { label: 'Nom d’usage' }, 'no-claim'],
    ['an uncertain field', { name: 'nom', autocomplete: '' }, 'low-confidence', 'minConfidence'],
    ['a phone number', { label: 'Téléphone' }, 'not-certified'],
  ])('%s', (_what, over, reason, opt) => {
    const p = planFor([field(over)], 'dubois', opt ? { minConfidence: 0.9 } : {});
    expect(p.items).toEqual([]);
    expect(p.skipped[0]).toMatchObject({ reason });
  });

  it('fills nothing for gender « unspecified »', () => {
    const p = planFor([radios('Sexe', options('Femme', 'Homme')), select('Civilité', options('--', 'Madame', 'Monsieur'))], 'tehei');
    expect(p.items).toEqual([]);
    expect(p.skipped.map((s) => s.reason)).toEqual(['unspecified', 'unspecified']);
  });

  it('reports a select without the certified value', () => {
    expect(one(select('Pays de naissance', options('--', 'Belgique', 'Suisse'))).skip).toMatchObject({ reason: 'no-matching-option' });
  });

  it('reports a birthplace code missing from the COG table', () => {
    const c = { ...claims('dubois'), birthplace: '00000' };
    expect(planFor([field({ label: 'Commune de naissance' })], 'dubois', {}, c).skipped[0]).toMatchObject({ reason: 'unknown-place' });
    const noPlaces = plan(qualify([field({ label: 'Commune de naissance' })]), claims('dubois'), undefined);
    expect(noPlaces.skipped[0]).toMatchObject({ reason: 'unknown-place' });
  });

  it('reports claims that are absent', () => {
    const p = planFor([field({ label: 'Nom de naissance' }), field({ label: 'Date de naissance' }), field({ label: 'Courriel' })], 'dubois', {}, { sub: 'x' } as never);
    expect(p.skipped.map((s) => s.reason)).toEqual(['no-claim', 'no-claim', 'no-claim']);
  });

  it('fills only the first of two unattributed fields of the same kind', () => {
    const p = planFor([field({ label: 'Nom' }), field({ label: 'Nom' })]);
    expect(p.items).toHaveLength(1);
    expect(p.skipped[0]).toMatchObject({ reason: 'duplicate' });
  });

  it('replaces a pre-filled value only when asked, and never what the user typed', () => {
    const prefilled = () => field({ label: 'Nom de naissance', value: 'DUPONT', defaultValue: 'DUPONT' });
    expect(planFor([prefilled()], 'dubois', { replacePrefilled: true }).items[0]?.value).toBe('DUBOIS');
    expect(planFor([field({ label: 'Nom de naissance', value: 'X', defaultValue: '' })], 'dubois', { replacePrefilled: true }).skipped[0]?.reason).toBe('user-value');
  });

  it('changes a page’s default choice in a select, but not one the user made', () => {
    const opts = options(['Monsieur', 'M'], ['Madame', 'Mme']);
    opts[0]!.defaultSelected = true;
    expect(one(select('Civilité', opts, { value: 'M', defaultValue: 'M' })).item?.value).toBe('Madame');
    expect(one(select('Civilité', opts, { value: 'Mme', defaultValue: 'M' }), 'martin').skip).toMatchObject({ reason: 'user-value' });
  });

  it('restricts to chosen ids or kinds, and excludes others', () => {
    const fields = [field({ label: 'Nom de naissance' }), field({ label: 'Prénoms' }), field({ label: 'Courriel' })];
    const byKind = planFor(fields, 'dubois', { only: ['email'] });
    expect(byKind.items.map((i) => i.kind)).toEqual(['email']);
    expect(byKind.skipped.map((s) => s.reason)).toEqual(['not-selected', 'not-selected']);
    expect(planFor(fields, 'dubois', { only: [fields[1]!.id] }).items.map((i) => i.kind)).toEqual(['givenNames']);
    expect(planFor(fields, 'dubois', { exclude: ['givenNames'] }).items.map((i) => i.kind)).toEqual(['birthName', 'email']);
  });
});
