import { z } from 'zod';
import { providerUrl, requestJson } from '../http';
import type { SourceContext } from '../types';

/**
 * API Particulier (DINUM), "FranceConnectée" routes (data-apis.md §0.1 pattern B, §0.4): the FC
 * access token replaces API Particulier's own token as Bearer, no identity parameters, only
 * `recipient` (the SIRET of the organisation the data is for). 200 → `{ data, links, meta }`;
 * errors `{ errors: [...] }` with the usual statuses (404 = unknown to the provider).
 */

/** FranceConnect identity scopes the FC integration platform requires for these calls (§0.1). */
export const API_PARTICULIER_IDENTITY_SCOPES = ['given_name', 'family_name', 'birthdate', 'gender', 'birthplace', 'birthcountry', 'preferred_username'];

export function envelope<S extends z.ZodType>(data: S) {
  return z.looseObject({ data });
}

/** GET {base}{path}?recipient=…[&query] with `Authorization: Bearer <token>` (default: the FC access token). */
export async function apiParticulier<S extends z.ZodType>(
  ctx: SourceContext,
  path: string,
  data: S,
  options: { query?: [string, string][]; token?: string } = {},
): Promise<z.output<S>> {
  const settings = ctx.providers.api_particulier;
  const url = providerUrl(settings.baseUrl, path, [['recipient', settings.recipient], ...(options.query ?? [])]);
  const body = await requestJson(
    ctx,
    { provider: 'api_particulier', url, headers: { authorization: `Bearer ${options.token ?? ctx.accessToken}` } },
    envelope(data),
  );
  return body.data as z.output<S>;
}
