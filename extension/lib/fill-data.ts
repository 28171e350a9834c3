/**
 * The citizen's data values for a fill: from the `data/get` answer (the normalised GET /api/data
 * cards the background keeps in storage.session) to `{ fillKey: value }`, through the one mapping in
 * extension/autofill/data-kinds.ts. No data (logged out, backend down, no source chosen) is simply
 * no value: data fields are then skipped as `no-data`.
 */
import { dataValuesFromSources } from '../autofill/data-kinds';
import type { PageData } from './content-messages';
import type { DataReply } from './data-messages';

export function fillDataFrom(reply: DataReply): PageData | undefined {
  if (!reply.ok) return undefined;
  const values = dataValuesFromSources(reply.sources);
  const out: PageData = {};
  for (const [key, value] of Object.entries(values)) if (value !== undefined) out[key] = value;
  return Object.keys(out).length ? out : undefined;
}
