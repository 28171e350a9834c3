import { DATA_PROVIDER_SCOPES } from '../scopes.js';

// The simulated "API FranceConnectées": five real providers serving the twelve data sources of
// CONTRACTS.md ("Data sources (issue 6)"). Pure data, importable by tests (and by the backend's tests
// through fixtures/): no Express, no crypto.

/** The five simulated providers, named by their URL prefix under /providers/. */
export const PROVIDER_IDS = ['dgfip', 'cnam', 'api-particulier', 'france-travail', 'famille-nombreuse'] as const;
export type ProviderId = (typeof PROVIDER_IDS)[number];

/** The twelve data sources (ids of CONTRACTS.md; underscores, unlike provider ids). */
export const SOURCE_IDS = [
  'impot_particulier',
  'cnam_droits',
  'cnam_ij',
  'mesri_statut_etudiant',
  'cnous_boursier',
  'dss_prestations',
  'cnaf_quotient_familial',
  'msa_quotient_familial',
  'men_scolarite',
  'france_travail_statut',
  'france_travail_indemnites',
  'famille_nombreuse',
] as const;
export type SourceId = (typeof SOURCE_IDS)[number];

export const PROVIDERS_PATH = '/providers';

export interface ProviderDescription {
  id: ProviderId;
  /** Shown on the simulator's home page and as the data provider's name. */
  name: string;
  /** Mount path in the simulator's HTTP server; the provider's base URL is the simulator URL + this. */
  path: string;
  sources: readonly SourceId[];
  /** How the provider registers with FranceConnect to call /checktoken (client_secret ≥ 32 characters). */
  fd: {
    client_id: string;
    client_secret: string;
    scopes: readonly string[];
    checktoken_signed_response_alg: 'ES256' | 'RS256';
    checktoken_encrypted_response_alg: 'ECDH-ES' | 'RSA-OAEP-256';
  };
}

const group = (...names: (keyof typeof DATA_PROVIDER_SCOPES)[]) => names.flatMap((n) => DATA_PROVIDER_SCOPES[n]?.scopes ?? []);

export const PROVIDERS: Readonly<Record<ProviderId, ProviderDescription>> = {
  dgfip: {
    id: 'dgfip',
    name: 'DGFiP – API Impôt particulier (simulée)',
    path: `${PROVIDERS_PATH}/dgfip`,
    sources: ['impot_particulier'],
    fd: {
      client_id: 'fd-simule-dgfip-impot-particulier',
      client_secret: 'b7e4c1a9d2f05e3c8a6b1d4f7e0c9a2b5d8e1f4a7c0b3d6e9f2a5c8b1e4d7f0a',
      scopes: group('dgfip'),
      checktoken_signed_response_alg: 'ES256',
      checktoken_encrypted_response_alg: 'RSA-OAEP-256',
    },
  },
  cnam: {
    id: 'cnam',
    name: 'Assurance Maladie – API droits et indemnités journalières (simulée)',
    path: `${PROVIDERS_PATH}/cnam`,
    sources: ['cnam_droits', 'cnam_ij'],
    fd: {
      client_id: 'fd-simule-cnam',
      client_secret: 'c3a9e5f1b7d2c8e4a0f6b2d8c4e0a6f2b8d4c0e6a2f8b4d0c6e2a8f4b0d6c2e8',
      scopes: group('cnam'),
      checktoken_signed_response_alg: 'RS256',
      checktoken_encrypted_response_alg: 'ECDH-ES',
    },
  },
  'api-particulier': {
    id: 'api-particulier',
    name: 'API Particulier – DINUM (simulée)',
    path: `${PROVIDERS_PATH}/api-particulier`,
    sources: [
      'mesri_statut_etudiant',
      'cnous_boursier',
      'dss_prestations',
      'cnaf_quotient_familial',
      'msa_quotient_familial',
      'men_scolarite',
    ],
    fd: {
      client_id: 'fd-simule-api-particulier',
      client_secret: 'd8f2a6c0e4b8d2f6a0c4e8b2d6f0a4c8e2b6d0f4a8c2e6b0d4f8a2c6e0b4d8f2',
      scopes: group('mesri', 'cnous', 'dss', 'cnaf'),
      checktoken_signed_response_alg: 'ES256',
      checktoken_encrypted_response_alg: 'ECDH-ES',
    },
  },
  'france-travail': {
    id: 'france-travail',
    name: 'France Travail – API statut et paiements (simulée)',
    path: `${PROVIDERS_PATH}/france-travail`,
    sources: ['france_travail_statut', 'france_travail_indemnites'],
    fd: {
      client_id: 'fd-simule-france-travail',
      client_secret: 'e1b5d9f3a7c1e5b9d3f7a1c5e9b3d7f1a5c9e3b7d1f5a9c3e7b1d5f9a3c7e1b5',
      scopes: group('francetravail'),
      checktoken_signed_response_alg: 'RS256',
      checktoken_encrypted_response_alg: 'ECDH-ES',
    },
  },
  'famille-nombreuse': {
    id: 'famille-nombreuse',
    name: 'Carte famille nombreuse – ministère chargé des transports (simulée)',
    path: `${PROVIDERS_PATH}/famille-nombreuse`,
    sources: ['famille_nombreuse'],
    fd: {
      client_id: 'fd-simule-famille-nombreuse',
      client_secret: 'f6c0a4e8b2d6f0c4a8e2b6d0f4c8a2e6b0d4f8c2a6e0b4d8f2c6a0e4b8d2f6c0',
      scopes: group('famille_nombreuse'),
      checktoken_signed_response_alg: 'ES256',
      checktoken_encrypted_response_alg: 'ECDH-ES',
    },
  },
};

/** The provider serving a source. */
export function providerOf(source: SourceId): ProviderId {
  const found = PROVIDER_IDS.find((p) => PROVIDERS[p].sources.includes(source));
  if (!found) throw new Error(`no simulated provider serves ${source}`);
  return found;
}
