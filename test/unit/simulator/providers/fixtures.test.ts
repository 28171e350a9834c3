// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { CITIZENS } from '../../../../backend/simulator/citizens/data.js';
import { releasedIdentity } from '../../../../backend/simulator/citizens/index.js';
import * as fixtures from '../../../../backend/simulator/providers/fixtures/index.js';

const ids = new Set(CITIZENS.map((c) => c.id));
const loggable = new Set(CITIZENS.filter((c) => releasedIdentity(c)).map((c) => c.id));

describe('provider fixtures', () => {
  it('are keyed by the ids of the simulator’s test citizens', () => {
    const keyed = [
      fixtures.CNAM_RECORDS,
      fixtures.CNAM_IJ_PAIEMENTS,
      fixtures.MESRI_STUDENTS,
      fixtures.CNOUS_BOURSIERS,
      fixtures.DSS_RECORDS,
      fixtures.QF_RECORDS,
      fixtures.MEN_PUPILS,
      fixtures.FRANCE_TRAVAIL_RECORDS,
      fixtures.FAMILLE_NOMBREUSE_CARDS,
    ].flatMap((r) => Object.keys(r));
    const declarants = fixtures.DGFIP_HOUSEHOLDS.flatMap((h) => [h.declarant1.citizenId, h.declarant2?.citizenId]).filter(Boolean);
    for (const id of [...keyed, ...declarants]) expect(ids.has(id as string), id).toBe(true);
  });

  it('give every source at least one known and one unknown citizen who can log in', () => {
    for (const source of fixtures.SOURCE_IDS) {
      const known = fixtures.KNOWN_CITIZENS[source].filter((id) => loggable.has(id));
      expect(known.length, source).toBeGreaterThan(0);
      expect(known.length, source).toBeLessThan(loggable.size);
    }
  });

  it('have dates that exist, in YYYY-MM-DD', () => {
    const dates = [...JSON.stringify({ ...fixtures }).matchAll(/\d{4}-\d{2}-\d{2}/g)].map((m) => m[0]);
    expect(dates.length).toBeGreaterThan(50);
    for (const d of dates) expect(new Date(`${d}T00:00:00Z`).toISOString().slice(0, 10), d).toBe(d);
  });

  it('give the DGFiP "test" household three income years and a second declarant', () => {
    const household = fixtures.dgfipHouseholdOf('angela-dubois');
    expect(Object.keys(household?.years ?? {})).toEqual(['1', '2', '3']);
    expect(household?.declarant2?.citizenId).toBe('marc-dubois');
    expect(fixtures.dgfipHouseholdOf('marc-dubois')).toBe(household);
  });

  it('compute income years and school years from a date', () => {
    const nov2026 = Date.UTC(2026, 10, 26);
    const aug2026 = Date.UTC(2026, 7, 31);
    expect(fixtures.incomeYear(1, nov2026)).toBe(2025);
    expect(fixtures.incomeYear(3, nov2026)).toBe(2023);
    expect(fixtures.schoolYear(0, nov2026)).toBe('2026-2027');
    expect(fixtures.schoolYear(1, nov2026)).toBe('2025-2026');
    expect(fixtures.schoolYear(0, aug2026)).toBe('2025-2026');
  });

  it('split the quotient familial between CNAF and MSA', () => {
    expect(fixtures.KNOWN_CITIZENS.msa_quotient_familial).toEqual(['sophie-girard']);
    expect(fixtures.KNOWN_CITIZENS.cnaf_quotient_familial).not.toContain('sophie-girard');
  });

  it('use synthetic contact data only (example.org e-mails)', () => {
    const emails = JSON.stringify(fixtures).match(/[\w.+-]+@[\w.-]+/g) ?? [];
    for (const email of emails) expect(email).toMatch(/@example\.org$/);
  });
});
