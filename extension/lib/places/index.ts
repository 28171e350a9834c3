/**
 * Places: COG communes and départements, INSEE countries. Shared by the autofill engine and the
 * popup. Countries and départements are small and load with this module; the commune table
 * (~700 KB raw, ~300 KB gzipped) sits in its own chunk, loaded by `loadPlaces()` on first use.
 */
import { DEPARTEMENTS } from './data/departements.generated';
import { countryByInsee, type Country } from './countries';

export { countryByInsee, allCountries, type Country } from './countries';

export interface Departement { code: string; name: string }

export interface BirthPlace {
  /** The COG code asked for (may be a former code). */
  cog: string;
  /** Commune name (for an arrondissement: « Paris 7e Arrondissement »). */
  commune: string;
  departement?: Departement;
  /** The enclosing commune: the city of an arrondissement, the commune nouvelle of a commune déléguée. */
  parent?: { cog: string; commune: string };
  /** Set when `cog` is a former code: the commune that holds it today (its name is `commune`). */
  current?: { cog: string };
}

export interface Places {
  commune(cog: string): BirthPlace | undefined;
  departement(code: string): Departement | undefined;
  country(insee: string): Country | undefined;
}

/** Département code of a COG commune code: 2 characters, 3 for overseas (97x, 98x); 2A/2B kept. */
export function departementCodeOf(cog: string): string {
  return cog.startsWith('97') || cog.startsWith('98') ? cog.slice(0, 3) : cog.slice(0, 2);
}

export function departementByCode(code: string): Departement | undefined {
  const key = code.trim().toUpperCase();
  const padded = /^\d$/.test(key) ? `0${key}` : key;
  const name = DEPARTEMENTS[padded];
  return name ? { code: padded, name } : undefined;
}

interface Entry { name: string; parent?: string; dep?: string; target?: string }

function parseEntry(raw: string): Entry {
  let rest = raw.slice(5);
  if (rest.startsWith('=')) return { name: '', target: rest.slice(1) };
  const entry: Entry = { name: '' };
  const at = rest.indexOf('@');
  if (at >= 0) { entry.dep = rest.slice(at + 1); rest = rest.slice(0, at); }
  const gt = rest.indexOf('>');
  if (gt >= 0) { entry.parent = rest.slice(gt + 1); rest = rest.slice(0, gt); }
  entry.name = rest;
  return entry;
}

/**
 * Lookups over the packed commune table. A fill needs one or two codes, so each lookup searches the
 * string (`|CODE`) instead of indexing 39,000 entries up front; results are cached.
 */
export function createPlaces(packedCommunes: string): Places {
  const packed = `|${packedCommunes}|`;
  const cache = new Map<string, Entry | null>();
  const lookup = (cog: string): Entry | undefined => {
    if (!/^[0-9][0-9AB][0-9]{3}$/.test(cog)) return undefined;
    let entry = cache.get(cog);
    if (entry === undefined) {
      const at = packed.indexOf(`|${cog}`);
      entry = at < 0 ? null : parseEntry(packed.slice(at + 1, packed.indexOf('|', at + 1)));
      cache.set(cog, entry);
    }
    return entry ?? undefined;
  };
  return {
    commune(cog) {
      const code = cog.trim().toUpperCase();
      let entry = lookup(code);
      let current: string | undefined;
      if (entry?.target) { current = entry.target; entry = lookup(entry.target); }
      if (!entry) return undefined;
      const holder = current ?? code;
      const place: BirthPlace = { cog: code, commune: entry.name };
      const dep = departementByCode(entry.dep ?? departementCodeOf(holder));
      if (dep) place.departement = dep;
      if (entry.parent) {
        const parent = lookup(entry.parent);
        if (parent) place.parent = { cog: entry.parent, commune: parent.name };
      }
      if (current) place.current = { cog: current };
      return place;
    },
    departement: departementByCode,
    country: countryByInsee,
  };
}

let loading: Promise<Places> | undefined;

/** Loads the commune table (once) and returns the lookups. */
export function loadPlaces(): Promise<Places> {
  loading ??= import('./data/communes.generated').then((m) => createPlaces(m.COMMUNES));
  return loading;
}
