// @vitest-environment node
import type { NextFunction, Request, Response } from 'express';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { simulatorOptionsFromEnv, SimulatorConfigError } from '../../../../backend/simulator/config.js';
import {
  DEFAULT_SLOW_LATENCY_MS,
  createFaultBoard,
  faultMiddleware,
  providerFaultsSchema,
} from '../../../../backend/simulator/providers/faults.js';
import { isLoopbackAddress } from '../../../../backend/simulator/providers/index.js';

/** A minimal Express response recording what the middleware does. */
function fakeResponse() {
  const listeners: (() => void)[] = [];
  const res = {
    headers: {} as Record<string, string>,
    statusCode: 0,
    body: undefined as unknown,
    headersSent: false,
    destroyed: false,
    set(name: string, value: string) {
      this.headers[name.toLowerCase()] = value;
      return this;
    },
    status(code: number) {
      this.statusCode = code;
      return this;
    },
    type(value: string) {
      this.headers['content-type'] = value;
      return this;
    },
    send(body: unknown) {
      this.body = body;
      this.headersSent = true;
      return this;
    },
    once(_event: string, listener: () => void) {
      listeners.push(listener);
      return this;
    },
    close: () => listeners.forEach((l) => l()),
  };
  return res;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('fault board', () => {
  it('prefers a source’s fault to its provider’s, and knows nothing else', () => {
    const board = createFaultBoard({ 'api-particulier': { mode: 'garbage' }, cnous_boursier: { mode: 'down' } });
    expect(board.effective('api-particulier', ['cnous_boursier'])?.mode).toBe('down');
    expect(board.effective('api-particulier', ['mesri_statut_etudiant'])?.mode).toBe('garbage');
    expect(board.effective('cnam', ['cnam_ij'])).toBeUndefined();
    board.set('cnous_boursier', null);
    expect(board.effective('api-particulier', ['cnous_boursier'])?.mode).toBe('garbage');
    board.reset();
    expect(board.all()).toEqual({});
  });

  it('validates targets, modes and latencies', () => {
    expect(providerFaultsSchema.safeParse({ impots: { mode: 'down' } }).success).toBe(false);
    expect(providerFaultsSchema.safeParse({ cnam: { mode: 'broken' } }).success).toBe(false);
    expect(providerFaultsSchema.safeParse({ cnam: { latencyMs: 1.5 } }).success).toBe(false);
    expect(providerFaultsSchema.safeParse({ cnam: { latencyMs: 500_000 } }).success).toBe(false);
    expect(providerFaultsSchema.parse({ cnam: {} })).toEqual({ cnam: { mode: 'ok' } });
  });
});

describe('fault middleware', () => {
  it('lets the route answer when there is no fault', () => {
    const next = vi.fn();
    const res = fakeResponse();
    faultMiddleware(createFaultBoard(), 'cnam', ['cnam_ij'])({} as Request, res as unknown as Response, next as NextFunction);
    expect(next).toHaveBeenCalledOnce();
    expect(res.headers).toEqual({});
  });

  it('"slow" without latencyMs waits DEFAULT_SLOW_LATENCY_MS, then lets the route answer', () => {
    vi.useFakeTimers();
    const next = vi.fn();
    const res = fakeResponse();
    faultMiddleware(createFaultBoard({ cnam: { mode: 'slow' } }), 'cnam', ['cnam_ij'])({} as Request, res as unknown as Response, next as NextFunction);
    expect(res.headers['x-simulator-latency']).toBe(String(DEFAULT_SLOW_LATENCY_MS));
    vi.advanceTimersByTime(DEFAULT_SLOW_LATENCY_MS - 1);
    expect(next).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(next).toHaveBeenCalledOnce();
  });

  it('drops the pending answer when the connection closes', () => {
    vi.useFakeTimers();
    const next = vi.fn();
    const res = fakeResponse();
    faultMiddleware(createFaultBoard({ cnam: { mode: 'down', latencyMs: 100 } }), 'cnam', [])({} as Request, res as unknown as Response, next as NextFunction);
    res.close();
    vi.advanceTimersByTime(1000);
    expect(res.statusCode).toBe(0);
    expect(next).not.toHaveBeenCalled();
  });

  it('"down" answers 503 HTML at once when no latency is set', () => {
    const res = fakeResponse();
    faultMiddleware(createFaultBoard({ dgfip: { mode: 'down' } }), 'dgfip', [])({} as Request, res as unknown as Response, vi.fn());
    expect(res.statusCode).toBe(503);
    expect(res.headers['content-type']).toBe('html');
    expect(res.headers['retry-after']).toBe('30');
  });
});

describe('SIMULATOR_PROVIDER_FAULTS and SIMULATOR_PROVIDERS', () => {
  it('reads faults as inline JSON, validated', () => {
    const env = simulatorOptionsFromEnv({ SIMULATOR_PROVIDER_FAULTS: '{"cnous_boursier":{"mode":"down"},"dgfip":{"mode":"slow","latencyMs":3000}}' });
    expect(env.providerFaults).toEqual({ cnous_boursier: { mode: 'down' }, dgfip: { mode: 'slow', latencyMs: 3000 } });
    expect(env.providers).toBe(true);
    expect(simulatorOptionsFromEnv({ SIMULATOR_PROVIDERS: 'off' }).providers).toBe(false);
  });

  it.each([
    ['an unknown target', '{"impots":{"mode":"down"}}', /SIMULATOR_PROVIDER_FAULTS\.impots: unknown fault target; use a source id/],
    ['an unknown mode', '{"cnam":{"mode":"dead"}}', /SIMULATOR_PROVIDER_FAULTS\.cnam\.mode: mode must be one of ok, down, garbage, slow/],
    ['something that is not JSON', '{cnam', /SIMULATOR_PROVIDER_FAULTS: not valid JSON/],
  ])('stops with a message naming the setting for %s', (_label, value, message) => {
    expect(() => simulatorOptionsFromEnv({ SIMULATOR_PROVIDER_FAULTS: value })).toThrow(SimulatorConfigError);
    expect(() => simulatorOptionsFromEnv({ SIMULATOR_PROVIDER_FAULTS: value })).toThrow(message);
  });
});

describe('test endpoint guard', () => {
  it.each([
    ['127.0.0.1', true],
    ['::1', true],
    ['::ffff:127.0.0.1', true],
    ['192.168.1.20', false],
    ['::ffff:10.0.0.2', false],
    [undefined, false],
  ])('treats %s as loopback: %s', (address, loopback) => {
    expect(isLoopbackAddress(address)).toBe(loopback);
  });
});
