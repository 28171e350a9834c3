import { describe, expect, it } from 'vitest';
import { DATA_KINDS, dataValuesFromSources, frenchNumber, renderData } from '../../../extension/autofill/data-kinds';
import { plan } from '../../../extension/autofill/plan';
import { qualify, qualifyField } from '../../../extension/autofill/qualify';
import type { FieldDescriptor } from '../../../extension/autofill/types';
import { CITIZENS } from '../../fixtures/citizens';
import { field, options, select } from '../../support/autofill-fields';

const claims = CITIZENS[0]!.claims;
const DATA = { revenu_fiscal_reference: 52340, nombre_parts: 2.5, quotient_familial: 850, echelon_bourse: '5', numero_allocataire: '1234567', numero_carte_famille_nombreuse: 'CFN-2026-0042' };

function planOf(fields: FieldDescriptor[], data: Record<string, string | number> | null = DATA) {
  return plan(qualify(fields), claims, undefined, data ? { data } : {});
}

describe('data kinds: recognising the fields', () => {
  it.each([
    ['Revenu fiscal de référence', 'taxIncome'],
    ['RFR N-2 (€)', 'taxIncome'],
    ['Nombre de parts fiscales', 'taxShares'],
    ['Quotient familial CAF', 'familyQuotient'],
    ['QF', 'familyQuotient'],
    ['Échelon de bourse', 'grantLevel'],
    ['Numéro d’allocataire CAF', 'allocataireNumber'],
    ['Matricule MSA', 'allocataireNumber'],
    ['Numéro de carte famille nombreuse', 'largeFamilyCard'],
  ])('« %s » → %s', (label, kind) => {
    expect(qualifyField(field({ label })).kind).toBe(kind);
  });

  it('leaves other money fields and other échelons alone', () => {
    expect(qualifyField(field({ label: 'Salaires perçus le mois dernier (€)' })).blocked).toBe('income');
    expect(qualifyField(field({ label: 'Échelon indiciaire' })).kind).toBeNull();
  });

  it('reads name attributes too', () => {
    expect(qualifyField(field({ name: 'ressources.rfr' })).kind).toBe('taxIncome');
    expect(qualifyField(field({ name: 'nbParts' })).kind).toBe('taxShares');
  });
});

describe('data kinds: planning the values', () => {
  it('derives each value from `data`, shown the French way, written as forms expect', () => {
    const p = planOf([
      field({ label: 'Revenu fiscal de référence' }),
      field({ label: 'Nombre de parts' }),
      field({ label: 'Nombre de parts', type: 'number', control: 'number', name: 'parts2' }),
      field({ label: 'Quotient familial' }),
      field({ label: 'Numéro d’allocataire' }),
    ]);
    expect(p.items.map((i) => [i.kind, i.value, i.write])).toEqual([
      ['taxIncome', '52\u202f340\u00a0€', { type: 'value', value: '52340' }],
      ['taxShares', '2,5', { type: 'value', value: '2,5' }],
      ['familyQuotient', '850', { type: 'value', value: '850' }],
      ['allocataireNumber', '1234567', { type: 'value', value: '1234567' }],
    ]);
    // Two « Nombre de parts » on one page: the second is a duplicate, as for identity kinds.
    expect(p.skipped).toMatchObject([{ kind: 'taxShares', reason: 'duplicate' }]);
  });

  it('writes a decimal with a point in a number input', () => {
    const p = planOf([field({ label: 'Nombre de parts', type: 'number', control: 'number' })]);
    expect(p.items[0]?.write).toEqual({ type: 'value', value: '2.5' });
  });

  it('chooses the option of a select (« Échelon 5 »)', () => {
    const p = planOf([select('Échelon de bourse', options(['Choisir', ''], ['Échelon 0 bis', '0bis'], ['Échelon 4', '4'], ['Échelon 5', '5']))]);
    expect(p.items[0]).toMatchObject({ kind: 'grantLevel', value: 'Échelon 5', write: { type: 'option', index: 3 } });
  });

  it('skips data fields as `no-data` without data, and never fills them from the identity', () => {
    const p = planOf([field({ label: 'Revenu fiscal de référence' }), field({ label: 'Nom de naissance' })], null);
    expect(p.items.map((i) => i.kind)).toEqual(['birthName']);
    expect(p.skipped).toMatchObject([{ kind: 'taxIncome', reason: 'no-data' }]);
  });

  it('respects `only` like any kind', () => {
    const p = plan(qualify([field({ label: 'Revenu fiscal de référence' }), field({ label: 'Quotient familial' })]), claims, undefined, { data: DATA, only: ['familyQuotient'] });
    expect(p.items.map((i) => i.kind)).toEqual(['familyQuotient']);
  });
});

describe('data kinds: from GET /api/data', () => {
  it('takes each fact with a data fillKey from the cards that answered, first one wins', () => {
    const values = dataValuesFromSources([
      { status: 'ok', data: { sections: [{ facts: [{ value: 52340, fillKey: 'revenu_fiscal_reference' }, { value: 2, fillKey: 'nombre_parts' }, { value: 48000 }] }] } },
      { status: 'ok', data: { sections: [{ facts: [{ value: 51000, fillKey: 'revenu_fiscal_reference' }, { value: true, fillKey: 'statut_boursier' }, { value: '5', fillKey: 'echelon_bourse' }] }] } },
      { status: 'unavailable' },
      { status: 'ok', data: { sections: [{ facts: [{ value: null, fillKey: 'quotient_familial' }, { value: '999', fillKey: 'numero_securite_sociale' }] }] } },
    ]);
    expect(values).toEqual({ revenu_fiscal_reference: 52340, nombre_parts: 2, echelon_bourse: '5' });
  });

  it('every data kind has its own key', () => {
    const keys = Object.values(DATA_KINDS).map((k) => k.key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('formats French numbers', () => {
    expect(frenchNumber(52340)).toBe('52\u202f340');
    expect(frenchNumber(1234567.5)).toBe('1\u202f234\u202f567,5');
    expect(renderData('taxIncome', '52 340 €', false)?.write).toBe('52340');
    expect(renderData('taxIncome', 'beaucoup', false)).toBeUndefined();
  });
});
