import type { z } from 'zod';
import { fr } from '../http/french';
import { type ProviderId, type SourceContext, SourceFailure } from './types';

/**
 * One HTTP call to a provider, its answer turned into either the parsed body or a SourceFailure:
 *   404                                → not_found (the citizen is not known to the provider)
 *   401, 403, other 4xx                → error (refused: token expired or invalid, scopes, request)
 *   429, 5xx, 3xx, network, timeout,
 *   a body that is not JSON or fails
 *   the source's zod schema            → unavailable
 * Redirects are not followed (a redirect would carry the tokens elsewhere). Bodies are read up to
 * MAX_BODY_BYTES. Nothing of the request or the answer is logged here.
 */

export const MAX_BODY_BYTES = 1024 * 1024;

/** The provider as the subject of a French sentence. */
export const PROVIDER_SUBJECTS: Record<ProviderId, string> = {
  dgfip: 'La DGFiP',
  cnam: 'L’Assurance maladie',
  api_particulier: 'L’API Particulier',
  france_travail: 'France Travail',
  famille_nombreuse: 'Le service de la carte famille nombreuse',
};

export const failureMessages = {
  expired: (p: ProviderId) => fr`${PROVIDER_SUBJECTS[p]} a refusé l’accès : l’autorisation présentée est expirée ou invalide.`,
  scope: (p: ProviderId) => fr`${PROVIDER_SUBJECTS[p]} a refusé l’accès : les autorisations accordées ne couvrent pas ces données.`,
  refused: (p: ProviderId) => fr`${PROVIDER_SUBJECTS[p]} a refusé la demande de Pivot.`,
  credentials: (p: ProviderId) => fr`${PROVIDER_SUBJECTS[p]} a refusé les identifiants de Pivot.`,
  down: (p: ProviderId) => fr`${PROVIDER_SUBJECTS[p]} est indisponible pour le moment.`,
  busy: (p: ProviderId) => fr`${PROVIDER_SUBJECTS[p]} reçoit trop de demandes pour le moment.`,
  timeout: (p: ProviderId) => fr`${PROVIDER_SUBJECTS[p]} n’a pas répondu à temps.`,
  garbled: (p: ProviderId) => fr`${PROVIDER_SUBJECTS[p]} a renvoyé une réponse inattendue.`,
} as const;

export interface ProviderRequest {
  provider: ProviderId;
  url: URL;
  method?: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
}

/** Sends the request and returns the response, or throws the SourceFailure for a network failure or a timeout. */
export async function send(ctx: SourceContext, request: ProviderRequest): Promise<Response> {
  try {
    return await ctx.fetch(request.url, {
      method: request.method ?? 'GET',
      headers: { accept: 'application/json', ...(ctx.correlationId ? { 'x-correlation-id': ctx.correlationId } : {}), ...request.headers },
      ...(request.body !== undefined ? { body: request.body } : {}),
      redirect: 'manual',
      signal: ctx.signal,
    });
  } catch (err) {
    if (ctx.signal.aborted) throw new SourceFailure('unavailable', 'timeout', failureMessages.timeout(request.provider));
    throw new SourceFailure('unavailable', networkReason(err), failureMessages.down(request.provider));
  }
}

/** The SourceFailure for a non-2xx status. */
export function failureForStatus(provider: ProviderId, status: number): SourceFailure {
  const reason = `http_${status}`;
  if (status === 404) return new SourceFailure('not_found', reason);
  if (status === 401) return new SourceFailure('error', reason, failureMessages.expired(provider));
  if (status === 403) return new SourceFailure('error', reason, failureMessages.scope(provider));
  if (status === 429) return new SourceFailure('unavailable', reason, failureMessages.busy(provider));
  if (status >= 400 && status < 500) return new SourceFailure('error', reason, failureMessages.refused(provider));
  return new SourceFailure('unavailable', reason, failureMessages.down(provider));
}

/** GET (or POST) a JSON resource and validate it with `schema`. */
export async function requestJson<S extends z.ZodType>(ctx: SourceContext, request: ProviderRequest, schema: S): Promise<z.output<S>> {
  const response = await send(ctx, request);
  if (response.status < 200 || response.status > 299) {
    await discard(response);
    throw failureForStatus(request.provider, response.status);
  }
  return parseBody(ctx, request.provider, response, schema);
}

/** Reads a 2xx body as JSON and validates it; garbage → unavailable. */
export async function parseBody<S extends z.ZodType>(ctx: SourceContext, provider: ProviderId, response: Response, schema: S): Promise<z.output<S>> {
  let text: string | undefined;
  try {
    text = await readCapped(response, MAX_BODY_BYTES);
  } catch (err) {
    if (ctx.signal.aborted) throw new SourceFailure('unavailable', 'timeout', failureMessages.timeout(provider));
    throw new SourceFailure('unavailable', networkReason(err), failureMessages.down(provider));
  }
  if (text === undefined) throw new SourceFailure('unavailable', 'body_too_large', failureMessages.garbled(provider));
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new SourceFailure('unavailable', 'body', failureMessages.garbled(provider));
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    // The path names a field, never a value.
    const path = parsed.error.issues[0]?.path.join('.') ?? '';
    throw new SourceFailure('unavailable', path ? `schema:${path}` : 'schema', failureMessages.garbled(provider));
  }
  return parsed.data;
}

/** The body as text, or undefined when it is longer than `max` bytes. */
async function readCapped(response: Response, max: number): Promise<string | undefined> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function discard(response: Response): Promise<void> {
  try {
    await response.body?.cancel();
  } catch {
    // Nothing to do: the connection is being closed anyway.
  }
}

function networkReason(err: unknown): string {
  const code = (err as { cause?: { code?: unknown } } | undefined)?.cause?.code;
  return typeof code === 'string' && /^[A-Z_]+$/.test(code) ? `network:${code}` : 'network';
}

/** `base` + `path`, keeping a path prefix the base URL may carry; `query` values are appended in order. */
export function providerUrl(base: string, path: string, query: [string, string][] = []): URL {
  const url = new URL(base.replace(/\/+$/, '') + path);
  for (const [name, value] of query) url.searchParams.append(name, value);
  return url;
}
