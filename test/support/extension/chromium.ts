import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Worker } from 'playwright-core';
import { CHROME_EXTENSION_ID } from '../../../extension/extension-identity';

export const BUILT_EXTENSION = resolve(import.meta.dirname, '../../../.output/chrome-mv3');
export const SCREENSHOTS = resolve(import.meta.dirname, '../../../.output/e2e-screenshots');

export interface LoadedExtension {
  context: BrowserContext;
  id: string;
  worker: Worker;
  /** chrome-extension://<id>/<path> */
  url(path: string): string;
  close(): Promise<void>;
}

/**
 * A copy of the built extension (`wxt build`, .output/chrome-mv3) for one test run.
 *
 * `grantHosts` adds hosts to the copy's host_permissions. Why: a test backend listens on an ephemeral
 * port, so it is not the default http://localhost:3000 the manifest grants; the options page then asks
 * for the host permission, and headless Chromium has no way to answer its permission prompt. Granting
 * the test host in the copy makes `permissions.request` resolve at once, and the options page's real
 * code path (request, save, health check) runs. Everything else is the build as shipped.
 */
export function prepareExtension(grantHosts: string[] = []): { dir: string; cleanup(): void } {
  if (!existsSync(join(BUILT_EXTENSION, 'manifest.json'))) {
    throw new Error('No built extension in .output/chrome-mv3: run `npm run build` first (npm test does).');
  }
  const dir = mkdtempSync(join(tmpdir(), 'pivot-ext-'));
  cpSync(BUILT_EXTENSION, dir, { recursive: true });
  if (grantHosts.length > 0) {
    const manifestPath = join(dir, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { host_permissions?: string[] };
    manifest.host_permissions = [...(manifest.host_permissions ?? []), ...grantHosts];
    writeFileSync(manifestPath, JSON.stringify(manifest));
  }
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Debian's Chromium, headless, with the unpacked extension loaded (toolchain.md recipe). */
export async function launchWithExtension(extensionDir: string): Promise<LoadedExtension> {
  const profile = mkdtempSync(join(tmpdir(), 'pivot-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    locale: 'fr-FR',
    timezoneId: 'Europe/Paris',
    viewport: { width: 420, height: 720 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
    ],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const id = new URL(worker.url()).host;
  return {
    context,
    id,
    worker,
    url: (path) => `chrome-extension://${id}/${path.replace(/^\//, '')}`,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export { CHROME_EXTENSION_ID };
