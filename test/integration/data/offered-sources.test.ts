import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SOURCES } from '../../../backend/data/sources/index';
import { SOURCE_IDS } from '../../../backend/data/types';
import { type Stack, startStack } from '../../support/stack';

/**
 * GET /api/sources: what a backend offers (DATA_SOURCES), public, before any login, so the
 * extension lists only sources /auth/login will accept.
 */

interface Offered {
  sources: { id: string; label: string; provider?: string }[];
}

async function offered(url: string, headers: Record<string, string> = {}): Promise<{ response: Response; body: Offered }> {
  const response = await fetch(new URL('/api/sources', url), { headers });
  return { response, body: (await response.json()) as Offered };
}

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.close();
});

describe('GET /api/sources', () => {
  it('by default: the twelve, in order, with their label and provider, without any Bearer', async () => {
    const { response, body } = await offered(stack.url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(Object.keys(body)).toEqual(['sources']);
    expect(body.sources.map((s) => s.id)).toEqual([...SOURCE_IDS]);
    for (const s of body.sources) {
      expect(Object.keys(s).sort()).toEqual(['id', 'label', 'provider']);
      expect(s.label).toBe(SOURCES[s.id as keyof typeof SOURCES].label);
      expect(s.provider).toBe(SOURCES[s.id as keyof typeof SOURCES].provider);
    }
  });

  it('ignores an Authorization header, even a malformed one (nothing personal to protect)', async () => {
    const { response, body } = await offered(stack.url, { authorization: 'Bearer not-a-handle' });
    expect(response.status).toBe(200);
    expect(body.sources).toHaveLength(12);
  });

  it('answers the extension’s origin with CORS headers, and is under the /api rate limit', async () => {
    const origin = stack.config.cors.origins[0]!;
    const { response } = await offered(stack.url, { origin });
    expect(response.headers.get('access-control-allow-origin')).toBe(origin);
    expect(response.headers.get('ratelimit-policy')).toMatch(/^\d+;w=\d+/);
  });

  it('DATA_SOURCES=impot_particulier,cnaf_quotient_familial: just those two, in the fixed order', async () => {
    const other = await startStack({ env: { DATA_SOURCES: 'cnaf_quotient_familial,impot_particulier' } });
    try {
      const { response, body } = await offered(other.url);
      expect(response.status).toBe(200);
      expect(body).toEqual({
        sources: [
          { id: 'impot_particulier', label: 'Impôt sur le revenu (DGFiP)', provider: 'dgfip' },
          { id: 'cnaf_quotient_familial', label: SOURCES.cnaf_quotient_familial.label, provider: 'api_particulier' },
        ],
      });
    } finally {
      await other.close();
    }
  });

  it('DATA_SOURCES=none: an empty list', async () => {
    const other = await startStack({ env: { DATA_SOURCES: 'none' } });
    try {
      const { response, body } = await offered(other.url);
      expect(response.status).toBe(200);
      expect(body).toEqual({ sources: [] });
    } finally {
      await other.close();
    }
  });
});
