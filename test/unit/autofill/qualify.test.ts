import { describe, expect, it } from 'vitest';
import { personOf, qualify, qualifyField } from '../../../extension/autofill/qualify';
import { block, field, options, radios, select } from '../../support/autofill-fields';

const kindOf = (over: Parameters<typeof field>[0]) => qualifyField(field(over)).kind;

describe('qualify: what a field is, from its label', () => {
  it.each([
    ['Nom de naissance', 'birthName'],
    ['NOM DE NAISSANCE (nom de famille)', 'birthName'],
    ['Nom de famille', 'birthName'],
    ['Nom patronymique', 'birthName'],
    ['Nom de jeune fille', 'birthName'],
    ['Birth name', 'birthName'],
    ['Nom d’usage', 'usageName'],
    ['Nom d\'usage (facultatif)', 'usageName'],
    ['Nom marital', 'usageName'],
    ['Nom d’épouse', 'usageName'],
    ['Nom usuel', 'usageName'],
    ['Nom', 'lastName'],
    ['NOM *', 'lastName'],
    ['Votre nom', 'lastName'],
    ['Nom (en majuscules)', 'lastName'],
    ['Surname', 'lastName'],
    ['Last name', 'lastName'],
    ['Prénoms', 'givenNames'],
    ['Prénom(s)', 'givenNames'],
    ['Tous vos prénoms', 'givenNames'],
    ['Given names', 'givenNames'],
    ['Prénom', 'firstName'],
    ['Premier prénom', 'givenName'],
    ['First name', 'firstName'],
    ['Autres prénoms', 'otherGivenNames'],
    ['Middle names', 'otherGivenNames'],
    ['Date de naissance', 'birthDate'],
    ['Né(e) le', 'birthDate'],
    ['Née le', 'birthDate'],
    ['Date of birth', 'birthDate'],
    ['Sexe', 'gender'],
    ['Genre', 'gender'],
    ['Civilité', 'gender'],
    ['Commune de naissance', 'birthPlace'],
    ['Lieu de naissance', 'birthPlace'],
    ['Ville de naissance', 'birthPlace'],
    ['Né(e) à', 'birthPlace'],
    ['City of birth', 'birthPlace'],
    ['Département de naissance', 'birthDepartement'],
    ['Département ou collectivité d’outre-mer de naissance (n°)', 'birthDepartement'],
    ['Pays de naissance', 'birthCountry'],
    ['Country of birth', 'birthCountry'],
    ['Code INSEE de la commune de naissance', 'birthPlaceCode'],
    ['Adresse électronique', 'email'],
    ['Courriel', 'email'],
    ['Mél', 'email'],
    ['E-mail', 'email'],
    ['Email address', 'email'],
    ['Confirmez votre adresse e-mail', 'emailConfirm'],
    ['Confirmation de l’adresse électronique', 'emailConfirm'],
    ['Confirm email address', 'emailConfirm'],
  ])('« %s » → %s', (label, kind) => {
    expect(kindOf({ label })).toBe(kind);
  });

  it.each([
    ['Numéro de téléphone', 'phone'],
    ['Adresse', 'address'],
    ['Numéro et libellé de la voie', 'address'],
    ['Code postal', 'postalCode'],
    ['Ville', 'city'],
    ['Commune', 'city'],
    ['Pays', 'country'],
    ['Nationalité', 'nationality'],
    ['Numéro fiscal', 'taxNumber'],
    ['Salaires perçus le mois dernier', 'income'],
    ['IBAN', 'bank'],
    ['Numéro de sécurité sociale', 'socialSecurity'],
    ['Numéro INE', 'studentId'],
    ['Mot de passe', 'password'],
    ['Nom et prénom', 'fullName'],
    ['Nom du dernier employeur', 'profession'],
  ])('« %s » is recognised but never filled (%s)', (label, blocked) => {
    const q = qualifyField(field({ label }));
    expect(q.kind).toBeNull();
    expect(q.blocked).toBe(blocked);
  });

  it('reads the other label sources: aria-label, placeholder, title, table cells, name attributes, autocomplete', () => {
    expect(kindOf({ aria: 'Nom de naissance' })).toBe('birthName');
    expect(kindOf({ placeholder: 'Prénoms' })).toBe('givenNames');
    expect(kindOf({ title: 'Date de naissance' })).toBe('birthDate');
    expect(kindOf({ near: 'Commune de naissance' })).toBe('birthPlace');
    expect(kindOf({ column: 'Date de naissance', near: 'Demandeur' })).toBe('birthDate');
    expect(kindOf({ name: 'nom_usage' })).toBe('usageName');
    expect(kindOf({ name: 'dossier[individual_attributes][prenom]' })).toBe('firstName');
    expect(kindOf({ htmlId: 'dateNaissance' })).toBe('birthDate');
    expect(kindOf({ autocomplete: 'bday' })).toBe('birthDate');
    expect(kindOf({ autocomplete: 'email' })).toBe('email');
    expect(kindOf({})).toBeNull();
  });

  it('trusts the visible label over name attributes, and lets them refine a bare « Nom »', () => {
    expect(kindOf({ label: 'Nom d’usage', name: 'nom', autocomplete: 'family-name' })).toBe('usageName');
    expect(kindOf({ label: 'Nom', name: 'nom_naissance' })).toBe('birthName');
    expect(kindOf({ label: 'Prénom', placeholder: 'Tous vos prénoms' })).toBe('givenNames');
  });

  it('needs a birth context for generic words', () => {
    expect(kindOf({ label: 'Commune', group: 'Lieu de naissance' })).toBe('birthPlace');
    expect(kindOf({ label: 'Pays', group: 'Lieu de naissance' })).toBe('birthCountry');
    expect(kindOf({ label: 'Département', group: 'Naissance' })).toBe('birthDepartement');
    expect(kindOf({ label: 'Date', group: 'Naissance' })).toBe('birthDate');
    expect(kindOf({ label: 'Date' })).toBeNull();
    expect(kindOf({ label: 'Commune', group: 'Adresse' })).toBeNull();
  });

  it('does not read dates of other events as the birth date', () => {
    expect(kindOf({ label: 'Date de délivrance' })).toBeNull();
    expect(kindOf({ label: 'Date de naissance de l’enfant' })).toBe('birthDate');
    expect(qualifyField(field({ label: 'Date de naissance de l’enfant' })).person).toBe('other');
  });

  it('checks a select’s options before calling it a gender', () => {
    expect(qualifyField(select('Civilité', options('', 'Madame', 'Monsieur'))).kind).toBe('gender');
    expect(qualifyField(select('Title', options('Please select', 'Mr', 'Ms', 'Mx', 'Dr'))).kind).toBe('gender');
    expect(qualifyField(select('Titre', options('Livret', 'Passeport'))).kind).toBeNull();
    expect(qualifyField(select('Genre', options('Roman', 'Poésie', 'Théâtre'))).kind).toBeNull();
    expect(qualifyField(select('Vous êtes', options('--', 'Une femme', 'Un homme'))).kind).toBe('gender');
    expect(qualifyField(radios('', options('Madame', 'Monsieur'))).kind).toBe('gender');
  });

  it('recognises « born in France / abroad » choices', () => {
    expect(qualifyField(field({ control: 'checkbox', type: 'checkbox', label: 'Je suis né(e) à l’étranger' })).kind).toBe('bornAbroad');
    expect(qualifyField(radios('Lieu de naissance', options(['En France', 'FR'], ['À l’étranger', 'ETR']))).kind).toBe('bornAbroad');
    expect(qualifyField(radios('Êtes-vous né(e) en France ?', options('Oui', 'Non'))).kind).toBe('bornAbroad');
  });

  it('classes email confirmation by its label, or as the second of two adjacent e-mail fields', () => {
    const qs = qualify([field({ label: 'E-mail', type: 'email', control: 'email' }), field({ label: 'E-mail', type: 'email', control: 'email' })]);
    expect(qs.map((q) => q.kind)).toEqual(['email', 'emailConfirm']);
  });
});

describe('qualify: split dates and first names', () => {
  it('assigns day, month and year to three small inputs under a birth-date legend', () => {
    const qs = qualify(block([{ label: 'Jour', maxLength: 2 }, { label: 'Mois', maxLength: 2 }, { label: 'Année', maxLength: 4 }], { group: 'Date de naissance' }));
    expect(qs.map((q) => q.kind)).toEqual(['birthDay', 'birthMonth', 'birthYear']);
  });

  it('follows an unlabelled run after a « Né(e) le » label, reading placeholders', () => {
    const qs = qualify(block([{ label: 'Né(e) le', placeholder: 'JJ', maxLength: 2 }, { placeholder: 'MM', maxLength: 2 }, { placeholder: 'AAAA', maxLength: 4 }]));
    expect(qs.map((q) => q.kind)).toEqual(['birthDay', 'birthMonth', 'birthYear']);
  });

  it('reads three selects by their options, whatever their order', () => {
    const days = options(...Array.from({ length: 31 }, (_, i) => String(i + 1)));
    const months = options('janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre');
    const years = options(...Array.from({ length: 80 }, (_, i) => String(2010 - i)));
    const qs = qualify(block([
      { control: 'select', type: 'select', label: 'Date de naissance', options: years, optionCount: 80 },
      { control: 'select', type: 'select', options: months, optionCount: 12 },
      { control: 'select', type: 'select', options: days, optionCount: 31 },
    ]));
    expect(qs.map((q) => q.kind)).toEqual(['birthYear', 'birthMonth', 'birthDay']);
  });

  it('reads an English month/day/year order from the hint', () => {
    const qs = qualify(block([{ label: 'Date of birth', hint: 'MM/DD/YYYY', maxLength: 2 }, { maxLength: 2 }, { maxLength: 4 }], { lang: 'en' }));
    expect(qs.map((q) => q.kind)).toEqual(['birthMonth', 'birthDay', 'birthYear']);
  });

  it('numbers first names split over several fields', () => {
    const numbered = qualify(block([{ label: 'Prénom 1' }, { label: 'Prénom 2' }, { label: 'Troisième prénom' }]));
    expect(numbered.map((q) => [q.kind, q.index])).toEqual([['givenName', 0], ['givenName', 1], ['givenName', 2]]);
    const repeated = qualify(block([{ label: 'Prénom' }, { label: 'Prénom' }], { group: 'Prénoms' }));
    expect(repeated.map((q) => [q.kind, q.index])).toEqual([['givenName', 0], ['givenName', 1]]);
  });

  it('treats a generic place right after a birth field as part of the birthplace', () => {
    const qs = qualify([field({ label: 'Né(e) à' }), field({ label: 'Département', maxLength: 3 }), field({ label: 'Pays' })]);
    expect(qs.map((q) => q.kind)).toEqual(['birthPlace', 'birthDepartement', 'birthCountry']);
  });
});

describe('qualify: whose field it is', () => {
  it.each([
    [{ label: 'Nom du conjoint' }, 'other'],
    [{ label: 'Prénom de l’enfant' }, 'other'],
    [{ label: 'Nom de naissance de la mère' }, 'other'],
    [{ label: 'Nom', group: 'Père' }, 'other'],
    [{ label: 'Nom', context: ['Votre conjoint', 'Demande de prime d’activité'] }, 'other'],
    [{ label: 'Nom', context: ['Le mandataire'] }, 'other'],
    [{ label: 'Nom', context: ['Représentant légal'] }, 'other'],
    [{ label: 'Nom', context: ['Identité du représentant légal du demandeur'] }, 'other'],
    [{ label: 'Nom', near: 'Conjoint ou codemandeur', column: 'Nom' }, 'other'],
    [{ label: 'Nom', name: 'conjoint[nom]' }, 'other'],
    [{ label: 'Nom', context: ['Responsable légal 1 (vous)', 'Inscription de votre enfant'] }, 'self'],
    [{ label: 'Nom', context: ['Le mandant (vous)'] }, 'self'],
    [{ label: 'Nom', context: ['Vous (allocataire)'] }, 'self'],
    [{ label: 'Nom', context: ['Identité du demandeur'] }, 'self'],
    [{ label: 'Nom de jeune fille' }, 'unknown'],
    [{ label: 'Nom d’épouse' }, 'unknown'],
    [{ label: 'Nom' }, 'unknown'],
  ])('%o → %s', (over, person) => {
    expect(personOf(field(over)).person).toBe(person);
  });

  it('lets a name attribute contradict a section that names the citizen only in passing', () => {
    expect(personOf(field({ label: 'Nom', name: 'enfant_nom', context: ['Vos informations'] })).person).toBe('other');
    expect(personOf(field({ label: 'Nom', name: 'parent2_nom', context: ['Parent 2 (vous)'] })).person).toBe('self');
  });
});
