import type { Page } from 'playwright-core';
import type { LoadedExtension } from './chromium';

/** Points the loaded extension at a backend through its options page (the real code path). */
export async function useBackend(extension: LoadedExtension, backendUrl: string): Promise<void> {
  const options = await extension.context.newPage();
  await options.goto(extension.url('options.html'));
  const field = options.getByLabel(/Adresse du serveur Pivot/);
  await field.waitFor();
  await field.fill(backendUrl);
  await options.getByRole('button', { name: 'Enregistrer' }).click();
  await options.getByText(/Le serveur Pivot répond/).waitFor();
  await options.close();
}

/**
 * Clicks `button` in the popup, then logs in as a simulator test citizen in the auth window that
 * identity.launchWebAuthFlow opens (identity provider, login form, consent).
 */
export async function loginThroughAuthWindow(extension: LoadedExtension, popup: Page, buttonName: string, login = 'test'): Promise<void> {
  const opened = extension.context.waitForEvent('page');
  await popup.getByRole('button', { name: buttonName }).click();
  const authWindow = await opened;
  await authWindow.waitForLoadState('domcontentloaded');
  await authWindow.locator('button.sim-idp-button').first().click();
  await authWindow.locator('#login').fill(login);
  await authWindow.locator('#password').fill('123');
  await authWindow.getByRole('button', { name: 'Se connecter' }).click();
  await authWindow.locator('[data-testid="consent-continue"]').click();
}

/** Everything the extension holds in storage, read from one of its pages. */
export function extensionStorage(page: Page): Promise<{ session: Record<string, unknown>; local: Record<string, unknown> }> {
  return page.evaluate(async () => {
    type Area = { get(keys: null): Promise<Record<string, unknown>> };
    const { storage } = (globalThis as unknown as { chrome: { storage: { session: Area; local: Area } } }).chrome;
    return { session: await storage.session.get(null), local: await storage.local.get(null) };
  });
}

/** The id of the tab showing `url` (read from an extension page; the test copy grants the host). */
export async function tabIdOf(page: Page, url: string): Promise<number> {
  const id = await page.evaluate(async (wanted) => {
    type Tab = { id?: number; url?: string };
    const { tabs } = (globalThis as unknown as { chrome: { tabs: { query(q: object): Promise<Tab[]> } } }).chrome;
    return (await tabs.query({})).find((t) => t.url === wanted)?.id;
  }, url);
  if (id === undefined) throw new Error(`no tab shows ${url}`);
  return id;
}
