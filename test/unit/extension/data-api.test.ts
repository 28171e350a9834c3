import { describe, expect, it } from 'vitest';
import { DATA_MESSAGES, DATA_SOURCE_IDS, DataResponseSchema, MAX_CARDS, readCard } from '../../../extension/lib/data-api';
import { SOURCE_GROUPS } from '../../../extension/lib/sources';
import { SOURCE_IDS } from '../../../backend/data/types';
import { SIMULATED_DATA } from '../../fixtures/extension/data';

const AT = '2026-11-26T09:05:00.000Z';
const card = (id: string, status: string, extra: Record<string, unknown> = {}) => ({ id, label: `Label ${id}`, status, fetchedAt: AT, ...extra });

function parse(body: unknown) {
  const result = DataResponseSchema.safeParse(body);
  if (!result.success) throw new Error('refused');
  return result.data.sources;
}

describe('data sources catalogue', () => {
  it('lists the backend’s twelve sources, in its order, each in exactly one group', () => {
    expect(DATA_SOURCE_IDS).toEqual(SOURCE_IDS);
    const grouped = SOURCE_GROUPS.flatMap((g) => g.sources.map((s) => s.id));
    expect([...grouped].sort()).toEqual([...SOURCE_IDS].sort());
    expect(SOURCE_GROUPS.map((g) => g.title)).toEqual(['Impôts', 'Santé', 'Études', 'Emploi', 'Prestations et famille']);
  });

  it('uses the backend’s labels', () => {
    const labels = Object.fromEntries(SIMULATED_DATA.sources.map((s) => [s.id, s.label]));
    for (const source of SOURCE_GROUPS.flatMap((g) => g.sources)) expect(source.label).toBe(labels[source.id]);
  });
});

describe('GET /api/data parsing', () => {
  it('reads the simulator’s real answer whole, every source ok, in the fixed order', () => {
    const sources = parse(SIMULATED_DATA);
    expect(sources.map((s) => s.id)).toEqual(SOURCE_IDS);
    expect(sources.every((s) => s.status === 'ok' && s.data && s.fetchedAt === AT)).toBe(true);
    expect(sources[0]).toEqual(SIMULATED_DATA.sources[0]);
  });

  it('keeps each status with what it carries, and only that', () => {
    const sources = parse({
      sources: [
        card('famille_nombreuse', 'unavailable', { error: 'Le service de la carte famille nombreuse n’a pas répondu à temps.' }),
        card('cnous_boursier', 'not_found', { data: SIMULATED_DATA.sources[4]?.data }),
        card('men_scolarite', 'not_requested'),
        card('cnam_ij', 'error', { error: '   ' }),
      ],
    });
    expect(sources).toEqual([
      { id: 'cnam_ij', label: 'Label cnam_ij', status: 'error', error: DATA_MESSAGES.error, fetchedAt: AT },
      { id: 'cnous_boursier', label: 'Label cnous_boursier', status: 'not_found', fetchedAt: AT },
      { id: 'men_scolarite', label: 'Label men_scolarite', status: 'not_requested', fetchedAt: AT },
      { id: 'famille_nombreuse', label: 'Label famille_nombreuse', status: 'unavailable', error: 'Le service de la carte famille nombreuse n’a pas répondu à temps.', fetchedAt: AT },
    ]);
  });

  it('turns an unknown source into an error card of its own, after the known ones', () => {
    const sources = parse({ sources: [card('carte_grise', 'ok', { data: { summary: 'x', sections: [] } }), card('cnam_droits', 'not_found')] });
    expect(sources).toEqual([
      { id: 'cnam_droits', label: 'Label cnam_droits', status: 'not_found', fetchedAt: AT },
      { id: 'carte_grise', label: 'Label carte_grise', status: 'error', error: DATA_MESSAGES.unknownSource, fetchedAt: AT },
    ]);
  });

  it.each([
    ['a wrong status', card('cnam_droits', 'maybe')],
    ['ok without data', card('cnam_droits', 'ok')],
    ['a fact of an unknown type', card('cnam_droits', 'ok', { data: { summary: 's', sections: [{ title: 't', facts: [{ key: 'k', label: 'l', value: 1, type: 'money' }] }] } })],
    ['a fact value that is an object', card('cnam_droits', 'ok', { data: { summary: 's', sections: [{ title: 't', facts: [{ key: 'k', label: 'l', value: {}, type: 'text' }] }] } })],
    ['no fetchedAt', { id: 'cnam_droits', label: 'x', status: 'not_found' }],
    ['a fetchedAt that is not a date', card('cnam_droits', 'not_found', { fetchedAt: 'hier' })],
  ])('turns a malformed card (%s) into an error card and keeps the others', (_name, bad) => {
    const sources = parse({ sources: [SIMULATED_DATA.sources[0], bad, card('famille_nombreuse', 'not_found')] });
    expect(sources.map((s) => [s.id, s.status])).toEqual([
      ['impot_particulier', 'ok'],
      ['cnam_droits', 'error'],
      ['famille_nombreuse', 'not_found'],
    ]);
    expect(sources[1]).toMatchObject({ label: 'Droits à l’Assurance maladie', error: DATA_MESSAGES.unreadable });
  });

  it('names a card it cannot attribute at all, without trusting its id', () => {
    expect(readCard(42, 3)).toEqual({ id: 'inconnue-3', label: 'Source non identifiée', status: 'error', error: DATA_MESSAGES.unreadable });
    expect(readCard({ id: '<img src=x>', label: 'Nouvelle source' }, 5)).toMatchObject({ id: 'inconnue-5', label: 'Nouvelle source', status: 'error' });
  });

  it('keeps the first card of a repeated source', () => {
    const sources = parse({ sources: [card('cnam_droits', 'not_found'), card('cnam_droits', 'ok', { data: { summary: 's', sections: [] } })] });
    expect(sources).toEqual([{ id: 'cnam_droits', label: 'Label cnam_droits', status: 'not_found', fetchedAt: AT }]);
  });

  it('drops an oversize card’s content, not the others', () => {
    const long = 'x'.repeat(2001);
    const huge = card('cnam_droits', 'ok', { data: { summary: 's', sections: [{ title: 't', facts: [{ key: 'k', label: 'l', value: long, type: 'text' }] }] } });
    const tooManyFacts = card('cnam_ij', 'ok', {
      data: { summary: 's', sections: [{ title: 't', facts: Array.from({ length: 201 }, () => ({ key: 'k', label: 'l', value: 1, type: 'number' })) }] },
    });
    const sources = parse({ sources: [huge, tooManyFacts, card('famille_nombreuse', 'error', { error: 'e'.repeat(501) })] });
    expect(sources.map((s) => s.status)).toEqual(['error', 'error', 'error']);
    expect(sources.map((s) => s.error)).toEqual([DATA_MESSAGES.unreadable, DATA_MESSAGES.unreadable, DATA_MESSAGES.unreadable]);
    expect(JSON.stringify(sources)).not.toContain('xxxx');
  });

  it.each([
    ['not an object', 'sources'],
    ['no sources', {}],
    ['sources not a list', { sources: { impot_particulier: {} } }],
    ['too many cards', { sources: Array.from({ length: MAX_CARDS + 1 }, (_, i) => card(`s${i}`, 'not_found')) }],
  ])('refuses an answer that is %s', (_name, body) => {
    expect(DataResponseSchema.safeParse(body).success).toBe(false);
  });
});
