import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock';
import type { Logger } from '../log';
import type { JsonValue } from '../sessions/store';
import { failureMessages } from './http';
import {
  type DataSource,
  type ProviderSettings,
  type SharedCalls,
  type SourceContext,
  SourceFailure,
  type SourceId,
  type SourceResult,
} from './types';

/**
 * Runs the chosen sources while FranceConnect's access token is valid: all in parallel, each
 * within its own time limit (an AbortSignal the source's requests carry, and a race so that a
 * source ignoring it is cut off anyway). Never throws: every outcome becomes a status.
 *   chosen and answered                  → ok (normalised data)
 *   provider does not know the citizen   → not_found
 *   down, timeout, 5xx, 429, garbage     → unavailable (with a French sentence)
 *   refused (401, 403, other 4xx)        → error (with a French sentence)
 *   not chosen at login                  → not_requested
 * Logs one line per source (id, status, reason code, ms) and a summary; never a value.
 */

export interface FanOutInput {
  /** Sources offered by this backend, in display order. */
  sources: readonly DataSource[];
  /** Sources the citizen chose at login. */
  requested: readonly string[];
  accessToken: string;
  identity: Record<string, JsonValue>;
  /** Configured scopes per source. */
  scopes: Record<SourceId, string[]>;
  providers: ProviderSettings;
  fetch: typeof fetch;
  clock: Clock;
  /** Per-source time limit, ms; 0 or less: no call is started (the access token is about to expire). */
  timeoutMs: number;
  logger: Logger;
  /** Provider tokens kept between fan-outs (DGFiP's); default: none kept. */
  tokens?: ProviderTokenCache;
  /** The login's request id; sent to the providers as X-Correlation-ID when it is a UUID (else a fresh UUID is). */
  correlationId?: string;
  /** `sequential` runs the same modules one after another (the benchmark's reference). */
  mode?: 'parallel' | 'sequential';
}

/** Provider access tokens (DGFiP's client-credentials token) reused until shortly before they expire. */
export class ProviderTokenCache {
  readonly #entries = new Map<string, { token: Promise<string>; expiresAt: number }>();
  /** A token is not reused in its last `marginMs`. */
  constructor(
    private readonly clock: Clock,
    private readonly marginMs = 30_000,
  ) {}

  get(key: string, fetchToken: () => Promise<{ token: string; expiresInS: number }>): Promise<string> {
    const now = this.clock.now();
    const entry = this.#entries.get(key);
    if (entry && entry.expiresAt > now) return entry.token;
    const fresh = { token: Promise.resolve(''), expiresAt: Number.POSITIVE_INFINITY };
    fresh.token = fetchToken().then(
      ({ token, expiresInS }) => {
        fresh.expiresAt = this.clock.now() + expiresInS * 1000 - this.marginMs;
        return token;
      },
      (err: unknown) => {
        // A failed request is never reused.
        if (this.#entries.get(key) === fresh) this.#entries.delete(key);
        throw err;
      },
    );
    this.#entries.set(key, fresh);
    return fresh.token;
  }

  drop(key: string): void {
    this.#entries.delete(key);
  }
}

/** The per-fan-out `once` map, with provider tokens from `tokens`. */
export function createSharedCalls(tokens: ProviderTokenCache): SharedCalls {
  const calls = new Map<string, Promise<unknown>>();
  return {
    once<T>(key: string, fn: () => Promise<T>): Promise<T> {
      let call = calls.get(key) as Promise<T> | undefined;
      if (!call) {
        call = fn();
        calls.set(key, call);
      }
      return call;
    },
    providerToken: (key, fetchToken) => tokens.get(key, fetchToken),
    dropProviderToken: (key) => tokens.drop(key),
  };
}

export async function fanOut(input: FanOutInput): Promise<SourceResult[]> {
  const started = performance.now();
  const startedAt = new Date(input.clock.now()).toISOString();
  const shared = createSharedCalls(input.tokens ?? new ProviderTokenCache(input.clock));
  const chosen = new Set(input.requested);
  const correlationId = input.correlationId && UUID.test(input.correlationId) ? input.correlationId.toLowerCase() : randomUUID();

  const run = (source: DataSource) => runSource(source, input, shared, correlationId);
  const results = new Map<SourceId, SourceResult>();
  const toRun = input.sources.filter((s) => chosen.has(s.id));
  if (input.mode === 'sequential') {
    for (const source of toRun) results.set(source.id, await run(source));
  } else {
    for (const result of await Promise.all(toRun.map(run))) results.set(result.id, result);
  }

  const out = input.sources.map(
    (s): SourceResult => results.get(s.id) ?? { id: s.id, label: s.label, status: 'not_requested', fetchedAt: startedAt },
  );
  const count = (status: string) => out.filter((r) => r.status === status).length;
  input.logger.info(
    {
      event: 'data_fanout',
      correlationId,
      requested: toRun.length,
      ok: count('ok'),
      not_found: count('not_found'),
      unavailable: count('unavailable'),
      error: count('error'),
      ms: Math.round(performance.now() - started),
    },
    'data sources fetched',
  );
  return out;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function runSource(source: DataSource, input: FanOutInput, shared: SharedCalls, correlationId: string): Promise<SourceResult> {
  const started = performance.now();
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => {
        controller.abort();
        reject(new SourceFailure('unavailable', 'timeout', failureMessages.timeout(source.provider)));
      },
      Math.max(0, input.timeoutMs),
    );
  });
  timedOut.catch(() => {}); // raced below; never unhandled
  const ctx: SourceContext = {
    accessToken: input.accessToken,
    identity: input.identity,
    scopes: input.scopes[source.id] ?? [...source.defaultScopes],
    providers: input.providers,
    fetch: input.fetch,
    signal: controller.signal,
    correlationId,
    clock: input.clock,
    shared,
  };

  let result: SourceResult;
  let reason: string | undefined;
  try {
    if (input.timeoutMs <= 0) throw new SourceFailure('unavailable', 'token_expiring', failureMessages.timeout(source.provider));
    const data = await Promise.race([source.fetch(ctx), timedOut]);
    result = { id: source.id, label: source.label, status: 'ok', data, fetchedAt: now(input.clock) };
  } catch (err) {
    const failure =
      err instanceof SourceFailure
        ? err
        : new SourceFailure('unavailable', `internal:${err instanceof Error ? err.name : typeof err}`, failureMessages.garbled(source.provider));
    reason = failure.reason;
    result = {
      id: source.id,
      label: source.label,
      status: failure.status,
      ...(failure.userMessage && failure.status !== 'not_found' ? { error: failure.userMessage } : {}),
      fetchedAt: now(input.clock),
    };
    if (!(err instanceof SourceFailure)) {
      input.logger.error({ event: 'data_source_bug', source: source.id, reason }, 'data source failed unexpectedly');
    }
  } finally {
    clearTimeout(timer);
    // Stops whatever the source still has in flight (e.g. the other years of a partial failure).
    controller.abort();
  }
  input.logger.info(
    { event: 'data_source', source: source.id, status: result.status, ...(reason ? { reason } : {}), ms: Math.round(performance.now() - started) },
    'data source',
  );
  return result;
}

function now(clock: Clock): string {
  return new Date(clock.now()).toISOString();
}
