import { z } from 'zod';
import { CITIZENS } from './data.js';
import { citizenRecordSchema, type CitizenRecord } from './schema.js';

export type { CitizenRecord } from './schema.js';
export { releasedIdentity, pivotIdentity, completeBirthdate, type ReleasedIdentity, type PivotIdentity } from './rnipp.js';

/** The citizens directory shared by every mock identity provider (lookups by login and by id). */
export interface CitizenDirectory {
  all(): readonly CitizenRecord[];
  byId(id: string): CitizenRecord | undefined;
  byLogin(login: string): CitizenRecord | undefined;
}

export function createCitizenDirectory(records: readonly CitizenRecord[] = CITIZENS): CitizenDirectory {
  const list = z.array(citizenRecordSchema).parse(records);
  const byId = new Map<string, CitizenRecord>();
  const byLogin = new Map<string, CitizenRecord>();
  for (const c of list) {
    if (byId.has(c.id)) throw new Error(`Simulator citizens: duplicate id "${c.id}"`);
    if (byLogin.has(c.login)) throw new Error(`Simulator citizens: duplicate login "${c.login}"`);
    byId.set(c.id, c);
    byLogin.set(c.login, c);
  }
  return {
    all: () => list,
    byId: (id) => byId.get(id),
    byLogin: (login) => byLogin.get(login),
  };
}
