// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { subFor } from '../../../backend/simulator/subject.js';
import type { PivotIdentity } from '../../../backend/simulator/citizens/index.js';

const angela: PivotIdentity = {
  given_name: 'Angela Claire Louise',
  given_name_array: ['Angela', 'Claire', 'Louise'],
  family_name: 'DUBOIS',
  birthdate: '1962-08-24',
  gender: 'female',
  birthplace: '75107',
  birthcountry: '99100',
};

describe('FranceConnect sub', () => {
  it('is 64 hex digits followed by v1', () => {
    expect(subFor('entity', angela, 'secret')).toMatch(/^[0-9a-f]{64}v1$/);
  });

  it('depends on the provider reference, the identity and the secret only', () => {
    const sub = subFor('entity', angela, 'secret');
    expect(subFor('entity', { ...angela }, 'secret')).toBe(sub);
    expect(subFor('other-entity', angela, 'secret')).not.toBe(sub);
    expect(subFor('entity', angela, 'other-secret')).not.toBe(sub);
    expect(subFor('entity', { ...angela, birthdate: '1962-08-25' }, 'secret')).not.toBe(sub);
  });

  it('ignores the birthplace of someone born abroad', () => {
    const abroad = { ...angela, birthcountry: '99350' };
    expect(subFor('e', { ...abroad, birthplace: '' }, 's')).toBe(subFor('e', { ...abroad, birthplace: '12345' }, 's'));
  });
});
