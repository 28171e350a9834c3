import { describe, expect, it } from 'vitest';
import { SOURCE_IDS } from '../../../backend/data/types';
import { loginAndData, statuses } from '../../support/data';
import { type Stack, startStack } from '../../support/stack';

/**
 * Providers refusing what Pivot presents, through real logins: a FranceConnect token without the
 * source's scopes or expired (each provider asks the simulator's /checktoken), Pivot's own
 * credentials wrong (DGFiP client, CNAM key, API Particulier token), a provider whose own
 * credentials FranceConnect refuses. Refusals are `error` with a French sentence; a provider that
 * cannot check the token is `unavailable`. The login succeeds every time.
 */

async function withStack<T>(options: Parameters<typeof startStack>[0], run: (stack: Stack) => Promise<T>): Promise<T> {
  const stack = await startStack(options);
  try {
    return await run(stack);
  } finally {
    await stack.close();
  }
}

describe('a FranceConnect token without the source’s scopes', () => {
  it('is refused by each provider (403 after /checktoken): error, with a French sentence', async () => {
    await withStack(
      {
        env: {
          // Each source asks FranceConnect for scopes that are not its provider's (or not its endpoint's).
          IMPOT_PARTICULIER_SCOPES: 'dgfip_rfr dgfip_nbpart', // no income-year scope
          CNOUS_BOURSIER_SCOPES: 'mesri_identite',
          FAMILLE_NOMBREUSE_SCOPES: 'cnam_caisse',
          FRANCE_TRAVAIL_INDEMNITES_SCOPES: 'cnam_caisse',
          CNAM_IJ_SCOPES: 'cnam_caisse',
        },
      },
      async (stack) => {
        const check = async (login: string, source: string) => {
          const { sources } = await loginAndData(stack.url, { login, sources: source });
          expect(sources[source]?.status, source).toBe('error');
          const line = stack.logs.events('data_source').findLast((e) => e.fields.source === source);
          expect(line?.fields.reason, source).toBe('http_403');
          return sources[source]?.error;
        };
        expect(await check('corse_2a', 'cnous_boursier')).toBe(
          'L’API Particulier a refusé l’accès\u00a0: les autorisations accordées ne couvrent pas ces données.',
        );
        expect(await check('test', 'impot_particulier')).toMatch(/^La DGFiP a refusé l’accès/);
        expect(await check('commune_fusionnee', 'famille_nombreuse')).toMatch(/^Le service de la carte famille nombreuse a refusé l’accès/);
        expect(await check('nom_usage', 'france_travail_indemnites')).toMatch(/^France Travail a refusé l’accès/);
        expect(await check('test', 'cnam_ij')).toMatch(/^L’Assurance maladie a refusé l’accès/);
      },
    );
  });
});

describe('an expired FranceConnect token', () => {
  it('is refused by every provider it is sent to (inactive at /checktoken): error; Pivot’s own token still works', async () => {
    const holder: { stack?: Stack } = {};
    let advanced = false;
    // Right before the first call to a provider, the simulator's clock jumps two minutes ahead:
    // FranceConnect's access token (60 s) is expired when the providers check it.
    const ageingFetch: typeof fetch = (input, init) => {
      const url = new URL(input instanceof Request ? input.url : input.toString());
      if (!advanced && url.pathname.startsWith('/providers/') && holder.stack) {
        advanced = true;
        holder.stack.simulator.advanceTime(120);
      }
      return fetch(input, init);
    };
    const stack = await startStack({ fetch: ageingFetch });
    holder.stack = stack;
    try {
      const { sources } = await loginAndData(stack.url, { login: 'eleve' });
      expect(advanced).toBe(true);
      const fcSources = SOURCE_IDS.filter((id) => id !== 'men_scolarite');
      expect(statuses(sources)).toEqual({ ...Object.fromEntries(fcSources.map((id) => [id, 'error'])), men_scolarite: 'ok' });
      expect(sources.famille_nombreuse?.error).toBe('Le service de la carte famille nombreuse a refusé l’accès\u00a0: l’autorisation présentée est expirée ou invalide.');
      expect(sources.mesri_statut_etudiant?.error).toMatch(/^L’API Particulier a refusé l’accès/);
    } finally {
      await stack.close();
    }
  });
});

describe('Pivot’s own credentials', () => {
  it('wrong CNAM key, API Particulier token or DGFiP client: error, saying Pivot’s identifiers were refused where it can tell', async () => {
    await withStack(
      {
        env: {
          CNAM_API_KEY: 'not-the-cnam-key-0123456789',
          API_PARTICULIER_TOKEN: 'not-the-api-particulier-token-0123456789',
          DGFIP_CLIENT_SECRET: 'not-the-dgfip-secret-0123456789',
        },
      },
      async (stack) => {
        const { sources } = await loginAndData(stack.url, { login: 'eleve', sources: 'cnam_droits,men_scolarite,impot_particulier,cnous_boursier' });
        expect(statuses(sources)).toMatchObject({
          cnam_droits: 'error',
          men_scolarite: 'error',
          impot_particulier: 'error',
          cnous_boursier: 'not_found', // the FranceConnect token itself is fine
        });
        expect(sources.men_scolarite?.error).toBe('L’API Particulier a refusé les identifiants de Pivot.');
        expect(sources.impot_particulier?.error).toBe('La DGFiP a refusé les identifiants de Pivot.');
        expect(sources.cnam_droits?.error).toMatch(/^L’Assurance maladie a refusé l’accès/);
      },
    );
  });

  it('a provider whose own credentials FranceConnect refuses cannot check the token: unavailable (502)', async () => {
    await withStack(
      { simulator: { providers: { checktokenCredentials: { cnam: { client_secret: 'wrong-fd-secret-0123456789abcdef0123456789' } } } } },
      async (stack) => {
        const { sources } = await loginAndData(stack.url, { login: 'test', sources: 'cnam_droits,cnaf_quotient_familial' });
        expect(statuses(sources)).toMatchObject({ cnam_droits: 'unavailable', cnaf_quotient_familial: 'ok' });
        expect(stack.logs.events('data_source').find((e) => e.fields.source === 'cnam_droits')?.fields.reason).toBe('http_502');
      },
    );
  });
});
