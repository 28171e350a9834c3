import { z } from 'zod';

/** A test citizen as its identity provider knows it (raw IdP data). */
export const citizenRecordSchema = z
  .object({
    /** Stable identifier, used as the simulator's account id and as the key of data-provider fixtures. */
    id: z.string().regex(/^[a-z0-9-]+$/, 'lower-case letters, digits and dashes'),
    login: z.string().min(1),
    password: z.string().min(1),
    /** What this account is for, in French, shown on the login pages. */
    about: z.string().min(1),
    givenNames: z.array(z.string().min(1)),
    familyName: z.string(),
    usageName: z.string().min(1).optional(),
    gender: z.enum(['male', 'female', 'unspecified']).optional(),
    /** IdP birth date: YYYY-MM-DD, or YYYY-MM-00 / YYYY-00-00 for a « présumé né ». */
    birthdate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD (00 allowed for day and month)'),
    /** INSEE COG code of the commune of birth; "" when born abroad. */
    birthplace: z.string().regex(/^(\d[\dAB]\d{3})?$/, 'a 5-character COG code or ""'),
    /** INSEE country code, 99100 for France. */
    birthcountry: z.string().regex(/^99\d{3}$/, 'a 99XXX INSEE country code'),
    email: z.email().optional(),
  })
  .strict();

export type CitizenRecord = z.infer<typeof citizenRecordSchema>;
