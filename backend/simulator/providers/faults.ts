import type { NextFunction, Request, Response } from 'express';
import { z } from 'zod';
import { PROVIDER_IDS, SOURCE_IDS, type ProviderId, type SourceId } from './catalogue.js';

// Fault injection, so that the backend's failure paths can be tested against real HTTP:
// - mode "ok": normal answers (after latencyMs, if set);
// - mode "slow": normal answers after latencyMs (default DEFAULT_SLOW_LATENCY_MS);
// - mode "down": a dead upstream behind its gateway — HTTP 503, text/html, Retry-After, no JSON;
// - mode "garbage": HTTP 200 with the provider's content type and a truncated, unparseable JSON body.
// A fault targets a source (its data routes) or a whole provider (every route, DGFiP's /token included);
// a source's fault wins over its provider's. Faulted answers carry `X-Simulator-Fault: <mode>` and,
// when a delay was applied, `X-Simulator-Latency: <ms>` (a clock-free signal for tests).

export const FAULT_MODES = ['ok', 'down', 'garbage', 'slow'] as const;
export type FaultMode = (typeof FAULT_MODES)[number];

export const DEFAULT_SLOW_LATENCY_MS = 10_000;
const MAX_LATENCY_MS = 120_000;

export const FAULT_TARGETS = [...SOURCE_IDS, ...PROVIDER_IDS] as const;
export type FaultTarget = SourceId | ProviderId;

export const providerFaultSchema = z.strictObject({
  mode: z.enum(FAULT_MODES, { error: `mode must be one of ${FAULT_MODES.join(', ')}` }).default('ok'),
  latencyMs: z
    .number()
    .int('latencyMs must be a whole number of milliseconds')
    .min(0)
    .max(MAX_LATENCY_MS, `latencyMs must not exceed ${MAX_LATENCY_MS}`)
    .optional(),
});
export type ProviderFault = z.input<typeof providerFaultSchema>;
type ResolvedFault = z.output<typeof providerFaultSchema>;

export function isFaultTarget(value: string): value is FaultTarget {
  return (FAULT_TARGETS as readonly string[]).includes(value);
}

/** `{ "<source id or provider id>": { mode, latencyMs } }`. */
export type ProviderFaults = Partial<Record<FaultTarget, ProviderFault>>;

export const providerFaultsSchema = z.record(z.string(), providerFaultSchema).superRefine((faults, ctx) => {
  for (const key of Object.keys(faults)) {
    if (isFaultTarget(key)) continue;
    ctx.addIssue({
      code: 'custom',
      path: [key],
      message: `unknown fault target; use a source id (${SOURCE_IDS.join(', ')}) or a provider id (${PROVIDER_IDS.join(', ')})`,
    });
  }
}) as unknown as z.ZodType<Partial<Record<FaultTarget, ResolvedFault>>, ProviderFaults>;

export interface FaultBoard {
  /** The fault applying to a route of `provider` serving `sources`, if any. */
  effective(provider: ProviderId, sources: readonly SourceId[]): ResolvedFault | undefined;
  /** Sets (or, with null, clears) the fault of a target. */
  set(target: FaultTarget, fault: ProviderFault | null): void;
  /** Clears every fault. */
  reset(): void;
  /** The faults currently set. */
  all(): Partial<Record<FaultTarget, ResolvedFault>>;
}

/** The faults, validated (a bad value throws a ZodError; the caller formats it). */
export function createFaultBoard(initial: ProviderFaults = {}): FaultBoard {
  const faults = new Map<FaultTarget, ResolvedFault>();
  const parsed = providerFaultsSchema.parse(initial);
  for (const [target, fault] of Object.entries(parsed)) if (fault) faults.set(target as FaultTarget, fault);
  return {
    effective(provider, sources) {
      for (const source of sources) {
        const fault = faults.get(source);
        if (fault) return fault;
      }
      return faults.get(provider);
    },
    set(target, fault) {
      if (!isFaultTarget(target)) throw new RangeError(`unknown fault target "${String(target)}"`);
      if (fault === null) faults.delete(target);
      else faults.set(target, providerFaultSchema.parse(fault));
    },
    reset: () => faults.clear(),
    all: () => Object.fromEntries(faults),
  };
}

const DOWN_PAGE = `<!DOCTYPE html>
<html><head><title>503 Service Temporarily Unavailable</title></head>
<body><h1>503 Service Temporarily Unavailable</h1><p>The upstream server is not responding.</p></body></html>
`;

/** Delays, then answers like a dead upstream or with garbage, or lets the route answer normally. */
export function faultMiddleware(board: FaultBoard, provider: ProviderId, sources: readonly SourceId[], contentType = 'application/json') {
  return (_req: Request, res: Response, next: NextFunction) => {
    const fault = board.effective(provider, sources);
    if (!fault || (fault.mode === 'ok' && !fault.latencyMs)) return next();
    const delay = fault.latencyMs ?? (fault.mode === 'slow' ? DEFAULT_SLOW_LATENCY_MS : 0);
    res.set('X-Simulator-Fault', fault.mode);
    if (delay > 0) res.set('X-Simulator-Latency', String(delay));

    const answer = () => {
      if (res.destroyed || res.headersSent) return;
      if (fault.mode === 'down') {
        res.status(503).set('Retry-After', '30').set('Cache-Control', 'no-store').type('html').send(DOWN_PAGE);
      } else if (fault.mode === 'garbage') {
        res.status(200).set('Cache-Control', 'no-store').type(contentType).send('{"data":{"\u0000\ufffd garbage');
      } else {
        next();
      }
    };
    if (delay === 0) return answer();
    const timer = setTimeout(answer, delay);
    timer.unref();
    // A client that gives up (or a simulator that closes) cancels the pending answer.
    res.once('close', () => clearTimeout(timer));
  };
}
