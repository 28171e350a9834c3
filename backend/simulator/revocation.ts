import express from 'express';
import type Provider from 'oidc-provider';
import { z } from 'zod';
import { secretsEqual, type ClientRegistry } from './registry.js';

// POST {issuer}/token/revocation with FranceConnect's strict DTO (franceconnect.md §5): the form holds
// exactly token (≥ 43 characters), client_id and client_secret (≥ 32 ASCII characters); token_type_hint
// or any other field → 400. Served here rather than by oidc-provider, whose revocation endpoint
// accepts more (token_type_hint, HTTP Basic authentication).

const SAFE_STRING = /^[^.*?{}()|[\]\s\\]*$/;

const revocationSchema = z.strictObject({
  token: z.string().min(43).regex(SAFE_STRING),
  client_id: z.string().min(1),
  client_secret: z.string().min(32).refine((s) => /^[ -~]*$/.test(s), "ASCII only"),
});

export function revocationRouter(deps: { provider: Provider; clients: ClientRegistry }, path: string): express.Router {
  const router = express.Router();
  router.post(path, express.urlencoded({ extended: false, limit: '10kb' }), async (req, res) => {
    res.set('Cache-Control', 'no-store');
    const parsed = revocationSchema.safeParse(req.body ?? {});
    if (!parsed.success) {
      const fields = parsed.error.issues.map((i) => (i.path.length ? i.path.join('.') : 'body')).join(', ');
      return res.status(400).json({ error: 'invalid_request', error_description: `invalid revocation request (${fields})` });
    }
    const { token, client_id, client_secret } = parsed.data;
    const client = deps.clients.get(client_id);
    if (!client || !secretsEqual(client.client_secret, client_secret)) {
      return res.status(401).json({ error: 'invalid_client', error_description: 'client authentication failed' });
    }
    const accessToken = await deps.provider.AccessToken.find(token);
    // RFC 7009: a token that is unknown or belongs to another client is answered 200 all the same.
    if (accessToken && accessToken.clientId === client_id) await accessToken.destroy();
    res.status(200).end();
  });
  return router;
}
