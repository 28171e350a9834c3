import express from 'express';
import type { ProviderContext } from './context.js';
import { faultMiddleware } from './faults.js';
import { FAMILLE_NOMBREUSE_CARDS } from './fixtures/index.js';
import { bearerToken, noStore, verifyFcToken } from './http.js';
import { citizenRegister } from './identity.js';

// Carte famille nombreuse (ministère chargé des transports). No public API exists (data-apis.md §11):
// everything here is inferred (CONTRACTS.md): GET /v1/carte with the FranceConnect access token as
// `Authorization: Bearer`, scope famille_nombreuse_carte, answering
// `{ est_titulaire, date_fin_validite, nombre_enfants, numero_carte }`. Errors `{ error, message }`:
// 401 invalid_token (missing or inactive), 403 insufficient_scope, 404 not_found (no card),
// 502 upstream_error (FranceConnect unusable).

export const FAMILLE_NOMBREUSE_SCOPE = 'famille_nombreuse_carte';

export function familleNombreuseRouter(ctx: ProviderContext): express.Router {
  const router = express.Router();
  const register = citizenRegister(ctx.citizens, Object.keys(FAMILLE_NOMBREUSE_CARDS), 'famille-nombreuse');

  router.get('/v1/carte', faultMiddleware(ctx.faults, 'famille-nombreuse', ['famille_nombreuse']), async (req, res) => {
    noStore(res);
    const token = bearerToken(req.headers.authorization);
    if (!token) {
      return res
        .status(401)
        .set('WWW-Authenticate', 'Bearer realm="famille-nombreuse"')
        .json({ error: 'invalid_token', message: 'Le jeton FranceConnect est absent.' });
    }
    const verdict = await verifyFcToken('famille-nombreuse', ctx.checktoken, register, token, [FAMILLE_NOMBREUSE_SCOPE]);
    switch (verdict.kind) {
      case 'upstream':
        return res.status(502).json({ error: 'upstream_error', message: 'La vérification du jeton FranceConnect a échoué.' });
      case 'inactive':
        return res
          .status(401)
          .set('WWW-Authenticate', 'Bearer realm="famille-nombreuse", error="invalid_token"')
          .json({ error: 'invalid_token', message: 'Le jeton FranceConnect est invalide ou expiré.' });
      case 'insufficient_scope':
        return res.status(403).json({ error: 'insufficient_scope', message: `Le jeton FranceConnect n’a pas le scope ${FAMILLE_NOMBREUSE_SCOPE}.` });
      case 'not_found':
        return res.status(404).json({ error: 'not_found', message: 'Aucune carte famille nombreuse ne correspond à cette identité.' });
      case 'ok': {
        const card = FAMILLE_NOMBREUSE_CARDS[verdict.citizenId];
        if (!card) return res.status(404).json({ error: 'not_found', message: 'Aucune carte famille nombreuse ne correspond à cette identité.' });
        return res.json(card);
      }
    }
  });

  router.use((_req, res) => res.status(404).json({ error: 'not_found', message: 'Cette ressource n’existe pas.' }));
  return router;
}
