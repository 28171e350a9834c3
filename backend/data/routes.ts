import { Router } from 'express';
import { bearerHandle, sessionExpired } from '../http/middleware';
import type { SessionService } from '../sessions/sessions';
import type { DataService } from './service';

/**
 * GET /api/sources (public, no session) →
 *   { sources: [{ id, label, provider }] }
 * the sources this backend offers, in display order, so the extension lists only those before login
 * (no personal data: configuration only).
 *
 * GET /api/data (Authorization: Bearer <session>) →
 *   { sources: [{ id, label, status, data?, error?, fetchedAt }] }
 * one entry per source this backend offers, fetched once at login; 401 without a live session.
 */
export function dataRoutes(deps: { sessions: SessionService; data: DataService }): Router {
  const router = Router();
  const offered = { sources: deps.data.offered.map(({ id, label, provider }) => ({ id, label, provider })) };
  router.get('/api/sources', (_req, res) => {
    res.json(offered);
  });
  router.get('/api/data', async (req, res) => {
    const session = await deps.sessions.use(bearerHandle(req.get('authorization')));
    if (!session) throw sessionExpired();
    res.json({ sources: deps.data.read(session) });
  });
  return router;
}
