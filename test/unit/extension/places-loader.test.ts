import { describe, expect, it, vi } from 'vitest';
import { createPlacesLoader, loadPlacesSafely, placesImporter, type Places } from '../../../extension/lib/places-loader';

const PLACES: Places = { commune: () => undefined, country: () => undefined };

describe('places loader', () => {
  it('resolves undefined when the places module is not there', async () => {
    await expect(createPlacesLoader(undefined)()).resolves.toBeUndefined();
  });

  it('imports and loads the places once', async () => {
    const loadPlaces = vi.fn(async () => PLACES);
    const importer = vi.fn(async () => ({ loadPlaces }));
    const load = createPlacesLoader(importer);
    expect(await load()).toBe(PLACES);
    expect(await load()).toBe(PLACES);
    expect(importer).toHaveBeenCalledTimes(1);
    expect(loadPlaces).toHaveBeenCalledTimes(1);
  });

  it('finds extension/lib/places at build time and names a birthplace with it', async () => {
    expect(placesImporter()).toBeTypeOf('function');
    const places = await loadPlacesSafely();
    expect(places?.commune('75107')).toMatchObject({ commune: 'Paris 7e Arrondissement', departement: { code: '75', name: 'Paris' } });
    expect(places?.country('99109')?.name).toBe('Allemagne');
  });

  it('resolves undefined when the import or the loading fails', async () => {
    await expect(createPlacesLoader(() => Promise.reject(new Error('chunk missing')))()).resolves.toBeUndefined();
    await expect(createPlacesLoader(async () => ({ loadPlaces: () => Promise.reject(new Error('bad data')) }))()).resolves.toBeUndefined();
  });
});
