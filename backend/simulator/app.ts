import express, { type NextFunction, type Request, type Response } from 'express';
import type Provider from 'oidc-provider';
import type { KoaContextWithOIDC } from 'oidc-provider';
import { authorizeGuard } from './authorize.js';
import { checktokenRouter } from './checktoken.js';
import type { CitizenDirectory } from './citizens/index.js';
import { ISSUER_PATH } from './config.js';
import { errorUri, runtimeErrorCode } from './errors.js';
import { ASSETS_PATH, dsfrDistDirectory, html, page } from './html.js';
import { interactionRouter } from './interactions/router.js';
import type { SigningKeySet } from './keys.js';
import { logoutGuard } from './logout.js';
import type { ProviderInfo } from './providers/index.js';
import type { ClientRegistry, DataProviderRegistry } from './registry.js';
import { revocationRouter } from './revocation.js';

// The simulator's HTTP surface: FranceConnect's guards and extra endpoints in front of oidc-provider,
// mounted at the issuer path (/api/v2) like FranceConnect's NestJS controllers.

export interface AppDependencies {
  provider: Provider;
  issuer: string;
  clients: ClientRegistry;
  dataProviders: DataProviderRegistry;
  citizens: CitizenDirectory;
  keys: SigningKeySet;
  subSecret: string;
  fetch?: typeof fetch;
  /** The simulated data providers (/providers/…) and their test endpoints (/__test/providers/…). */
  providers?: express.Router;
  providerInfo?: ProviderInfo[];
}

const BROWSER_ROUTES = /^\/(authorize|session\/end)(\/|$)/;
const JSON_ERROR_ROUTES = new Set(['token', 'userinfo', 'jwks', 'discovery']);

/** Koa middleware run by oidc-provider before its own routes (must be added before provider.callback()). */
function franceConnectResponses(issuer: string) {
  const origin = new URL(issuer).origin;
  return async (ctx: KoaContextWithOIDC, next: () => Promise<void>) => {
    // Errors of the browser-facing endpoints are FranceConnect's HTML error page, whatever Accept says.
    if (BROWSER_ROUTES.test(ctx.path)) ctx.req.headers.accept = 'text/html';
    await next();
    const route = ctx.oidc?.route;
    // Errors sent back to the service provider carry error, error_description, state and iss only.
    const location = ctx.status >= 300 && ctx.status < 400 ? ctx.response.get('Location') : '';
    if (location && (route === 'authorization' || route === 'resume')) {
      const url = new URL(location, issuer);
      if (url.searchParams.has('error') && url.searchParams.has('scope')) {
        url.searchParams.delete('scope');
        ctx.redirect(url.href);
      }
    }
    if (route === 'discovery' && ctx.status === 200 && ctx.body && typeof ctx.body === 'object') {
      ctx.body = franceConnectDiscovery(ctx.body as Record<string, unknown>, issuer, origin);
    }
    if ((route === 'discovery' || route === 'jwks') && ctx.status === 200) {
      ctx.set('Cache-Control', 'public, max-age=600');
    }
    // FranceConnect's JSON errors read "<description> (<detail>)" and carry an error_uri pointing at its
    // documentation (franceconnect.md §6.1; FCS oidc-provider-rendered-json-exception.filter.ts).
    if (route && JSON_ERROR_ROUTES.has(route) && ctx.status >= 400 && ctx.body && typeof ctx.body === 'object') {
      const body = ctx.body as { error?: string; error_description?: string; error_uri?: string };
      const cause = (ctx.state as { oidcError?: { error_detail?: string } }).oidcError;
      if (body.error && !body.error_uri) {
        const code = runtimeErrorCode(body.error, `${body.error_description ?? ''} (${cause?.error_detail})`);
        if (cause) body.error_description = `${body.error_description} (${cause.error_detail})`;
        body.error_uri = errorUri(code);
      }
    }
  };
}

/** Discovery as FranceConnect publishes it: endpoints on the public issuer, revocation listed, no offline_access. */
function franceConnectDiscovery(body: Record<string, unknown>, issuer: string, origin: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    const endpoint = typeof value === 'string' && (key.endsWith('_endpoint') || key === 'jwks_uri');
    out[key] = endpoint ? `${origin}${new URL(value as string).pathname}` : value;
  }
  out.revocation_endpoint = `${issuer}/token/revocation`;
  out.claim_types_supported = ['normal'];
  out.grant_types_supported = ['authorization_code'];
  if (Array.isArray(out.scopes_supported)) out.scopes_supported = out.scopes_supported.filter((s) => s !== 'offline_access');
  return out;
}

export function createSimulatorApp(deps: AppDependencies): express.Express {
  const { provider, issuer, clients, citizens } = deps;
  provider.use(franceConnectResponses(issuer));
  const remember = (ctx: KoaContextWithOIDC, error: unknown) => {
    (ctx.state as { oidcError?: unknown }).oidcError = error;
  };
  provider.on('grant.error', remember);
  provider.on('userinfo.error', remember);
  provider.on('jwks.error', remember);
  provider.on('discovery.error', remember);
  provider.on('server_error', remember);

  const app = express();
  app.disable('x-powered-by');

  const dsfr = dsfrDistDirectory();
  if (dsfr) app.use(ASSETS_PATH, express.static(dsfr, { maxAge: '1d', index: false }));

  app.get('/', (_req, res) => {
    res.type('html').send(homePage(issuer, citizens, clients, deps.providerInfo ?? []));
  });
  if (deps.providers) app.use(deps.providers);

  app.use(authorizeGuard({ clients, issuer, path: `${ISSUER_PATH}/authorize` }));
  app.use(logoutGuard(`${ISSUER_PATH}/session/end`));
  app.post(`${ISSUER_PATH}/token`, (req, res, next) => {
    // FranceConnect authenticates service providers with client_secret_post (or private_key_jwt), never
    // HTTP Basic; oidc-provider 9 would accept Basic for a client_secret_post client.
    if (!/^basic /i.test(req.headers.authorization ?? '')) return next();
    const description =
      'client authentication failed (the provided authentication mechanism does not match the registered client authentication method)';
    res.status(401).set('Cache-Control', 'no-store').json({
      error: 'invalid_client',
      error_description: description,
      error_uri: errorUri(runtimeErrorCode('invalid_client', description)),
    });
  });
  app.all(`${ISSUER_PATH}/userinfo`, (req, res, next) => {
    if (req.method === 'GET') return next();
    // FranceConnect only routes GET /userinfo.
    res.status(405).set('Allow', 'GET').json({ error: 'invalid_request', error_description: 'method not allowed' });
  });
  app.use(revocationRouter(deps, `${ISSUER_PATH}/token/revocation`));
  app.use(checktokenRouter({ ...deps }, `${ISSUER_PATH}/checktoken`));
  app.use(
    `${ISSUER_PATH}/interaction`,
    interactionRouter({ provider, basePath: ISSUER_PATH, clients, citizens, dataProviders: deps.dataProviders }),
  );
  app.use(ISSUER_PATH, provider.callback());

  app.use((_req, res) => {
    res.status(404).type('html').send(
      page({ title: 'Page non trouvée - FranceConnect', service: 'FranceConnect', serviceTagline: 'Simulateur', body: html`<h1>Page non trouvée</h1>` }),
    );
  });
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    console.error(`simulator: unexpected error: ${(error as Error)?.message ?? String(error)}`);
    if (res.headersSent) return;
    res.status(500).type('html').send(
      page({
        title: 'Erreur - FranceConnect',
        service: 'FranceConnect',
        serviceTagline: 'Simulateur',
        body: html`<h1>Une erreur s’est produite</h1><p>Une erreur technique est survenue, fermez l’onglet de votre navigateur et reconnectez-vous.</p>`,
      }),
    );
  });
  return app;
}

function homePage(issuer: string, citizens: CitizenDirectory, clients: ClientRegistry, providers: ProviderInfo[]): string {
  return page({
    title: 'Simulateur FranceConnect',
    service: 'FranceConnect',
    serviceTagline: 'Simulateur',
    body: html`<h1>Simulateur FranceConnect v2</h1>
<p>Émetteur (issuer)\u00a0: <code>${issuer}</code> — <a href="${issuer}/.well-known/openid-configuration">configuration OpenID</a>.</p>
<h2 class="fr-h5">Services enregistrés</h2>
<ul>${clients.all().map((c) => html`<li>${c.name} (<code>${c.client_id}</code>)</li>`)}</ul>
${
  providers.length > 0
    ? html`<h2 class="fr-h5">Fournisseurs de données simulés</h2>
<ul>${providers.map((p) => html`<li>${p.name}\u00a0: <code>${p.baseUrl}</code> (${p.sources.join(', ')})</li>`)}</ul>
`
    : ''
}<h2 class="fr-h5">Comptes de test (mot de passe\u00a0: <code>123</code>)</h2>
<ul>${citizens.all().map((c) => html`<li><code>${c.login}</code> — ${c.about}</li>`)}</ul>`,
  });
}
