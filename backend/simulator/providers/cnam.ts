import express, { type NextFunction, type Request, type Response } from 'express';
import { secretsEqual } from '../registry.js';
import type { ProviderContext } from './context.js';
import { faultMiddleware } from './faults.js';
import { CNAM_IJ_PAIEMENTS, CNAM_RECORDS } from './fixtures/index.js';
import { bearerToken, isIsoDate, noStore, verifyFcToken } from './http.js';
import { citizenRegister } from './identity.js';

// Assurance Maladie (CNAM): API des droits (data-apis.md §3, 2019 spec) and API indemnités journalières
// (§2, path and shape inferred). Both take the CNAM API key in X-API-Key and the FranceConnect access
// token as `Authorization: Bearer`. Only 200 is documented; the errors are inferred, in the shape
// `{ code, message, detail }`: 401 missing/unknown API key, missing or inactive FranceConnect token ·
// 403 token without the endpoint's scope · 400 bad dateDebut/dateFin · 404 not insured here / no
// payment · 502 FranceConnect unusable.

interface Located {
  citizenId: string;
}

function error(res: Response, status: number, message: string, detail: string) {
  return res.status(status).json({ code: String(status), message, detail });
}

export function cnamRouter(ctx: ProviderContext): express.Router {
  const router = express.Router();
  const register = citizenRegister(ctx.citizens, [...Object.keys(CNAM_RECORDS), ...Object.keys(CNAM_IJ_PAIEMENTS)], 'cnam');

  /** API key, FranceConnect token, period parameters, then the insured person. */
  const guard = (anyOf: readonly string[]) => async (req: Request, res: Response, next: NextFunction) => {
    noStore(res);
    const apiKey = req.header('x-api-key');
    if (!apiKey) return error(res, 401, 'Non autorisé', 'La clé d’API (en-tête X-API-Key) est absente.');
    if (!ctx.credentials.cnamApiKeys.some((k) => secretsEqual(k, apiKey))) {
      return error(res, 401, 'Non autorisé', 'La clé d’API est inconnue.');
    }
    const token = bearerToken(req.headers.authorization);
    if (!token) {
      res.set('WWW-Authenticate', 'Bearer realm="CNAM"');
      return error(res, 401, 'Non autorisé', 'Le jeton FranceConnect (Authorization: Bearer) est absent.');
    }
    for (const name of ['dateDebut', 'dateFin']) {
      const value = req.query[name];
      if (value !== undefined && (typeof value !== 'string' || !isIsoDate(value))) {
        return error(res, 400, 'Requête invalide', `Le paramètre ${name} doit être une date au format AAAA-MM-JJ.`);
      }
    }
    const verdict = await verifyFcToken('cnam', ctx.checktoken, register, token, anyOf);
    switch (verdict.kind) {
      case 'upstream':
        return error(res, 502, 'Erreur FranceConnect', 'La vérification du jeton FranceConnect a échoué.');
      case 'inactive':
        res.set('WWW-Authenticate', 'Bearer realm="CNAM", error="invalid_token"');
        return error(res, 401, 'Non autorisé', 'Le jeton FranceConnect est invalide ou expiré.');
      case 'insufficient_scope':
        return error(res, 403, 'Accès interdit', 'Le jeton FranceConnect ne donne pas accès à ces données.');
      case 'not_found':
        return error(res, 404, 'Assuré non trouvé', 'Aucun assuré de l’Assurance Maladie ne correspond à cette identité.');
      case 'ok':
        (res.locals as Located).citizenId = verdict.citizenId;
        return next();
    }
  };

  const droits = faultMiddleware(ctx.faults, 'cnam', ['cnam_droits']);
  const ij = faultMiddleware(ctx.faults, 'cnam', ['cnam_ij']);
  const insured = (res: Response) => CNAM_RECORDS[(res.locals as Located).citizenId];
  const notInsured = (res: Response) =>
    error(res, 404, 'Assuré non trouvé', 'Aucun assuré de l’Assurance Maladie ne correspond à cette identité.');

  router.get('/v1/droits/beneficiaires/me', droits, guard(['droits_assurance_maladie']), (_req, res) => {
    const record = insured(res);
    return record ? res.json(record.me) : notInsured(res);
  });

  router.get('/v1/droits/beneficiaires/me/beneficiaires', droits, guard(['droits_assurance_maladie', 'cnam_beneficiaires']), (_req, res) => {
    const record = insured(res);
    return record ? res.json(record.beneficiaires) : notInsured(res);
  });

  router.get('/v1/indemnites-journalieres/me/paiements', ij, guard(['cnam_paiements_ij']), (_req, res) => {
    const paiements = CNAM_IJ_PAIEMENTS[(res.locals as Located).citizenId];
    if (!paiements) {
      return error(res, 404, 'Aucun paiement', 'Aucune indemnité journalière n’a été versée à cet assuré.');
    }
    res.json({ paiements });
  });

  router.use((_req, res) => error(res, 404, 'Ressource inconnue', 'Cette ressource n’existe pas dans les API de l’Assurance Maladie.'));
  return router;
}
