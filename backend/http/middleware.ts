import type { RequestHandler } from 'express';
import { fr } from './french';
import { HttpError } from './errors';

/** Nothing under /auth or /api may be cached anywhere. */
export const noStore: RequestHandler = (_req, res, next) => {
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Pragma', 'no-cache');
  next();
};

const BEARER = /^Bearer[ ]+([A-Za-z0-9_-]+)$/i;

/** The session handle from `Authorization: Bearer <handle>`, or a 401 HttpError. */
export function bearerHandle(header: string | undefined): string {
  if (!header) {
    throw new HttpError(401, 'unauthenticated', fr`Connectez-vous avec FranceConnect pour accéder à ce service.`, {
      headers: { 'WWW-Authenticate': 'Bearer realm="pivot"' },
    });
  }
  const match = BEARER.exec(header.trim());
  if (!match?.[1]) {
    throw new HttpError(401, 'invalid_token', fr`L’identifiant de session est mal formé. Reconnectez-vous.`, {
      headers: { 'WWW-Authenticate': 'Bearer realm="pivot", error="invalid_token"' },
    });
  }
  return match[1];
}

export function sessionExpired(): HttpError {
  return new HttpError(401, 'invalid_token', fr`Votre session a expiré ou n’existe plus. Reconnectez-vous avec FranceConnect.`, {
    headers: { 'WWW-Authenticate': 'Bearer realm="pivot", error="invalid_token"' },
  });
}
