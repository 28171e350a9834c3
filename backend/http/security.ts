import cors from 'cors';
import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * Security headers (helmet) and CORS for the backend.
 *
 * The backend's own pages (backend/http/pages.ts) are static HTML with one stylesheet, DSFR's,
 * served under /assets/dsfr with its fonts and icons: no script, no frame, no form, no referrer
 * (a callback URL carries a code and a state). The stylesheet's URL is built on PUBLIC_URL, so
 * that origin is allowed beside 'self' (they differ when a proxy or 127.0.0.1/localhost does).
 */
export function securityHeaders(publicUrl: string): RequestHandler {
  const https = publicUrl.startsWith('https:');
  const own = ["'self'", new URL(publicUrl).origin];
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'none'"],
        'style-src': own,
        'font-src': own,
        'img-src': [...own, 'data:'],
        'base-uri': ["'none'"],
        'form-action': ["'none'"],
        'frame-ancestors': ["'none'"],
        ...(https ? { 'upgrade-insecure-requests': [] } : {}),
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
    xFrameOptions: { action: 'deny' },
    strictTransportSecurity: https ? { maxAge: 31536000 } : false,
  });
}

/**
 * CORS for the extension only: an allow-listed Origin gets the headers a cross-origin call needs
 * (Bearer, JSON, the request id and rate-limit headers readable); any other origin gets no CORS
 * header at all, so the browser keeps the answer from the page that asked. No credentials: the
 * API authenticates with a Bearer handle, never a cookie.
 */
export function corsPolicy(origins: readonly string[]): RequestHandler {
  const allowed = new Set(origins);
  return cors({
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin) ? origin : false),
    methods: ['GET', 'POST'],
    allowedHeaders: ['Authorization', 'Content-Type', 'X-Request-Id'],
    exposedHeaders: ['X-Request-Id', 'Retry-After', 'RateLimit', 'RateLimit-Policy'],
    credentials: false,
    maxAge: 600,
  });
}
