import express, { type Request, type Response } from 'express';
import { exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';
import { z } from 'zod';
import type { CitizenDirectory } from '../citizens/index.js';
import type { SimulatorClock } from '../clock.js';
import { describeIssues, type DataProviderRegistration } from '../config.js';
import { apiParticulierRouter } from './api-particulier.js';
import { PROVIDER_IDS, PROVIDERS, type ProviderId, type SourceId } from './catalogue.js';
import { createChecktokenClient } from './checktoken-client.js';
import { cnamRouter } from './cnam.js';
import type { ConsumerCredentials, ProviderContext } from './context.js';
import { dgfipRouter } from './dgfip.js';
import { familleNombreuseRouter } from './famille-nombreuse.js';
import { createFaultBoard, isFaultTarget, providerFaultSchema, type FaultBoard, type ProviderFaults } from './faults.js';
import { API_PARTICULIER_TOKEN, CNAM_API_KEY, DGFIP_API_CLIENT } from './fixtures/credentials.js';
import { franceTravailRouter } from './france-travail.js';

// The twelve simulated data providers, mounted in the simulator's own HTTP server. Two phases: before
// listening, their FD registrations (client id/secret, public encryption key, scopes) join the
// simulator's registry; once the port is known, each provider gets a /checktoken client pointing at
// the simulator's listening address and its router is mounted under /providers/<id>.

export { PROVIDER_IDS, SOURCE_IDS, PROVIDERS, type ProviderId, type SourceId } from './catalogue.js';
export { DEFAULT_SLOW_LATENCY_MS, FAULT_MODES, providerFaultsSchema, type FaultMode, type FaultTarget, type ProviderFault, type ProviderFaults } from './faults.js';
export type { ConsumerCredentials } from './context.js';

export interface SimulatedProvidersOptions {
  /**
   * Test hook: what a provider presents to /checktoken when it should differ from its registration
   * (a misconfigured provider, to test how its consumers cope with its failure).
   */
  checktokenCredentials?: Partial<Record<ProviderId, { client_id?: string; client_secret?: string }>>;
  /** Credentials the providers accept from their consumers; defaults in fixtures/credentials.ts. */
  credentials?: Partial<ConsumerCredentials>;
}

export interface ProviderInfo {
  id: ProviderId;
  name: string;
  /** Base URL of the provider (what the backend's <PROVIDER>_BASE_URL should be). */
  baseUrl: string;
  sources: readonly SourceId[];
  /** The client_id it registered with FranceConnect as a data provider. */
  fdClientId: string;
}

export interface MountOptions {
  /** Public URL of the simulator (base URLs are built on it). */
  publicUrl: string;
  /** FranceConnect issuer (expected `iss` of /checktoken answers). */
  issuer: string;
  /** Where the providers reach the simulator (its listening address): /checktoken and /jwks. */
  internalIssuer: string;
  clock: SimulatorClock;
  citizens: CitizenDirectory;
  fetch?: typeof fetch;
}

export interface PreparedProviders {
  registrations: DataProviderRegistration[];
  faults: FaultBoard;
  mount(options: MountOptions): express.Router;
  describe(publicUrl: string): ProviderInfo[];
}

export const DEFAULT_CONSUMER_CREDENTIALS: ConsumerCredentials = {
  dgfipClients: [{ ...DGFIP_API_CLIENT, scopes: [...DGFIP_API_CLIENT.scopes] }],
  cnamApiKeys: [CNAM_API_KEY],
  apiParticulierTokens: [API_PARTICULIER_TOKEN],
};

interface EncryptionKey {
  publicJwk: JWK;
  privateKey: CryptoKey;
}

// One encryption key pair per provider and per process: RSA generation is slow, and tests start many
// simulators. The private keys never leave this module.
let keysOnce: Promise<Map<ProviderId, EncryptionKey>> | undefined;

function encryptionKeys(): Promise<Map<ProviderId, EncryptionKey>> {
  keysOnce ??= (async () => {
    const keys = new Map<ProviderId, EncryptionKey>();
    for (const id of PROVIDER_IDS) {
      const alg = PROVIDERS[id].fd.checktoken_encrypted_response_alg;
      const { publicKey, privateKey } = await generateKeyPair(alg, alg === 'ECDH-ES' ? { crv: 'P-256', extractable: true } : { extractable: true });
      keys.set(id, { privateKey, publicJwk: { ...(await exportJWK(publicKey)), use: 'enc', alg, kid: `${id}-enc` } });
    }
    return keys;
  })();
  return keysOnce;
}

const credentialsOverride = z.strictObject({ client_id: z.string().min(1).optional(), client_secret: z.string().min(1).optional() });
const optionsSchema = z.strictObject({
  checktokenCredentials: z.partialRecord(z.enum(PROVIDER_IDS), credentialsOverride).optional(),
  credentials: z
    .strictObject({
      dgfipClients: z
        .array(z.strictObject({ client_id: z.string().min(1), client_secret: z.string().min(32), scopes: z.array(z.string().min(1)).min(1) }))
        .optional(),
      cnamApiKeys: z.array(z.string().min(16)).optional(),
      apiParticulierTokens: z.array(z.string().min(16)).optional(),
    })
    .optional(),
});

/** First phase: registrations and fault board (validated; throws a plain Error naming the setting). */
export async function prepareSimulatedProviders(
  options: SimulatedProvidersOptions = {},
  faults: ProviderFaults = {},
): Promise<PreparedProviders> {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) throw new Error(`Invalid simulator configuration (providers):\n${describeIssues(parsed.error, 'providers')}`);
  const board = createFaultBoard(faults);
  const keys = await encryptionKeys();
  const credentials: ConsumerCredentials = { ...DEFAULT_CONSUMER_CREDENTIALS, ...parsed.data.credentials };

  const registrations: DataProviderRegistration[] = PROVIDER_IDS.map((id) => {
    const { fd, name } = PROVIDERS[id];
    return {
      client_id: fd.client_id,
      client_secret: fd.client_secret,
      name,
      scopes: [...fd.scopes],
      jwks: { keys: [keys.get(id)?.publicJwk as never] },
      checktoken_signed_response_alg: fd.checktoken_signed_response_alg,
      checktoken_encrypted_response_alg: fd.checktoken_encrypted_response_alg,
      checktoken_encrypted_response_enc: 'A256GCM',
    };
  });

  const describe = (publicUrl: string): ProviderInfo[] =>
    PROVIDER_IDS.map((id) => ({
      id,
      name: PROVIDERS[id].name,
      baseUrl: `${publicUrl}${PROVIDERS[id].path}`,
      sources: PROVIDERS[id].sources,
      fdClientId: PROVIDERS[id].fd.client_id,
    }));

  function mount(o: MountOptions): express.Router {
    const router = express.Router();
    const routers: Record<ProviderId, (ctx: ProviderContext) => express.Router> = {
      dgfip: dgfipRouter,
      cnam: cnamRouter,
      'api-particulier': apiParticulierRouter,
      'france-travail': franceTravailRouter,
      'famille-nombreuse': familleNombreuseRouter,
    };
    for (const id of PROVIDER_IDS) {
      const { fd, path } = PROVIDERS[id];
      const override = parsed.data?.checktokenCredentials?.[id];
      const checktoken = createChecktokenClient({
        checktokenUrl: `${o.internalIssuer}/checktoken`,
        jwksUrl: `${o.internalIssuer}/jwks`,
        issuer: o.issuer,
        clientId: override?.client_id ?? fd.client_id,
        clientSecret: override?.client_secret ?? fd.client_secret,
        decryptionKey: keys.get(id)?.privateKey as CryptoKey,
        encryptionAlg: fd.checktoken_encrypted_response_alg,
        signingAlg: fd.checktoken_signed_response_alg,
        fetch: o.fetch,
      });
      router.use(path, routers[id]({ checktoken, citizens: o.citizens, clock: o.clock, faults: board, credentials }));
    }
    router.use(TEST_PATH, testRouter(board));
    return router;
  }

  return { registrations, faults: board, mount, describe };
}

export const TEST_PATH = '/__test/providers';

/** Whether a peer address is the loopback interface (IPv4, IPv6, or IPv4-mapped IPv6). */
export function isLoopbackAddress(address: string | undefined): boolean {
  return !!address && (address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.'));
}

/**
 * Runtime fault control for tests, from loopback only: GET {TEST_PATH}/faults, PUT/DELETE
 * {TEST_PATH}/<target>/fault (JSON `{ mode, latencyMs }`), DELETE {TEST_PATH}/faults (reset all).
 */
function testRouter(board: FaultBoard): express.Router {
  const router = express.Router();
  router.use((req, res, next) => {
    res.set('Cache-Control', 'no-store');
    if (!isLoopbackAddress(req.socket.remoteAddress)) return res.status(403).json({ error: 'forbidden', message: 'Test endpoints answer loopback clients only.' });
    next();
  });
  router.get('/faults', (_req, res) => res.json({ faults: board.all() }));
  router.delete('/faults', (_req, res) => {
    board.reset();
    res.status(204).end();
  });
  const target = (req: Request<{ target: string }>, res: Response) => {
    if (isFaultTarget(req.params.target)) return req.params.target;
    res.status(404).json({ error: 'unknown_target', message: `Unknown fault target "${req.params.target.slice(0, 60)}".` });
    return undefined;
  };
  router.put('/:target/fault', express.json({ limit: '1kb' }), (req: Request<{ target: string }>, res) => {
    const t = target(req, res);
    if (!t) return;
    const parsed = providerFaultSchema.safeParse(req.body ?? {});
    if (!parsed.success) return res.status(400).json({ error: 'invalid_fault', message: describeIssues(parsed.error, 'fault') });
    board.set(t, parsed.data);
    res.json({ target: t, fault: board.all()[t] });
  });
  router.delete('/:target/fault', (req: Request<{ target: string }>, res) => {
    const t = target(req, res);
    if (!t) return;
    board.set(t, null);
    res.status(204).end();
  });
  router.use((_req, res) => res.status(404).json({ error: 'not_found', message: 'Unknown test endpoint.' }));
  router.use((_error: unknown, _req: Request, res: Response, _next: express.NextFunction) => {
    res.status(400).json({ error: 'invalid_fault', message: 'The body must be JSON: { "mode": "ok" | "down" | "garbage" | "slow", "latencyMs"?: number }.' });
  });
  return router;
}
