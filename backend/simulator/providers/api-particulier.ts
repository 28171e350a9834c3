import express, { type Request, type Response } from 'express';
import { secretsEqual } from '../registry.js';
import type { SourceId } from './catalogue.js';
import type { ProviderContext } from './context.js';
import { faultMiddleware } from './faults.js';
import {
  CNOUS_BOURSIERS,
  DSS_RECORDS,
  MEN_PUPILS,
  MESRI_STUDENTS,
  QF_RECORDS,
  schoolYear,
  type DssPrestation,
  type SchoolYearOffset,
} from './fixtures/index.js';
import { bearerToken, noStore, verifyFcToken } from './http.js';
import { citizenRegister, normaliseName } from './identity.js';

// API Particulier (DINUM), v3 (data-apis.md §0.4, §4, §5, §8, §9, §10; AP3 = siade_staging_data
// openapi_files/api_particulier.yaml). The `/france_connect` endpoints take the FranceConnect access
// token as `Authorization: Bearer` and only `recipient` (+ annee/mois for the quotient familial);
// /v3/men/scolarites/identite takes an API Particulier token and the pupil's identity.
//
// Envelope `{ data, links: {}, meta: {} }`; errors `{ errors: [{ code, title, detail, source, meta }] }`
// with AP3's codes and texts: 401 00101 (missing/invalid token) / 00103 (FranceConnect token no longer
// active), 403 00100, 422 00203 (recipient) / 00366 (civility) / 00419, 404 per provider (25003 MESRI,
// 26003 CNOUS, 40003 RNCPS, 23003 CNAF, 10003 MSA, 35003 CNAF & MSA, 30003 MEN), 504 00501 when
// FranceConnect cannot be reached. Inferred: 502 00502 when FranceConnect answers something unusable,
// 422 00211 for a bad annee/mois. Fields are filtered by the token's scopes as in production (not for
// the DSS statuses, one scope per endpoint).

interface ApError {
  code: string;
  title: string;
  detail: string;
  source?: { parameter: string } | null;
  meta?: Record<string, unknown>;
}

function apError(res: Response, status: number, e: ApError) {
  return res.status(status).json({ errors: [{ code: e.code, title: e.title, detail: e.detail, source: e.source ?? null, meta: e.meta ?? {} }] });
}

const ERRORS = {
  invalidToken: {
    code: '00101',
    title: 'Interdit',
    detail: "Votre token n'est pas valide ou n'est pas renseigné",
    source: { parameter: 'token' },
  },
  expiredToken: {
    code: '00103',
    title: 'Jeton expiré',
    detail: 'Votre token est expiré. Vous devez refaire une demande',
    source: { parameter: 'token' },
  },
  insufficientPrivileges: {
    code: '00100',
    title: 'Privilèges insuffisants',
    detail: 'Votre token est valide mais vos privilèges sont insuffisants. Listez vos privilèges sur /api/introspect',
    source: { parameter: 'token' },
  },
  missingRecipient: {
    code: '00203',
    title: 'Entité non traitable',
    detail: 'Le paramètre recipient est obligatoire',
    source: { parameter: 'recipient' },
  },
  civility: {
    code: '00366',
    title: 'Entité non traitable',
    detail: 'Un ou plusieurs paramètres de civilité ne sont pas correctement formatés',
  },
  networkError: {
    code: '00501',
    title: 'Erreur réseau',
    detail:
      "Problème de connexion au serveur distant. L'erreur peut venir soit du fournisseur, soit de API Particulier. Il s'agit souvent d'une erreur temporaire.",
    meta: { retry_in: 10 },
  },
  franceConnectError: {
    code: '00502',
    title: 'Erreur de FranceConnect',
    detail: "La vérification du jeton FranceConnect a échoué. L'équipe technique a été notifiée de cette erreur pour investigation.",
    meta: { provider: 'FranceConnect' },
  },
} satisfies Record<string, ApError>;

const notFound = {
  mesri: { code: '25003', title: 'Entité non trouvée', detail: "Aucun étudiant n'a pu être trouvé.", meta: { provider: 'MESRI' } },
  cnous: {
    code: '26003',
    title: 'Entité non trouvée',
    detail: "Aucun étudiant boursier n'a pu être trouvé avec les critères de recherche fournis.",
    meta: { provider: 'CNOUS' },
  },
  rncps: {
    code: '40003',
    title: 'Dossier allocataire absent RNCPS',
    detail: "Le dossier allocataire n'a pas été trouvé auprès du RNCPS",
    meta: { provider: 'RNCPS' },
  },
  cnaf: {
    code: '23003',
    title: 'Dossier allocataire absent CNAF',
    detail: "Le dossier allocataire n'a pas été trouvé auprès de la CNAF.",
    meta: { provider: 'CNAF' },
  },
  msa: {
    code: '10003',
    title: 'Dossier allocataire absent MSA',
    detail: "Le dossier allocataire n'a pas été trouvé auprès de la MSA.",
    meta: { provider: 'MSA' },
  },
  cnafMsa: {
    code: '35003',
    title: 'Allocataire non référencé',
    detail: "L'allocataire n'est pas référencé auprès des caisses éligibles",
    meta: { provider: 'CNAF & MSA' },
  },
  men: {
    code: '30003',
    title: 'Entité non trouvée',
    detail: "Aucun eleve n'a pu etre trouve avec les criteres de recherche fournis",
    meta: { provider: 'MEN' },
  },
} satisfies Record<string, ApError>;

const envelope = (data: unknown) => ({ data, links: {}, meta: {} });

/** Keeps the fields of `data` whose scopes (any one of) the token holds. */
function filterFields<T extends object>(data: T, fieldScopes: Partial<Record<keyof T, readonly string[]>>, scopes: ReadonlySet<string>): Partial<T> {
  return Object.fromEntries(
    Object.entries(data).filter(([field]) => (fieldScopes[field as keyof T] ?? []).some((s) => scopes.has(s))),
  ) as Partial<T>;
}

const DSS_SCOPES: Record<DssPrestation, readonly string[]> = {
  complementaire_sante_solidaire: ['complementaire_sante_solidaire'],
  revenu_solidarite_active: ['revenu_solidarite_active', 'revenu_solidarite_active_majoration'],
  prime_activite: ['prime_activite', 'prime_activite_majoration'],
  allocation_adulte_handicape: ['allocation_adulte_handicape'],
  allocation_soutien_familial: ['allocation_soutien_familial'],
};

const MESRI_ADMISSION_SCOPES = {
  date_debut: ['mesri_admissions'],
  date_fin: ['mesri_admissions'],
  est_inscrit: ['mesri_admission_inscrit'],
  regime_formation: ['mesri_admission_regime_formation'],
  code_cog_insee_commune: ['mesri_admission_commune_etudes'],
  etablissement_etudes: ['mesri_admission_etablissement_etude', 'mesri_admission_etablissement_etudes'],
} as const;

const CNOUS_SCOPES = {
  est_boursier: ['cnous_statut_boursier'],
  echelon_bourse: ['cnous_echelon_bourse'],
  email: ['cnous_email'],
  periode_versement_bourse: ['cnous_periode_versement'],
  etablissement_etudes: ['cnous_ville_etudes'],
} as const;

const QF_SCOPES = {
  allocataires: ['cnaf_allocataires'],
  enfants: ['cnaf_enfants'],
  adresse: ['cnaf_adresse'],
  quotient_familial: ['cnaf_quotient_familial'],
} as const;

/** A query parameter given once as a string, or undefined. */
function single(req: Request, name: string): string | undefined {
  const value = req.query[name];
  return typeof value === 'string' ? value : undefined;
}

function recipientOk(req: Request): boolean {
  return /^\d{14}$/.test(single(req, 'recipient') ?? '');
}

export function apiParticulierRouter(ctx: ProviderContext): express.Router {
  const router = express.Router();
  const register = citizenRegister(
    ctx.citizens,
    [...Object.keys(MESRI_STUDENTS), ...Object.keys(CNOUS_BOURSIERS), ...Object.keys(DSS_RECORDS), ...Object.keys(QF_RECORDS)],
    'api-particulier',
  );
  const cacheHeaders = (res: Response) => res.set('X-Response-Cached', 'false').set('X-Cache-Expires-in', '');

  /**
   * A FranceConnect endpoint: bearer present → recipient → /checktoken → one of `anyOf` → answer with
   * the citizen id (undefined when the identity matched nobody).
   */
  function franceConnectEndpoint(
    path: string,
    sources: readonly SourceId[],
    anyOf: readonly string[],
    answer: (res: Response, citizenId: string | undefined, scopes: ReadonlySet<string>, req: Request) => unknown,
  ) {
    router.get(path, faultMiddleware(ctx.faults, 'api-particulier', sources), async (req, res) => {
      noStore(res);
      const token = bearerToken(req.headers.authorization);
      if (!token) return apError(res, 401, ERRORS.invalidToken);
      if (!recipientOk(req)) return apError(res, 422, ERRORS.missingRecipient);
      const verdict = await verifyFcToken('api-particulier', ctx.checktoken, register, token, anyOf);
      switch (verdict.kind) {
        case 'upstream':
          return verdict.unreachable ? apError(res, 504, ERRORS.networkError) : apError(res, 502, ERRORS.franceConnectError);
        case 'inactive':
          return apError(res, 401, ERRORS.expiredToken);
        case 'insufficient_scope':
          return apError(res, 403, ERRORS.insufficientPrivileges);
        case 'not_found':
          return answer(res, undefined, verdict.scopes, req);
        case 'ok':
          return answer(res, verdict.citizenId, verdict.scopes, req);
      }
    });
  }

  franceConnectEndpoint(
    '/v3/mesri/statut_etudiant/france_connect',
    ['mesri_statut_etudiant'],
    [...new Set(Object.values(MESRI_ADMISSION_SCOPES).flat()), 'mesri_identite'],
    (res, citizenId, scopes) => {
      const student = citizenId ? MESRI_STUDENTS[citizenId] : undefined;
      if (!student) return apError(res, 404, notFound.mesri);
      const admissions = student.admissions.map((a) => filterFields(a, MESRI_ADMISSION_SCOPES, scopes));
      cacheHeaders(res).json(envelope({ admissions }));
    },
  );

  franceConnectEndpoint(
    '/v3/cnous/etudiant_boursier/france_connect',
    ['cnous_boursier'],
    [...new Set(Object.values(CNOUS_SCOPES).flat()), 'cnous_statut_bourse', 'cnous_identite'],
    (res, citizenId, scopes) => {
      const boursier = citizenId ? CNOUS_BOURSIERS[citizenId] : undefined;
      if (!boursier) return apError(res, 404, notFound.cnous);
      cacheHeaders(res).json(envelope(filterFields(boursier, CNOUS_SCOPES, scopes)));
    },
  );

  for (const prestation of Object.keys(DSS_SCOPES) as DssPrestation[]) {
    franceConnectEndpoint(`/v3/dss/${prestation}/france_connect`, ['dss_prestations'], DSS_SCOPES[prestation], (res, citizenId) => {
      const record = citizenId ? DSS_RECORDS[citizenId] : undefined;
      const status = record?.[prestation];
      if (status) return cacheHeaders(res).json(envelope(status));
      if (prestation === 'complementaire_sante_solidaire') return apError(res, 404, notFound.rncps);
      if (record?.caisse === 'CNAF') return apError(res, 404, notFound.cnaf);
      if (record?.caisse === 'MSA') return apError(res, 404, notFound.msa);
      return apError(res, 404, notFound.cnafMsa);
    });
  }

  franceConnectEndpoint(
    '/v3/dss/quotient_familial/france_connect',
    ['cnaf_quotient_familial', 'msa_quotient_familial'],
    [...Object.values(QF_SCOPES).flat()],
    (res, citizenId, scopes, req) => {
      const now = new Date(ctx.clock.now());
      const current = now.getUTCFullYear() * 12 + now.getUTCMonth();
      const annee = single(req, 'annee') ?? String(now.getUTCFullYear());
      const mois = single(req, 'mois') ?? String(now.getUTCMonth() + 1);
      const asked = Number(annee) * 12 + Number(mois) - 1;
      if (!/^\d{4}$/.test(annee) || !/^\d{1,2}$/.test(mois) || Number(mois) < 1 || Number(mois) > 12 || asked > current || asked < current - 24) {
        return apError(res, 422, {
          code: '00211',
          title: 'Entité non traitable',
          detail: "Les paramètres annee et mois doivent désigner un mois des deux dernières années, au plus tard le mois en cours.",
          source: { parameter: single(req, 'mois') === undefined ? 'annee' : 'mois' },
        });
      }
      const record = citizenId ? QF_RECORDS[citizenId] : undefined;
      if (!record) return apError(res, 404, notFound.cnafMsa);
      const data = {
        allocataires: record.allocataires,
        enfants: record.enfants,
        adresse: record.adresse,
        quotient_familial: {
          fournisseur: record.fournisseur,
          valeur: record.valeur,
          annee: Number(annee),
          mois: Number(mois),
          annee_calcul: Number(annee),
          mois_calcul: 1,
        },
      };
      cacheHeaders(res).json(envelope(filterFields(data, QF_SCOPES, scopes)));
    },
  );

  // Not FranceConnected (data-apis.md §9): an API Particulier token, and the pupil's identity.
  router.get('/v3/men/scolarites/identite', faultMiddleware(ctx.faults, 'api-particulier', ['men_scolarite']), (req, res) => {
    noStore(res);
    const token = bearerToken(req.headers.authorization);
    if (!token || !ctx.credentials.apiParticulierTokens.some((t) => secretsEqual(t, token))) {
      return apError(res, 401, ERRORS.invalidToken);
    }
    if (!recipientOk(req)) return apError(res, 422, ERRORS.missingRecipient);
    const rawPrenoms = req.query['prenoms[]'] ?? req.query.prenoms;
    const prenoms = (Array.isArray(rawPrenoms) ? rawPrenoms : [rawPrenoms]).filter((p): p is string => typeof p === 'string' && p.trim() !== '');
    const nom = single(req, 'nomNaissance')?.trim() ?? '';
    const sexe = single(req, 'sexeEtatCivil');
    const [annee, mois, jour] = ['anneeDateNaissance', 'moisDateNaissance', 'jourDateNaissance'].map((n) => single(req, n) ?? '');
    const birthdate = `${annee}-${(mois ?? '').padStart(2, '0')}-${(jour ?? '').padStart(2, '0')}`;
    if (
      !nom ||
      prenoms.length < 1 ||
      prenoms.length > 3 ||
      (sexe !== 'M' && sexe !== 'F') ||
      !/^\d{4}-\d{2}-\d{2}$/.test(birthdate) ||
      Number.isNaN(Date.parse(`${birthdate}T00:00:00Z`))
    ) {
      return apError(res, 422, ERRORS.civility);
    }
    const anneeScolaire = single(req, 'anneeScolaire') ?? '';
    const startYear = /^(\d{4})(-(\d{4}))?$/.exec(anneeScolaire);
    if (!startYear || (startYear[3] && Number(startYear[3]) !== Number(startYear[1]) + 1)) {
      return apError(res, 422, { ...ERRORS.civility, detail: 'Le paramètre anneeScolaire est obligatoire (AAAA ou AAAA-AAAA)', source: { parameter: 'anneeScolaire' } });
    }
    const codeEtablissement = single(req, 'codeEtablissement');
    if (codeEtablissement && (req.query['codesBcnDepartements[]'] !== undefined || req.query['codesBcnRegions[]'] !== undefined)) {
      return apError(res, 422, {
        code: '00419',
        title: 'Entité non traitable',
        detail: 'Les paramètres codeEtablissement et périmètre (codesBcnRegions/codesBcnDepartements) sont mutuellement exclusifs',
      });
    }
    const pupil = Object.values(MEN_PUPILS).find(
      (p) =>
        normaliseName(p.identite.nom) === normaliseName(nom) &&
        normaliseName(p.identite.prenom) === normaliseName(prenoms[0] ?? '') &&
        p.identite.sexe === sexe &&
        p.identite.date_naissance === birthdate,
    );
    const currentStart = Number(schoolYear(0, ctx.clock.now()).slice(0, 4));
    const offset = currentStart - Number(startYear[1]);
    const year = offset === 0 || offset === 1 ? pupil?.years[offset as SchoolYearOffset] : undefined;
    if (!pupil || !year || (codeEtablissement && codeEtablissement !== year.etablissement.code_uai)) {
      return apError(res, 404, notFound.men);
    }
    res.json(
      envelope({
        identite: pupil.identite,
        module_elementaire_formation: year.module_elementaire_formation,
        etablissement: year.etablissement,
        annee_scolaire: `${startYear[1]}-${Number(startYear[1]) + 1}`,
        est_scolarise: year.est_scolarise,
        statut_eleve: year.statut_eleve,
        est_boursier: year.est_boursier,
        echelon_bourse: year.echelon_bourse,
      }),
    );
  });

  router.use((_req, res) =>
    apError(res, 404, { code: '00404', title: 'Page non trouvée', detail: "Cette ressource n'existe pas dans API Particulier." }),
  );
  return router;
}
