import express from 'express';
import { z } from 'zod';
import { FC_ERRORS, errorPage } from './errors.js';

// FranceConnect's whitelist for GET {issuer}/session/end (LogoutParamsDto, franceconnect.md §5):
// id_token_hint is required; post_logout_redirect_uri, state, client_id, logout_hint and ui_locales are
// allowed; anything else is refused. oidc-provider then checks the ID token and that
// post_logout_redirect_uri is registered (else error page Y04CFAEF).

export const logoutParamsSchema = z.strictObject({
  id_token_hint: z.string().min(1),
  post_logout_redirect_uri: z.url({ protocol: /^https?$/ }).optional(),
  state: z.string().optional(),
  client_id: z.string().optional(),
  logout_hint: z.string().optional(),
  ui_locales: z.string().optional(),
});

export function logoutGuard(path: string): express.Router {
  const router = express.Router();
  router.get(path, (req, res, next) => {
    if (logoutParamsSchema.safeParse(req.query).success) return next();
    const error = FC_ERRORS.invalidParameters;
    res.status(error.status).set('Cache-Control', 'no-store').type('html').send(errorPage(error));
  });
  // FranceConnect routes GET only (the confirmation form posts to /session/end/confirm).
  router.post(path, (_req, res) => {
    res.status(405).set('Allow', 'GET').json({ error: 'invalid_request', error_description: 'method not allowed' });
  });
  return router;
}
