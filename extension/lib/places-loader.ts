/**
 * Lazy access to the places data (extension/lib/places/, owned by the autofill work; API in
 * CONTRACTS.md). The commune table is large, so it is never in the popup's main chunk: it is
 * imported on demand, and the identity screen shows « code INSEE 75107 » until (or unless) it is there.
 *
 * import.meta.glob finds the module at build time if it exists and yields nothing if it does not,
 * so this file builds before and after places/ lands, without a change.
 */
export interface BirthPlace {
  cog: string;
  commune: string;
  departement?: { code: string; name: string };
}

export interface Country {
  insee: string;
  name: string;
  iso2?: string;
  iso3?: string;
}

export interface Places {
  commune(cog: string): BirthPlace | undefined;
  country(insee: string): Country | undefined;
}

interface PlacesModule {
  loadPlaces(): Promise<Places>;
}

export type PlacesImporter = () => Promise<PlacesModule>;

const found = import.meta.glob<PlacesModule>('./places/index.ts');

export function placesImporter(): PlacesImporter | undefined {
  return found['./places/index.ts'];
}

/**
 * Loads the places once. Resolves undefined when the data is not available or fails to load: the
 * caller shows codes instead, and never waits on this to show the identity.
 */
export function createPlacesLoader(importer: PlacesImporter | undefined) {
  let loading: Promise<Places | undefined> | undefined;
  return function loadPlacesSafely(): Promise<Places | undefined> {
    loading ??= (async () => {
      if (!importer) return undefined;
      try {
        return await (await importer()).loadPlaces();
      } catch {
        return undefined;
      }
    })();
    return loading;
  };
}

export const loadPlacesSafely = createPlacesLoader(placesImporter());
