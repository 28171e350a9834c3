import { Router } from 'express';
import { bearerHandle, sessionExpired } from '../http/middleware';
import { isLoopbackHost } from '../net';
import type { SessionService } from '../sessions/sessions';

export type IdentitySourceEnvironment = 'simulator' | 'integration' | 'production' | 'other';

/** Where the identity came from, so the extension can say "simulateur" when it is one. */
export function identitySource(issuer: string): { provider: 'franceconnect'; issuer: string; environment: IdentitySourceEnvironment } {
  const host = new URL(issuer).hostname;
  let environment: IdentitySourceEnvironment = 'other';
  if (isLoopbackHost(host)) environment = 'simulator';
  else if (host.endsWith('.dev-franceconnect.fr')) environment = 'integration';
  else if (host.endsWith('.franceconnect.gouv.fr')) environment = 'production';
  return { provider: 'franceconnect', issuer, environment };
}

/** The extension's API, behind the session handle (Authorization: Bearer). */
export function apiRoutes(deps: { sessions: SessionService }): Router {
  const router = Router();

  router.get('/api/me', async (req, res) => {
    const session = await deps.sessions.use(bearerHandle(req.get('authorization')));
    if (!session) throw sessionExpired();
    res.json({
      identity: session.identity,
      acr: session.acr,
      authenticatedAt: session.authenticatedAt,
      source: identitySource(session.issuer),
    });
  });

  return router;
}
