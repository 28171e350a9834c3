import { type Request, type Response, Router } from 'express';
import type { FranceConnectClient } from './auth/franceconnect';
import type { Logger } from './log';

/** One dependency's readiness, for GET /ready. */
export interface ReadinessCheck {
  name: string;
  ok: boolean;
}

/**
 * Monitoring: GET /health says the process is alive (and where FranceConnect's discovery stands);
 * GET /ready says whether this instance can serve a login now: FranceConnect's discovery is
 * loaded (tried once more if not), and every check the caller adds (Redis) passes.
 * 200 { status: 'ready', checks } or 503 { status: 'not_ready', checks }.
 */
export function healthRoutes(deps: {
  franceConnect: FranceConnectClient;
  readiness?: (() => Promise<ReadinessCheck[]>) | undefined;
  logger: Logger;
}): Router {
  const { franceConnect, logger } = deps;
  const router = Router();

  router.get('/health', (_req: Request, res: Response) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json({ status: 'ok', franceconnect: franceConnect.status() });
  });

  router.get('/ready', async (_req: Request, res: Response) => {
    const [fc, others] = await Promise.all([franceConnectCheck(franceConnect), otherChecks(deps.readiness)]);
    const checks = [fc, ...others];
    const ready = checks.every((c) => c.ok);
    if (!ready) logger.warn({ event: 'not_ready', failing: checks.filter((c) => !c.ok).map((c) => c.name) }, 'not ready');
    res.setHeader('Cache-Control', 'no-store');
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not_ready', checks });
  });

  return router;
}

async function franceConnectCheck(franceConnect: FranceConnectClient): Promise<ReadinessCheck> {
  if (franceConnect.status() === 'ready') return { name: 'franceconnect', ok: true };
  try {
    // Loads the discovery if it is not yet (bounded by FC_TIMEOUT_MS).
    await franceConnect.ready();
    return { name: 'franceconnect', ok: true };
  } catch {
    return { name: 'franceconnect', ok: false };
  }
}

async function otherChecks(readiness: (() => Promise<ReadinessCheck[]>) | undefined): Promise<ReadinessCheck[]> {
  if (!readiness) return [];
  try {
    return (await readiness()).map((c) => ({ name: String(c.name), ok: c.ok === true }));
  } catch {
    return [{ name: 'readiness', ok: false }];
  }
}
