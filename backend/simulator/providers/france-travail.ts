import express, { type NextFunction, type Request, type Response } from 'express';
import type { SourceId } from './catalogue.js';
import type { ProviderContext } from './context.js';
import { faultMiddleware } from './faults.js';
import { FRANCE_TRAVAIL_RECORDS } from './fixtures/index.js';
import { bearerToken, noStore, verifyFcToken } from './http.js';
import { citizenRegister } from './identity.js';

// France Travail, FranceConnect flavour (data-apis.md §6, §7): « statut augmenté » and « liste des
// paiements », with the FranceConnect access token as `Authorization: Bearer`. Success headers as the
// francetravail.io gateway sends them (JSON UTF-8, no-store, Pragma). Errors as its gateway does
// (emploi-store « erreurs types »): 401 with an empty body and WWW-Authenticate (token missing, or
// inactive at /checktoken), 403 insufficient_scope. Inferred: 404 `{ code, message, detail }` when
// France Travail does not know the person, 502 when FranceConnect is unusable.

interface Located {
  citizenId: string;
}

function notFound(res: Response) {
  return res.status(404).json({
    code: '404',
    message: 'Individu non trouvé',
    detail: 'Aucun demandeur d’emploi ne correspond à cette identité.',
  });
}

export function franceTravailRouter(ctx: ProviderContext): express.Router {
  const router = express.Router();
  const register = citizenRegister(ctx.citizens, Object.keys(FRANCE_TRAVAIL_RECORDS), 'france-travail');

  const guard = (source: SourceId, scope: string) => [
    faultMiddleware(ctx.faults, 'france-travail', [source]),
    async (req: Request, res: Response, next: NextFunction) => {
      noStore(res);
      const token = bearerToken(req.headers.authorization);
      if (!token) return res.status(401).set('WWW-Authenticate', 'Bearer realm="France Travail"').end();
      const verdict = await verifyFcToken('france-travail', ctx.checktoken, register, token, [scope]);
      switch (verdict.kind) {
        case 'upstream':
          return res.status(502).json({ code: '502', message: 'Erreur FranceConnect', detail: 'La vérification du jeton FranceConnect a échoué.' });
        case 'inactive':
          return res
            .status(401)
            .set('WWW-Authenticate', 'Bearer realm="France Travail", error="invalid_token", error_description="The access token is invalid or has expired"')
            .end();
        case 'insufficient_scope':
          return res
            .status(403)
            .set('WWW-Authenticate', `Bearer realm="France Travail", error="insufficient_scope", scope="${scope}"`)
            .end();
        case 'not_found':
          return notFound(res);
        case 'ok':
          (res.locals as Located).citizenId = verdict.citizenId;
          return next();
      }
    },
  ];

  const record = (res: Response) => FRANCE_TRAVAIL_RECORDS[(res.locals as Located).citizenId];
  // Written as is: Express would rewrite the gateway's exact Content-Type to "application/json; charset=utf-8".
  const json = (res: Response, body: unknown) => res.status(200).set('Content-Type', 'application/json;charset=UTF-8').end(JSON.stringify(body));

  router.get('/partenaire/fc-statutaugmente/v1/statut', ...guard('france_travail_statut', 'api_fc-statutaugmentev1'), (_req, res) => {
    const found = record(res);
    return found ? json(res, found.statut) : notFound(res);
  });

  for (const path of ['/partenaire/fc-liste-paiements/v1/', '/partenaire/fc-liste-paiements/v1']) {
    router.get(path, ...guard('france_travail_indemnites', 'api_fc-liste-paiementsv1'), (_req, res) => {
      const found = record(res);
      return found ? json(res, found.paiements) : notFound(res);
    });
  }

  router.use((_req, res) => res.status(404).json({ code: '404', message: 'Ressource inconnue', detail: 'Cette ressource n’existe pas.' }));
  return router;
}
