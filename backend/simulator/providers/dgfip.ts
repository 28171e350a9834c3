import { randomBytes } from 'node:crypto';
import express, { type Request, type Response } from 'express';
import { secretsEqual } from '../registry.js';
import type { ProviderContext } from './context.js';
import { faultMiddleware } from './faults.js';
import {
  DGFIP_HOUSEHOLDS,
  DGFIP_TOKEN_TTL,
  PAC_KEYS,
  type DgfipDeclarant,
  type DgfipHousehold,
  type DgfipTaxYear,
  type TaxYearOffset,
} from './fixtures/index.js';
import { bearerToken, noStore, verifyFcToken } from './http.js';
import { citizenRegister } from './identity.js';

// DGFiP — API Impôt particulier, FranceConnect flavour (data-apis.md §1). Two tokens: the DGFiP API
// token (OAuth2 client credentials at /token, HTTP Basic) in Authorization, the FranceConnect access
// token in X-FranceConnect-OAuth; X-Correlation-ID (a UUID) is required and echoed back.
//
// Answers (error bodies are not documented by the DGFiP: `{ code, message, detail }` is inferred):
// 401 missing/unknown/expired DGFiP token · 403 « Accès refusé » (DGFiP token without RessourceIR,
// FranceConnect token inactive, without any DGFiP data scope or without the scope of the year asked)
// · 400 « Requete mal formée » (headers, year) · 404 no household / no situation for that year ·
// 502 FranceConnect unusable. Fields are masked by the token's scopes, as the DGFiP does.

export const DGFIP_CONTENT_TYPE = 'application/prs.dgfip.part.situations.ir.assiettes.v1+json';
const RESOURCE_SCOPE = 'RessourceIR';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Response fields → FranceConnect scopes that reveal them (any one of). */
const DECLARANT_FIELDS = ['nmNai', 'nmUsa', 'prnm', 'dateNais'] as const;
const FIELD_SCOPES: readonly (readonly [string, readonly string[]])[] = [
  ['rfr', ['dgfip_rfr']],
  ['nbPart', ['dgfip_nbpart']],
  ['sitFam', ['dgfip_sitfam']],
  ['pac', ['dgfip_pac']],
  ['pac.nbPac', ['dgfip_nbpac', 'dgfip_pac_nbPac']],
  ['aft', ['dgfip_aft']],
  ['sitParIso', ['dgfip_pariso']],
  ['indDeficit', ['dgfip_inddeficit']],
  ['mntRevbareme', ['dgfip_mntRevbareme']],
  ...[1, 2].flatMap((n) => DECLARANT_FIELDS.map((f) => [`${f}Dec${n}`, ['dgfip_decl', `dgfip_${f}Dec${n}`]] as const)),
];
export const DGFIP_DATA_SCOPES: readonly string[] = [...new Set(FIELD_SCOPES.flatMap(([, scopes]) => scopes))];

function error(res: Response, status: number, message: string, detail: string) {
  return res.status(status).json({ code: String(status), message, detail });
}

/** The client of an `Authorization: Basic` header (RFC 6749 §2.3.1: form-encoded id and secret). */
function basicCredentials(header: string | undefined): { id: string; secret: string } | undefined {
  const encoded = /^Basic +([A-Za-z0-9+/]+=*) *$/i.exec(header ?? '')?.[1];
  if (!encoded) return undefined;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  const formDecode = (s: string) => {
    try {
      return decodeURIComponent(s.replace(/\+/g, ' '));
    } catch {
      return undefined;
    }
  };
  const id = formDecode(decoded.slice(0, colon));
  const secret = formDecode(decoded.slice(colon + 1));
  return id && secret ? { id, secret } : undefined;
}

function yearAllowed(offset: number, scopes: ReadonlySet<string>, household: DgfipHousehold | undefined): boolean {
  if (offset === 1 || offset === 2 || offset === 3) {
    if (scopes.has(`dgfip_annee_n_moins_${offset}`)) return true;
    if (offset === 2 && scopes.has('dgfip_annee_n_moins_2_si_indispo_n_moins_1')) return !!household && !household.years[1];
  }
  return false;
}

function declarantFields(d: DgfipDeclarant | undefined, n: 1 | 2): Record<string, unknown> {
  if (!d) return {};
  const [annee, mois, jour] = d.dateNais.split('-');
  return {
    [`nmNaiDec${n}`]: d.nmNai,
    [`nmUsaDec${n}`]: d.nmUsa,
    [`prnmDec${n}`]: d.prnm,
    [`dateNaisDec${n}`]: { jour, mois, annee },
  };
}

/** The SituationsIRAssiettes body of a household for one year, masked by the token's scopes. */
export function dgfipSituation(household: DgfipHousehold, data: DgfipTaxYear, scopes: ReadonlySet<string>): Record<string, unknown> {
  const pac = Object.fromEntries(PAC_KEYS.map((k) => [k, data.pac[k] ?? 0]));
  const { voie, complementAdresse, codePostal, commune } = household.aft;
  const full: Record<string, unknown> = {
    rfr: data.rfr,
    sitFam: data.sitFam,
    nbPart: data.nbPart,
    pac,
    ...declarantFields(household.declarant1, 1),
    ...declarantFields(household.declarant2, 2),
    aft: [voie, complementAdresse, `${codePostal} ${commune}`].filter(Boolean).join(' '),
    aftDetail: { complementAdresse, voie, getcommune: commune, getcodePostal: codePostal },
    sitParIso: data.sitParIso,
    indDeficit: data.indDeficit,
    mntRevbareme: data.mntRevbareme,
  };
  const out: Record<string, unknown> = {};
  const allowed = (field: string) => (FIELD_SCOPES.find(([f]) => f === field)?.[1] ?? []).some((s) => scopes.has(s));
  for (const [field, value] of Object.entries(full)) {
    if (field === 'pac') {
      if (allowed('pac')) out.pac = value;
      else if (allowed('pac.nbPac')) out.pac = { nbPac: pac.nbPac };
    } else if (field === 'aftDetail') {
      if (allowed('aft')) out.aftDetail = value;
    } else if (allowed(field)) {
      out[field] = value;
    }
  }
  return out;
}

export function dgfipRouter(ctx: ProviderContext): express.Router {
  const router = express.Router();
  const register = citizenRegister(
    ctx.citizens,
    DGFIP_HOUSEHOLDS.flatMap((h) => [h.declarant1.citizenId, h.declarant2?.citizenId]).filter((id): id is string => !!id),
    'dgfip',
  );
  const householdOf = (citizenId: string) =>
    DGFIP_HOUSEHOLDS.find((h) => h.declarant1.citizenId === citizenId || h.declarant2?.citizenId === citizenId);
  const tokens = new Map<string, { clientId: string; scopes: ReadonlySet<string>; expiresAt: number }>();

  // OAuth2 client credentials (the DGFiP API gateway's own token).
  router.post('/token', faultMiddleware(ctx.faults, 'dgfip', []), express.urlencoded({ extended: false, limit: '10kb' }), (req, res) => {
    noStore(res);
    const credentials = basicCredentials(req.headers.authorization);
    const client =
      credentials && ctx.credentials.dgfipClients.find((c) => c.client_id === credentials.id && secretsEqual(c.client_secret, credentials.secret));
    if (!client) {
      return res
        .status(401)
        .set('WWW-Authenticate', 'Basic realm="DGFiP"')
        .json({ error: 'invalid_client', error_description: 'Client authentication failed' });
    }
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (typeof body.grant_type !== 'string') {
      return res.status(400).json({ error: 'invalid_request', error_description: 'Missing grant_type parameter' });
    }
    if (body.grant_type !== 'client_credentials') {
      return res.status(400).json({ error: 'unsupported_grant_type', error_description: `Unsupported grant type: ${body.grant_type.slice(0, 40)}` });
    }
    const requested = typeof body.scope === 'string' ? body.scope.split(' ').filter(Boolean) : [];
    const scopes = requested.length > 0 ? requested : [...client.scopes];
    const refused = scopes.filter((s) => !client.scopes.includes(s));
    if (refused.length > 0) {
      return res.status(400).json({ error: 'invalid_scope', error_description: `Unknown/invalid scope(s): [${refused.join(', ').slice(0, 200)}]` });
    }
    const now = ctx.clock.now();
    for (const [t, grant] of tokens) if (grant.expiresAt <= now) tokens.delete(t);
    const accessToken = randomBytes(32).toString('base64url');
    tokens.set(accessToken, { clientId: client.client_id, scopes: new Set(scopes), expiresAt: now + DGFIP_TOKEN_TTL * 1000 });
    res.json({ access_token: accessToken, token_type: 'Bearer', expires_in: DGFIP_TOKEN_TTL, scope: scopes.join(' ') });
  });

  router.get(
    '/impotparticulier/1.0/situations/ir/assiettes/annrev/:annrev',
    faultMiddleware(ctx.faults, 'dgfip', ['impot_particulier'], DGFIP_CONTENT_TYPE),
    async (req: Request<{ annrev: string }>, res) => {
      noStore(res);
      const apiToken = bearerToken(req.headers.authorization);
      if (!apiToken) {
        res.set('WWW-Authenticate', 'Bearer realm="DGFiP"');
        return error(res, 401, 'Non autorisé', 'Le jeton d’accès à l’API de la DGFiP est absent.');
      }
      const grant = tokens.get(apiToken);
      if (!grant || grant.expiresAt <= ctx.clock.now()) {
        res.set('WWW-Authenticate', 'Bearer realm="DGFiP", error="invalid_token"');
        return error(res, 401, 'Non autorisé', 'Le jeton d’accès à l’API de la DGFiP est invalide ou expiré.');
      }
      if (!grant.scopes.has(RESOURCE_SCOPE)) {
        return error(res, 403, 'Accès refusé', `Le jeton d’accès à l’API de la DGFiP n’a pas le scope ${RESOURCE_SCOPE}.`);
      }
      const correlationId = req.header('x-correlation-id') ?? '';
      if (!UUID.test(correlationId)) {
        return error(res, 400, 'Requete mal formée', 'L’en-tête X-Correlation-ID est obligatoire et doit être un UUID.');
      }
      res.set('X-Correlation-ID', correlationId);
      if (!/^\d{4}$/.test(req.params.annrev)) {
        return error(res, 400, 'Requete mal formée', 'L’année de revenus doit être une année sur quatre chiffres.');
      }
      const annrev = Number(req.params.annrev);
      const fcToken = bearerToken(`Bearer ${req.header('x-franceconnect-oauth') ?? ''}`);
      if (!fcToken) {
        return error(res, 400, 'Requete mal formée', 'L’en-tête X-FranceConnect-OAuth (jeton FranceConnect) est obligatoire.');
      }

      const verdict = await verifyFcToken('dgfip', ctx.checktoken, register, fcToken, DGFIP_DATA_SCOPES);
      if (verdict.kind === 'upstream') {
        return error(res, 502, 'Erreur du service FranceConnect', 'La vérification du jeton FranceConnect a échoué.');
      }
      if (verdict.kind === 'inactive') return error(res, 403, 'Accès refusé', 'Le jeton FranceConnect est invalide ou expiré.');
      if (verdict.kind === 'insufficient_scope') {
        return error(res, 403, 'Accès refusé', 'Le jeton FranceConnect ne donne accès à aucune donnée de l’impôt sur le revenu.');
      }
      const household = verdict.kind === 'ok' ? householdOf(verdict.citizenId) : undefined;
      const offset = new Date(ctx.clock.now()).getUTCFullYear() - annrev;
      if (!yearAllowed(offset, verdict.scopes, household)) {
        return error(res, 403, 'Accès refusé', `Le jeton FranceConnect ne donne pas accès aux revenus de ${annrev}.`);
      }
      const data = household?.years[offset as TaxYearOffset];
      if (!household || !data) {
        return error(res, 404, 'Situation non trouvée', `Aucune situation fiscale ne correspond à cet usager pour les revenus de ${annrev}.`);
      }
      res.status(200).type(DGFIP_CONTENT_TYPE).send(JSON.stringify(dgfipSituation(household, data, verdict.scopes)));
    },
  );

  router.use((_req, res) => error(res, 404, 'Ressource inconnue', 'Cette ressource n’existe pas dans l’API Impôt particulier.'));
  return router;
}
