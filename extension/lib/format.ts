/**
 * French presentation of identity data. Pure functions; French typography: a no-break space
 * (U+00A0) before « : ; ! ? » and inside « » and « 14 h 05 », the apostrophe ’.
 */
import type { Identity } from './messages';

export const NBSP = '\u00a0';

const MONTHS = [
  'janvier',
  'février',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'août',
  'septembre',
  'octobre',
  'novembre',
  'décembre',
] as const;

function dayMonthYear(day: number, month: number, year: number): string | undefined {
  const name = MONTHS[month - 1];
  if (!name || day < 1 || day > 31) return undefined;
  return `${day === 1 ? '1er' : String(day)}${NBSP}${name} ${year}`;
}

/** `1962-08-24` → « 24 août 1962 », `1962-08-01` → « 1er août 1962 ». Unreadable input comes back as is. */
export function formatBirthdate(isoDate: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!match) return isoDate;
  return dayMonthYear(Number(match[3]), Number(match[2]), Number(match[1])) ?? isoDate;
}

/** An instant given as epoch seconds, epoch milliseconds or an ISO string. */
export function toDate(value: number | string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const ms = typeof value === 'number' ? (value < 1e11 ? value * 1000 : value) : Date.parse(value);
  return Number.isFinite(ms) ? new Date(ms) : undefined;
}

/** « 26 novembre 2026 à 14 h 05 », in the given time zone (the browser's by default). */
export function formatDateTime(date: Date, timeZone?: string): string {
  const parts = new Intl.DateTimeFormat('fr-FR', {
    timeZone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  const day = dayMonthYear(part('day'), part('month'), part('year')) ?? date.toISOString();
  const minutes = String(part('minute')).padStart(2, '0');
  return `${day} à ${part('hour')}${NBSP}h${NBSP}${minutes}`;
}

export function formatGender(gender: string): string {
  switch (gender) {
    case 'female':
      return 'Féminin';
    case 'male':
      return 'Masculin';
    default:
      return 'Non précisé';
  }
}

/** eIDAS levels as FranceConnect names them (acr `eidas1` = niveau faible). */
export function formatAcr(acr: string | undefined): string | undefined {
  switch (acr) {
    case 'eidas1':
      return 'faible';
    case 'eidas2':
      return 'substantiel';
    case 'eidas3':
      return 'élevé';
    default:
      return undefined;
  }
}

/** All first names, each kept whole (an entry may contain a space: « Jean Philippe »). */
export function formatFirstNames(identity: Pick<Identity, 'given_name' | 'given_name_array'>): string {
  const names = identity.given_name_array?.filter((name) => name.trim() !== '');
  return names && names.length > 0 ? names.join(', ') : identity.given_name;
}

export function inseeFallback(code: string): string {
  return `code INSEE ${code}`;
}

/** The places lookups the formatters need (see places-loader.ts); absent until loaded. */
interface PlaceLookups {
  commune(cog: string): { commune: string; departement?: { code: string; name: string } } | undefined;
  country(insee: string): { name: string } | undefined;
}

/** « Paris 7e Arrondissement, Paris (75) »; « Hors de France » when FranceConnect gives no commune (born abroad). */
export function formatBirthplace(cog: string | undefined, places: PlaceLookups | undefined): string {
  if (!cog) return 'Hors de France';
  const place = places?.commune(cog);
  if (!place) return inseeFallback(cog);
  return place.departement ? `${place.commune}, ${place.departement.name} (${place.departement.code})` : place.commune;
}

/** « France » for 99100 (FranceConnect's code for France and its overseas collectivities), else the country's name. */
export function formatCountry(insee: string | undefined, places: PlaceLookups | undefined): string {
  if (!insee) return 'Non renseigné';
  if (insee === '99100') return 'France';
  return places?.country(insee)?.name ?? inseeFallback(insee);
}
