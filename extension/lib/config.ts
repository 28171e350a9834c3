/**
 * The backend URL: what the options page accepts, how it is written, and which host permission it
 * needs. Pure functions; storage lives in storage.ts.
 */
import { DEFAULT_BACKEND_URL } from '../extension-identity';

export { DEFAULT_BACKEND_URL };

export type BackendUrlCheck =
  | { ok: true; url: string }
  | { ok: false; reason: 'invalid' | 'scheme' | 'insecure' | 'credentials' | 'query' };

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1']);

/**
 * Accepts https anywhere, or http on this computer (localhost, 127.0.0.1): the session handle travels
 * in every request, so it must not cross a network in clear text. Returns the URL without a trailing
 * slash, query or fragment (paths are kept: a backend may live under /pivot).
 */
export function normaliseBackendUrl(input: string): BackendUrlCheck {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return { ok: false, reason: 'invalid' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, reason: 'scheme' };
  if (url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname)) return { ok: false, reason: 'insecure' };
  if (url.username || url.password) return { ok: false, reason: 'credentials' };
  if (url.search || url.hash) return { ok: false, reason: 'query' };
  const path = url.pathname.replace(/\/+$/, '');
  return { ok: true, url: `${url.origin}${path}` };
}

/** French explanation of a refused backend URL, for the options page. */
export function backendUrlProblem(reason: Exclude<BackendUrlCheck, { ok: true }>['reason']): string {
  switch (reason) {
    case 'invalid':
      return 'Cette adresse n’est pas valide. Exemple\u00a0: http://localhost:3000';
    case 'scheme':
      return 'L’adresse doit commencer par https:// (ou http:// pour un serveur sur cet ordinateur).';
    case 'insecure':
      return 'Une adresse en http:// n’est acceptée que sur cet ordinateur (localhost ou 127.0.0.1)\u00a0: utilisez https://.';
    case 'credentials':
      return 'L’adresse ne doit pas contenir d’identifiant ni de mot de passe.';
    case 'query':
      return 'L’adresse ne doit contenir ni «\u00a0?\u00a0» ni «\u00a0#\u00a0».';
  }
}

/**
 * The host permission a backend URL needs. Chrome match patterns may carry a port; Firefox's may not
 * (bug 1362809), so there the pattern covers every port of the host.
 */
export function hostPermissionFor(backendUrl: string, firefox = import.meta.env.FIREFOX): string {
  const url = new URL(backendUrl);
  const host = firefox ? url.hostname : url.host;
  return `${url.protocol}//${host}/*`;
}

export function isDefaultBackend(backendUrl: string): boolean {
  return backendUrl === DEFAULT_BACKEND_URL;
}
