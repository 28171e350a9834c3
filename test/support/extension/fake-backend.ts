import { vi } from 'vitest';

/** One request the fake backend saw. */
export interface SeenRequest {
  method: string;
  path: string;
  headers: Headers;
  body: unknown;
}

export type Route = (request: SeenRequest) => Response | Promise<Response>;

export function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

/**
 * A fetch that answers like the backend contract (CONTRACTS.md), route by route. `down()` makes
 * every request fail as a stopped server does (fetch rejects with a TypeError).
 */
export function fakeBackend(baseUrl: string, routes: Record<string, Route>) {
  const seen: SeenRequest[] = [];
  let isDown = false;
  const fetch = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input));
    if (isDown || !String(input).startsWith(baseUrl)) throw new TypeError('Failed to fetch');
    const request: SeenRequest = {
      method: (init.method ?? 'GET').toUpperCase(),
      path: url.pathname,
      headers: new Headers(init.headers),
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
    };
    seen.push(request);
    const route = routes[`${request.method} ${request.path}`];
    return route ? route(request) : json(404, { error: 'not_found', message: 'Introuvable.' });
  });
  return {
    fetch: fetch as unknown as typeof globalThis.fetch,
    seen,
    calls: (method: string, path: string) => seen.filter((r) => r.method === method && r.path === path),
    down() {
      isDown = true;
    },
    up() {
      isDown = false;
    },
  };
}
