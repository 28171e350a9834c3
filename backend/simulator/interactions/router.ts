import express, { type Request, type Response, type NextFunction } from 'express';
import type Provider from 'oidc-provider';
import { errors as oidcErrors } from 'oidc-provider';
import { z } from 'zod';
import { releasedIdentity, type CitizenDirectory } from '../citizens/index.js';
import { FC_ERRORS, errorPage } from '../errors.js';
import type { ClientRegistry, DataProviderRegistry } from '../registry.js';
import { secretsEqual } from '../registry.js';
import { CLAIM_LABELS, DATA_PROVIDER_SCOPES, claimsForScopes } from '../scopes.js';
import { IDENTITY_PROVIDERS, identityProvider } from './identity-providers.js';
import { consentPage, idpChoicePage, interactionPath, loginPage, type ConsentData } from './pages.js';

// Routes of the citizen's journey, under {issuer}/interaction/:uid (oidc-provider's interaction cookie is
// scoped to that path). The login result is stored in the interaction until the consent page is submitted.

export interface InteractionDependencies {
  provider: Provider;
  basePath: string;
  clients: ClientRegistry;
  citizens: CitizenDirectory;
  dataProviders: DataProviderRegistry;
}

const LOGIN_ACR = 'eidas1';
const LOGIN_AMR = ['fc', 'pwd'];

const loginForm = z.object({ login: z.string().trim().max(200), password: z.string().max(200) });
const idpForm = z.object({ idp: z.string().max(100) });
const consentForm = z.object({ consent: z.literal('yes').optional() });

type Details = Awaited<ReturnType<Provider['interactionDetails']>>;

function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Scopes requested (space-separated), as a list. */
function requestedScopes(details: Details): string[] {
  return (asString(details.params.scope) ?? '').split(' ').filter(Boolean);
}

/** Claim names requested through the `claims` parameter (e.g. amr in the ID token). */
function requestedClaims(details: Details): string[] {
  const raw = asString(details.params.claims);
  if (!raw) return [];
  try {
    const parsed = JSON.parse(raw) as Record<string, Record<string, unknown> | null | undefined>;
    return [...new Set(['id_token', 'userinfo'].flatMap((k) => Object.keys(parsed[k] ?? {})))];
  } catch {
    return [];
  }
}

/** prompt=login alone (allowed for the service provider): FranceConnect skips its consent page. */
function skipsConsent(details: Details): boolean {
  const prompt = (asString(details.params.prompt) ?? '').split(' ').filter(Boolean);
  return prompt.length > 0 && prompt.every((p) => p === 'login');
}

export function interactionRouter(deps: InteractionDependencies): express.Router {
  const { provider, clients, citizens, dataProviders } = deps;
  const router = express.Router({ mergeParams: true });
  router.use(express.urlencoded({ extended: false, limit: '10kb' }));
  router.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });

  const base = (uid: string) => interactionPath(deps.basePath, uid);
  const serviceName = (details: Details) => clients.get(asString(details.params.client_id) ?? '')?.name ?? 'le service';

  function consentData(details: Details): ConsentData {
    const client = clients.get(asString(details.params.client_id) ?? '');
    const allowed = new Set(client?.scopes ?? []);
    const scopes = requestedScopes(details).filter((s) => allowed.has(s));
    const claims = claimsForScopes(scopes)
      .map((c) => CLAIM_LABELS[c])
      .filter((label): label is string => label !== undefined);
    const groups = new Map<string, string[]>();
    for (const scope of scopes) {
      // Grouped as FranceConnect does, by the provider FC names for the scope; a scope FC does not know
      // is grouped under the name of the data provider registered for it.
      const known = Object.values(DATA_PROVIDER_SCOPES).find((g) => g.scopes.includes(scope));
      const registered = dataProviders.all().find((d) => d.scopes.includes(scope));
      const label = known?.label ?? registered?.name;
      if (label) groups.set(label, [...(groups.get(label) ?? []), scope]);
    }
    return { claims, dataProviders: [...groups].map(([label, list]) => ({ label, scopes: list })) };
  }

  /**
   * The account that logged in during this interaction or, when oidc-provider only asks for consent
   * (SSO: a FranceConnect session exists and no re-authentication was requested), the session's.
   */
  function accountOf(details: Details): string | undefined {
    const result = details.result as { login?: { accountId?: string } } | undefined;
    if (result?.login?.accountId) return result.login.accountId;
    return details.prompt.name === 'login' ? undefined : details.session?.accountId;
  }

  async function finishWithGrant(req: Request, res: Response, details: Details, accountId: string) {
    const clientId = asString(details.params.client_id) ?? '';
    const allowed = new Set(clients.get(clientId)?.scopes ?? []);
    const grant = new provider.Grant({ accountId, clientId });
    grant.addOIDCScope(requestedScopes(details).filter((s) => allowed.has(s)).join(' '));
    const claims = requestedClaims(details);
    if (claims.length > 0) grant.addOIDCClaims(claims);
    const grantId = await grant.save();
    const previous = (details.result ?? {}) as Record<string, unknown>;
    await provider.interactionFinished(req, res, { ...previous, consent: { grantId } }, { mergeWithLastSubmission: false });
  }

  // Step 1: identity provider choice (or straight to the consent page when an SSO session exists).
  router.get('/:uid', async (req, res) => {
    const details = await provider.interactionDetails(req, res);
    const uid = details.uid;
    if (accountOf(details)) return res.redirect(303, `${base(uid)}/consent`);
    const hint = asString(details.params.idp_hint);
    if (hint && identityProvider(hint)) return res.redirect(303, `${base(uid)}/idp/${hint}`);
    res.type('html').send(
      idpChoicePage({
        action: () => `${base(uid)}/idp`,
        abortHref: `${base(uid)}/abort`,
        serviceName: serviceName(details),
        providers: IDENTITY_PROVIDERS,
      }),
    );
  });

  router.post('/:uid/idp', async (req, res) => {
    const details = await provider.interactionDetails(req, res);
    const form = idpForm.safeParse(req.body);
    const idp = form.success ? identityProvider(form.data.idp) : undefined;
    res.redirect(303, idp ? `${base(details.uid)}/idp/${idp.id}` : base(details.uid));
  });

  // Step 2: the identity provider's login page.
  const renderLogin = (res: Response, details: Details, idpId: string, status = 200, error?: string, login?: string) => {
    const idp = identityProvider(idpId);
    if (!idp) return res.redirect(303, base(details.uid));
    return res
      .status(status)
      .type('html')
      .send(
        loginPage({
          action: `${base(details.uid)}/idp/${idp.id}`,
          chooseAnotherHref: base(details.uid),
          provider: idp,
          citizens: citizens.all(),
          error,
          login,
        }),
      );
  };

  router.get('/:uid/idp/:idp', async (req, res) => {
    const details = await provider.interactionDetails(req, res);
    renderLogin(res, details, req.params.idp ?? '');
  });

  router.post('/:uid/idp/:idp', async (req, res) => {
    const details = await provider.interactionDetails(req, res);
    const idpId = req.params.idp ?? '';
    if (!identityProvider(idpId)) return res.redirect(303, base(details.uid));
    const form = loginForm.safeParse(req.body);
    const citizen = form.success ? citizens.byLogin(form.data.login) : undefined;
    if (!form.success || !citizen || !secretsEqual(citizen.password, form.data.password)) {
      return renderLogin(
        res,
        details,
        idpId,
        401,
        'Identifiant ou mot de passe incorrect. Vérifiez votre saisie et réessayez.',
        form.success ? form.data.login : undefined,
      );
    }
    if (!releasedIdentity(citizen)) {
      // FranceConnect refuses an identity missing a mandatory claim (e-mail, gender…): error Y600006.
      const error = FC_ERRORS.incompleteIdentity;
      return res
        .status(error.status)
        .type('html')
        .send(errorPage(error, { href: `${base(details.uid)}/abort?reason=technical`, serviceName: serviceName(details) }));
    }
    const login = { login: { accountId: citizen.id, acr: LOGIN_ACR, amr: LOGIN_AMR } };
    if (skipsConsent(details)) {
      const fresh = { ...details, result: login } as Details;
      return finishWithGrant(req, res, fresh, citizen.id);
    }
    await provider.interactionResult(req, res, login, { mergeWithLastSubmission: false });
    res.redirect(303, `${base(details.uid)}/consent`);
  });

  // Step 3: the consent (private service providers) or information (public ones) page.
  const renderConsent = (res: Response, details: Details, accountId: string, status = 200, error?: string) => {
    const client = clients.get(asString(details.params.client_id) ?? '');
    const citizen = citizens.byId(accountId);
    const identity = citizen && releasedIdentity(citizen);
    return res
      .status(status)
      .type('html')
      .send(
        consentPage({
          action: `${base(details.uid)}/consent`,
          abortHref: `${base(details.uid)}/abort`,
          serviceName: serviceName(details),
          displayName: identity ? `${identity.given_name} ${identity.family_name}` : '',
          data: consentData(details),
          checkbox: client?.type === 'private',
          error,
        }),
      );
  };

  router.get('/:uid/consent', async (req, res) => {
    const details = await provider.interactionDetails(req, res);
    const accountId = accountOf(details);
    if (!accountId) return res.redirect(303, base(details.uid));
    renderConsent(res, details, accountId);
  });

  router.post('/:uid/consent', async (req, res) => {
    const details = await provider.interactionDetails(req, res);
    const accountId = accountOf(details);
    if (!accountId) return res.redirect(303, base(details.uid));
    const client = clients.get(asString(details.params.client_id) ?? '');
    const form = consentForm.safeParse(req.body);
    if (client?.type === 'private' && !(form.success && form.data.consent === 'yes')) {
      return renderConsent(res, details, accountId, 400, 'Veuillez cocher la case pour accepter le transfert des données.');
    }
    await finishWithGrant(req, res, details, accountId);
  });

  // "Revenir sur <service>": back to the service provider with access_denied (or server_error after a technical error).
  router.get('/:uid/abort', async (req, res) => {
    await provider.interactionDetails(req, res);
    const technical = req.query.reason === 'technical';
    await provider.interactionFinished(
      req,
      res,
      technical
        ? { error: FC_ERRORS.incompleteIdentity.error, error_description: FC_ERRORS.incompleteIdentity.error_description }
        : { error: 'access_denied', error_description: 'User auth aborted' },
      { mergeWithLastSubmission: false },
    );
  });

  // An interaction that expired or whose cookie is missing: FranceConnect's "session expired" page (Y190001).
  router.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (err instanceof oidcErrors.SessionNotFound) {
      const error = FC_ERRORS.sessionNotFound;
      return res.status(error.status).type('html').send(errorPage(error));
    }
    next(err);
  });

  return router;
}
