/**
 * Writes test/fixtures/extension/data.ts: a GET /api/data answer where each of the twelve sources is
 * `ok`, with the values the embedded simulator really returns (the richest test account per source),
 * for the extension's « Mes données » tests. Run again after changing the simulator's fixtures:
 *   npx tsx scripts/capture-data-fixture.ts
 */
import { writeFileSync } from 'node:fs';
import { SOURCE_IDS, type SourceResult } from '../backend/data/types';
import { loginAndData } from '../test/support/data';
import { startStack } from '../test/support/stack';

/** Which simulator account gives each source's data (README, "Known citizens"). */
const ACCOUNT_FOR: Record<(typeof SOURCE_IDS)[number], string> = {
  impot_particulier: 'test',
  cnam_droits: 'test',
  cnam_ij: 'test',
  dss_prestations: 'nom_usage',
  cnaf_quotient_familial: 'test',
  mesri_statut_etudiant: 'corse_2a',
  cnous_boursier: 'corse_2a',
  men_scolarite: 'eleve',
  france_travail_statut: 'nom_usage',
  france_travail_indemnites: 'nom_usage',
  msa_quotient_familial: 'commune_fusionnee',
  famille_nombreuse: 'commune_fusionnee',
};
const FETCHED_AT = '2026-11-26T09:05:00.000Z';

const stack = await startStack();
try {
  const byAccount = new Map<string, Record<string, SourceResult>>();
  for (const login of new Set(Object.values(ACCOUNT_FOR))) {
    byAccount.set(login, (await loginAndData(stack.url, { login, sources: SOURCE_IDS.join(',') })).sources);
  }
  const sources = SOURCE_IDS.map((id) => {
    const card = byAccount.get(ACCOUNT_FOR[id])?.[id];
    if (card?.status !== 'ok') throw new Error(`${id} is ${card?.status} for ${ACCOUNT_FOR[id]}`);
    return { ...card, fetchedAt: FETCHED_AT };
  });
  const file = `/**
 * GET /api/data with every source \`ok\`: the embedded simulator's real answers, one test account per
 * source (scripts/capture-data-fixture.ts wrote this file; run it again after changing the simulator).
 */
import type { SourceResult } from '../../../backend/data/types';

export const ACCOUNT_FOR = ${JSON.stringify(ACCOUNT_FOR, null, 2)} as const;

export const SIMULATED_DATA: { sources: SourceResult[] } = ${JSON.stringify({ sources }, null, 2)};
`;
  writeFileSync(new URL('../test/fixtures/extension/data.ts', import.meta.url), file);
  console.log(`wrote ${sources.length} sources`);
} finally {
  await stack.close();
}
