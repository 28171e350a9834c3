import Provider, { type ClientMetadata, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import type { JWK } from 'jose';
import { pivotIdentity, releasedIdentity, type CitizenDirectory } from './citizens/index.js';
import type { SimulatorClock } from './clock.js';
import { createMemoryAdapterFactory } from './adapter.js';
import { ISSUER_PATH } from './config.js';
import { errorPage, runtimeErrorCode } from './errors.js';
import { html, page } from './html.js';
import type { SigningKeySet } from './keys.js';
import type { ClientRegistry } from './registry.js';
import { IDENTITY_SCOPES } from './scopes.js';
import { subFor } from './subject.js';

// oidc-provider configured as FranceConnect low (FCS back/instances/core-fcp-low/src/config/oidc-provider.ts,
// franceconnect.md §1–§5). FranceConnect-specific checks that oidc-provider does not make live in the
// Express guards in front of it (authorize.ts, logout.ts) and in the interaction routes.

export const COOKIE_NAMES = {
  session: 'fcsim_session',
  interaction: 'fcsim_interaction',
  resume: 'fcsim_interaction_resume',
};

export interface ProviderDependencies {
  issuer: string;
  clients: ClientRegistry;
  citizens: CitizenDirectory;
  keys: SigningKeySet;
  clock: SimulatorClock;
  subSecret: string;
  scopes: string[];
  cookieKeys: string[];
}

function clientMetadata(client: ReturnType<ClientRegistry['all']>[number]): ClientMetadata {
  return {
    client_id: client.client_id,
    client_secret: client.client_secret,
    client_name: client.name,
    redirect_uris: client.redirect_uris,
    post_logout_redirect_uris: client.post_logout_redirect_uris,
    scope: client.scopes.join(' '),
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
    id_token_signed_response_alg: client.id_token_signed_response_alg,
    userinfo_signed_response_alg: client.userinfo_signed_response_alg,
    subject_type: 'pairwise',
    application_type: 'web',
  };
}

const SIGNING_ALGS = ['ES256', 'RS256', 'HS256'] as const;

export function createProvider(deps: ProviderDependencies): Provider {
  const { citizens, clients, keys, clock, subSecret } = deps;

  const configuration: Configuration = {
    adapter: createMemoryAdapterFactory(clock),
    clients: clients.all().map(clientMetadata),
    jwks: keys.privateJwks as Configuration['jwks'],
    cookies: { keys: deps.cookieKeys, names: COOKIE_NAMES, long: { signed: true }, short: { signed: true } },
    routes: {
      authorization: '/authorize',
      token: '/token',
      userinfo: '/userinfo',
      end_session: '/session/end',
      jwks: '/jwks',
    },
    scopes: deps.scopes,
    claims: { ...IDENTITY_SCOPES, acr: null },
    acrValues: ['eidas1'],
    subjectTypes: ['pairwise'],
    responseTypes: ['code'],
    clientAuthMethods: ['client_secret_post', 'private_key_jwt'],
    clientDefaults: {
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_post',
      id_token_signed_response_alg: 'ES256',
      subject_type: 'pairwise',
    },
    enabledJWA: {
      idTokenSigningAlgValues: [...SIGNING_ALGS],
      userinfoSigningAlgValues: [...SIGNING_ALGS],
      requestObjectSigningAlgValues: [...SIGNING_ALGS],
      clientAuthSigningAlgValues: ['ES256', 'RS256'],
    },
    features: {
      devInteractions: { enabled: false },
      userinfo: { enabled: true },
      jwtUserinfo: { enabled: true },
      claimsParameter: { enabled: true },
      requestObjects: { enabled: true },
      // Revocation is served by revocation.ts (FranceConnect's strict DTO), not by oidc-provider.
      revocation: { enabled: false },
      introspection: { enabled: false },
      encryption: { enabled: false },
      backchannelLogout: { enabled: false },
      resourceIndicators: { enabled: false },
      rpInitiatedLogout: { enabled: true, logoutSource, postLogoutSuccessSource },
    },
    pkce: { required: () => false },
    ttl: {
      AuthorizationCode: 30,
      AccessToken: 60,
      IdToken: 60,
      Interaction: 1800,
      Session: 1800,
      Grant: 1800,
    },
    interactions: { url: (_ctx, interaction) => `${ISSUER_PATH}/interaction/${interaction.uid}` },
    extraParams: ['idp_hint'],
    conformIdTokenClaims: true,
    allowOmittingSingleRegisteredRedirectUri: false,
    acceptQueryParamAccessTokens: true,
    issueRefreshToken: () => false,

    // FranceConnect asks for consent (or shows its information page) at every authorization, SSO included:
    // only the grant made during the current interaction counts.
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const grantId = ctx.oidc.result?.consent?.grantId;
      return grantId ? ctx.oidc.provider.Grant.find(grantId) : undefined;
    },

    findAccount: async (_ctx, id) => {
      const citizen = citizens.byId(id);
      const identity = citizen && releasedIdentity(citizen);
      if (!identity) return undefined;
      return { accountId: id, claims: () => ({ sub: id, ...identity }) };
    },

    pairwiseIdentifier: async (_ctx, accountId, client) => {
      const citizen = citizens.byId(accountId);
      const identity = citizen && releasedIdentity(citizen);
      const entity = clients.get(client.clientId)?.entityId ?? client.clientId;
      if (!identity) throw new Error('pairwise identifier requested for an unknown account');
      return subFor(entity, pivotIdentity(identity), subSecret);
    },

    renderError: async (ctx, out) => {
      const code = runtimeErrorCode(out.error, out.error_description);
      const spError = /^client|redirect_uri/.test(out.error_description ?? '');
      ctx.type = 'html';
      ctx.body = errorPage({
        code,
        message: spError
          ? 'Une erreur de communication avec le fournisseur de service est survenue. Veuillez réessayer ultérieurement.'
          : 'Une erreur technique est survenue, fermez l’onglet de votre navigateur et reconnectez-vous.',
      });
    },
  };

  return new Provider(deps.issuer, configuration);
}

/** Keys of the JWKS as published (public parts only) — handy for tests and data providers. */
export function publicJwks(keys: SigningKeySet): { keys: JWK[] } {
  return {
    keys: keys.privateJwks.keys.map((k) => {
      const { kty, crv, x, y, n, e, kid, alg, use } = k;
      return Object.fromEntries(Object.entries({ kty, crv, x, y, n, e, kid, alg, use }).filter(([, v]) => v !== undefined));
    }),
  };
}

// Logout: like FranceConnect, an intermediate page submits itself to end the session (a button remains
// for browsers without JavaScript), then the citizen lands on post_logout_redirect_uri?state=….
async function logoutSource(ctx: KoaContextWithOIDC, form: string): Promise<void> {
  const secret = (ctx.oidc.session?.state as { secret?: string } | undefined)?.secret ?? '';
  const action = /action="([^"]+)"/.exec(form)?.[1] ?? `${ISSUER_PATH}/session/end/confirm`;
  ctx.type = 'html';
  ctx.body = page({
    title: 'Déconnexion - FranceConnect',
    service: 'FranceConnect',
    serviceTagline: 'Simulateur',
    body: html`<h1>Déconnexion en cours</h1>
<p>Vous allez être déconnecté de FranceConnect.</p>
<form id="logout-form" method="post" action="${action}">
  <input type="hidden" name="xsrf" value="${secret}">
  <input type="hidden" name="logout" value="yes">
  <button type="submit" class="fr-btn">Continuer</button>
</form>
<script>document.getElementById('logout-form').submit();</script>`,
  });
}

async function postLogoutSuccessSource(ctx: KoaContextWithOIDC): Promise<void> {
  ctx.type = 'html';
  ctx.body = page({
    title: 'Déconnexion - FranceConnect',
    service: 'FranceConnect',
    serviceTagline: 'Simulateur',
    body: html`<h1>Vous êtes déconnecté de FranceConnect</h1>
<p>Vous pouvez fermer cet onglet.</p>`,
  });
}
