import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../backend/simulator/index.js';

// The FranceConnect simulator's pages in Debian's Chromium: a person (here Playwright) clicks through
// the identity provider choice, the login form and the consent page, then logs out (the logout page
// submits itself with JavaScript).

let sim: RunningSimulator;
let browser: Browser;
let serviceProvider: Server;
let spUrl: string;

beforeAll(async () => {
  serviceProvider = createServer((req, res) => {
    res.setHeader('content-type', 'text/plain; charset=utf-8');
    res.end(`service provider received ${req.url}`);
  });
  await new Promise<void>((resolve) => serviceProvider.listen(0, '127.0.0.1', resolve));
  spUrl = `http://127.0.0.1:${(serviceProvider.address() as AddressInfo).port}`;
  sim = await startSimulator({
    port: 0,
    clients: [
      {
        client_id: 'e2e-service',
        client_secret: 'e2e-service-secret-0123456789abcdef012345',
        name: 'Service de démonstration',
        redirect_uris: [`${spUrl}/callback`],
        post_logout_redirect_uris: [`${spUrl}/logged-out`],
      },
    ],
  });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
});

afterAll(async () => {
  await browser?.close();
  await sim?.close();
  await new Promise((resolve) => serviceProvider?.close(resolve));
});

describe('FranceConnect simulator in a browser', () => {
  it('lets a citizen log in with test / 123 through ameli.fr, then log out', async () => {
    const page = await browser.newPage();
    const params = new URLSearchParams({
      response_type: 'code',
      client_id: 'e2e-service',
      redirect_uri: `${spUrl}/callback`,
      scope: 'openid identite_pivot email',
      acr_values: 'eidas1',
      state: 'state-0123456789abcdefghij',
      nonce: 'nonce-0123456789abcdefghij',
    });
    await page.goto(`${sim.issuer}/authorize?${params}`);
    await expect(page.getByRole('heading', { name: 'Connexion en cours sur Service de démonstration' }).isVisible()).resolves.toBe(true);

    await page.getByRole('button', { name: 'ameli.fr' }).click();
    await page.getByLabel('Identifiant').fill('test');
    await page.getByLabel('Mot de passe').fill('123');
    await page.getByRole('button', { name: 'Se connecter' }).click();

    await expect(page.getByTestId('consent-identity').textContent()).resolves.toBe('Angela Claire Louise DUBOIS');
    await page.getByRole('button', { name: 'Continuer sur Service de démonstration' }).click();
    await page.waitForURL(`${spUrl}/callback?**`);
    const callback = new URL(page.url());
    expect(callback.searchParams.get('state')).toBe('state-0123456789abcdefghij');
    expect(callback.searchParams.get('iss')).toBe(sim.issuer);
    const code = callback.searchParams.get('code') ?? '';

    const tokens = (await (
      await fetch(`${sim.issuer}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code,
          redirect_uri: `${spUrl}/callback`,
          client_id: 'e2e-service',
          client_secret: 'e2e-service-secret-0123456789abcdef012345',
        }),
      })
    ).json()) as { id_token: string };

    const logout = new URLSearchParams({ id_token_hint: tokens.id_token, state: 'bye', post_logout_redirect_uri: `${spUrl}/logged-out` });
    await page.goto(`${sim.issuer}/session/end?${logout}`);
    await page.waitForURL(`${spUrl}/logged-out?state=bye`);
    await page.close();
  });
});
