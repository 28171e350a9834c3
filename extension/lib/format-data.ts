/**
 * The data sources' values in plain French (« Mes données »): amounts as Intl fr-FR writes them
 * (« 12 345 € », « 1 234,52 € », with the narrow no-break spaces Intl puts in), dates « 24 août 2024 »,
 * periods, yes/no. Pure functions; the backend already gives French labels, titles and texts.
 */
import type { DataFact, DataSource, DataStatus } from './data-api';
import { formatBirthdate, formatDateTime, NBSP, toDate } from './format';

const wholeEuros = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 });
const euros = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR', minimumFractionDigits: 2, maximumFractionDigits: 2 });
const numbers = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 });

/** `52340` → « 52 340 € »; `48.26` → « 48,26 € » (cents only when there are some). */
export function formatEuros(amount: number): string {
  return (Number.isInteger(amount) ? wholeEuros : euros).format(amount);
}

/** `2.5` → « 2,5 »; `1320` → « 1 320 ». */
export function formatNumber(value: number): string {
  return numbers.format(value);
}

/** `2024-08-24` → « 24 août 2024 » (« 1er » for the first of the month); anything else as is. */
export function formatDate(isoDate: string): string {
  return formatBirthdate(isoDate);
}

/** « Du 16 mars 2026 au 29 mars 2026 », « Depuis le 2 juin 2026 », « Jusqu’au 31 août 2027 ». */
export function formatPeriod(period: string): string {
  const [start = '', end = ''] = period.split('/');
  if (start && end) return `Du ${formatDate(start)} au ${formatDate(end)}`;
  if (start) return `Depuis le ${formatDate(start)}`;
  if (end) return `Jusqu’au ${formatDate(end)}`;
  return 'Non communiquée';
}

/** A fact's value as the citizen reads it. A value of the wrong kind for its type is shown as text. */
export function formatFactValue(fact: Pick<DataFact, 'type' | 'value'>): string {
  const { type, value } = fact;
  if (value === null) return 'Non communiqué';
  if (typeof value === 'boolean') return value ? 'Oui' : 'Non';
  if (typeof value === 'number') {
    if (type === 'euros') return formatEuros(value);
    return formatNumber(value);
  }
  if (type === 'date') return formatDate(value);
  if (type === 'period') return formatPeriod(value);
  return value;
}

export const STATUS_LABELS: Record<DataStatus, string> = {
  ok: 'Données reçues',
  not_found: 'Inconnu de ce service',
  not_requested: 'Non demandé',
  unavailable: 'Service indisponible',
  error: 'Erreur',
};

/** « Récupéré le 26 novembre 2026 à 10 h 05 » (the browser's time zone unless given). */
export function formatFetchedAt(fetchedAt: string | undefined, timeZone?: string): string | undefined {
  const date = toDate(fetchedAt);
  return date ? `Récupéré le ${formatDateTime(date, timeZone)}` : undefined;
}

/**
 * The labels of this card's facts that a field of the current form could take, given the field
 * kinds the form filler recognised on the tab (`fill/scan`); each label once.
 */
export function fillableLabels(source: Pick<DataSource, 'data'>, formKinds: readonly string[]): string[] {
  const kinds = new Set(formKinds);
  const labels = (source.data?.sections ?? []).flatMap((s) => s.facts).filter((f) => f.fillKey && kinds.has(f.fillKey)).map((f) => f.label);
  return [...new Set(labels)];
}

/** « Champs de ce formulaire qu’il peut remplir : a, b. » */
export function fillableSentence(labels: readonly string[]): string {
  return `Champs de ce formulaire qu’il peut remplir${NBSP}: ${labels.join(', ')}.`;
}
