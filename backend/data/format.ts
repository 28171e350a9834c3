import { z } from 'zod';
import type { Fact, FactType, FillKey } from './types';

/** Small helpers shared by the source modules: French formatting for summaries, fact building, lenient zod pieces. */

const eurosWithCents = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });
const eurosWhole = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 });
const numbers = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 });
const longDate = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const monthYear = new Intl.DateTimeFormat('fr-FR', { month: 'long', year: 'numeric', timeZone: 'UTC' });

/** "24 500 €", "1 096,78 €" (French separators and no-break spaces). */
export function formatEuros(value: number): string {
  return (Number.isInteger(value) ? eurosWhole : eurosWithCents).format(value);
}

/** "2,5". */
export function formatNumber(value: number): string {
  return numbers.format(value);
}

/** "1er septembre 2024", "17 mars 2024" from an ISO date (AAAA-MM-JJ…); the input itself if it is not one. */
export function formatDate(iso: string): string {
  const date = isoDate(iso);
  if (!date) return iso;
  const text = longDate.format(new Date(`${date}T00:00:00Z`));
  return text.replace(/^1 /, '1er ');
}

/** "avril 2025". */
export function formatMonth(year: number, month: number): string {
  return monthYear.format(new Date(Date.UTC(year, month - 1, 1)));
}

/** The calendar date (AAAA-MM-JJ) an ISO date or date-time starts with, as the provider wrote it. */
export function isoDate(value: string): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (!match) return undefined;
  const [, y, m, d] = match;
  return Number(m) >= 1 && Number(m) <= 12 && Number(d) >= 1 && Number(d) <= 31 ? `${y}-${m}-${d}` : undefined;
}

/** "1 ayant droit", "2 ayants droit": French plural of a count (0 and 1 singular). */
export function plural(count: number, singular: string, pluralForm: string): string {
  return `${count} ${count > 1 ? pluralForm : singular}`;
}

/** Joins non-empty parts of an address or a name with the separator. */
export function joinParts(parts: (string | null | undefined)[], separator = ' '): string | undefined {
  const kept = parts.map((p) => p?.trim()).filter((p): p is string => !!p);
  return kept.length > 0 ? kept.join(separator) : undefined;
}

/** A list of facts, skipping values the provider did not give (absent, or filtered out by scope). */
export class Facts {
  readonly list: Fact[] = [];

  add(key: string, label: string, value: string | number | boolean | null | undefined, type: FactType, fillKey?: FillKey): this {
    if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return this;
    if (type === 'date' && typeof value === 'string') value = isoDate(value) ?? value;
    this.list.push({ key, label, value, type, ...(fillKey ? { fillKey } : {}) });
    return this;
  }
}

// ---- zod pieces: strict on types, lenient on absence (providers filter fields by scope) ----

/** A number, also accepted as a numeric string (some gateways serialise int64 as strings). */
export const numeric = z.union([z.number(), z.string().trim().regex(/^-?\d+(\.\d+)?$/).transform(Number)]);
/** An ISO date or date-time. */
export const isoDateString = z.string().regex(/^\d{4}-\d{2}-\d{2}/, 'expected an ISO date');
/** A string that may be absent or null. */
export const optionalText = z.string().nullish();
