import type { CitizenDirectory } from '../citizens/index.js';
import type { SimulatorClock } from '../clock.js';
import type { ChecktokenClient } from './checktoken-client.js';
import type { FaultBoard } from './faults.js';

/** What the simulated providers accept from their consumers, besides FranceConnect access tokens. */
export interface ConsumerCredentials {
  /** DGFiP API clients (client credentials grant at /token). */
  dgfipClients: readonly { client_id: string; client_secret: string; scopes: readonly string[] }[];
  /** CNAM API keys (X-API-Key). */
  cnamApiKeys: readonly string[];
  /** API Particulier tokens (calls without FranceConnect: MEN scolarité). */
  apiParticulierTokens: readonly string[];
}

/** Everything one simulated provider needs. */
export interface ProviderContext {
  checktoken: ChecktokenClient;
  citizens: CitizenDirectory;
  clock: SimulatorClock;
  faults: FaultBoard;
  credentials: ConsumerCredentials;
}
