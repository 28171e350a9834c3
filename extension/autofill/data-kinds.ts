/**
 * Data kinds: form fields filled from the citizen's data (GET /api/data) rather than from the
 * FranceConnect identity — revenu fiscal de référence, nombre de parts, quotient familial, échelon
 * de bourse, numéro d'allocataire, numéro de carte famille nombreuse.
 *
 * The one place that ties a field kind to a data key: the key is the `fillKey` the backend puts on
 * a fact of the normalised /api/data answer (backend/data/types.ts `FillKey`), and it is the key of
 * `fill(claims, { data })`: `{ revenu_fiscal_reference: 52340, nombre_parts: 2.5 }`.
 */

export type DataFormat = 'euros' | 'decimal' | 'integer' | 'code';

export interface DataKindInfo {
  /** The data key (the /api/data fact's `fillKey`). */
  key: string;
  /** French name, for reports and the preview when the page gives no label. */
  label: string;
  format: DataFormat;
}

export const DATA_KINDS = {
  taxIncome: { key: 'revenu_fiscal_reference', label: 'Revenu fiscal de référence', format: 'euros' },
  taxShares: { key: 'nombre_parts', label: 'Nombre de parts', format: 'decimal' },
  familyQuotient: { key: 'quotient_familial', label: 'Quotient familial', format: 'integer' },
  grantLevel: { key: 'echelon_bourse', label: 'Échelon de bourse', format: 'code' },
  allocataireNumber: { key: 'numero_allocataire', label: 'Numéro d’allocataire', format: 'code' },
  largeFamilyCard: { key: 'numero_carte_famille_nombreuse', label: 'Numéro de carte famille nombreuse', format: 'code' },
} as const satisfies Record<string, DataKindInfo>;

export type DataKind = keyof typeof DATA_KINDS;
export type DataKey = (typeof DATA_KINDS)[DataKind]['key'];

/** Data values by data key, as `fill(claims, { data })` takes them. Numbers may also come as strings. */
export type DataValues = Partial<Record<DataKey, string | number>> & Record<string, string | number | boolean | undefined>;

export const DATA_KIND_NAMES = Object.keys(DATA_KINDS) as DataKind[];

export function isDataKind(kind: string | null | undefined): kind is DataKind {
  return !!kind && Object.prototype.hasOwnProperty.call(DATA_KINDS, kind);
}

/** The data key of a kind, if it is a data kind. */
export function dataKeyOf(kind: string): DataKey | undefined {
  return isDataKind(kind) ? DATA_KINDS[kind].key : undefined;
}

interface NormalisedCard {
  status: string;
  data?: { sections: { facts: { value: unknown; fillKey?: string }[] }[] };
}

/**
 * Data values from GET /api/data's normalised answer: each fact with a `fillKey` of a data kind,
 * from the cards that answered (`ok`); the first value of a key wins (the backend marks only the
 * latest income year). Booleans and empty values are left out.
 */
export function dataValuesFromSources(sources: readonly NormalisedCard[]): DataValues {
  const wanted = new Set<string>(DATA_KIND_NAMES.map((k) => DATA_KINDS[k].key));
  const out: Record<string, string | number> = {};
  for (const card of sources) {
    if (card.status !== 'ok' || !card.data) continue;
    for (const section of card.data.sections) {
      for (const fact of section.facts) {
        const key = fact.fillKey;
        if (!key || !wanted.has(key) || key in out) continue;
        if (typeof fact.value === 'number' && Number.isFinite(fact.value)) out[key] = fact.value;
        else if (typeof fact.value === 'string' && fact.value.trim()) out[key] = fact.value.trim();
      }
    }
  }
  return out;
}

const NNBSP = '\u202f';

/** A number the French way: « 52 340 », « 2,5 ». */
export function frenchNumber(n: number): string {
  const [int, dec] = String(Math.abs(n)).split('.');
  const grouped = int!.replace(/\B(?=(\d{3})+(?!\d))/g, NNBSP);
  return `${n < 0 ? '−' : ''}${grouped}${dec ? `,${dec}` : ''}`;
}

/** Reads a data value as a number (« 2,5 », "52340", 52340), or undefined. */
export function numberOf(value: string | number | boolean | undefined): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const t = value.replace(/[\s\u00a0\u202f€]/g, '').replace(',', '.');
  return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : undefined;
}

/** What a data value looks like in the preview (French), and what a field receives. */
export function renderData(kind: DataKind, value: string | number | boolean | undefined, numberField: boolean): { display: string; write: string; alternatives: string[] } | undefined {
  const format = DATA_KINDS[kind].format;
  if (format === 'code') {
    if (typeof value !== 'string' && typeof value !== 'number') return undefined;
    const code = String(value).trim();
    if (!code) return undefined;
    return { display: code, write: code, alternatives: kind === 'grantLevel' ? [`Échelon ${code}`, `echelon ${code}`] : [] };
  }
  const n = numberOf(value);
  if (n === undefined) return undefined;
  const value10 = format === 'integer' || format === 'euros' ? Math.round(n) : n;
  const plain = String(value10);
  const french = plain.replace('.', ',');
  return {
    display: format === 'euros' ? `${frenchNumber(value10)}\u00a0€` : frenchNumber(value10),
    write: numberField ? plain : french,
    alternatives: [plain, french],
  };
}
