import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { type FuzzRequest, fuzzRequest, prng, type RawCase, rawCases } from '../../support/fuzz';
import { getMe, loginForSession } from '../../support/login';
import { type Stack, startStack } from '../../support/stack';

/**
 * Thousands of malformed requests at every endpoint of a real backend over real HTTP: bad JSON,
 * huge bodies, wrong content types and types, unicode and control characters, bad Bearer values,
 * bad, duplicated and array query strings, odd methods, long URLs, and raw sockets speaking
 * broken HTTP. Every answer must be a 4xx in the usual error shape, or a documented 2xx/3xx for a
 * request that happens to be valid; never a 5xx, never a dropped connection. Then a real login
 * must still work.
 *
 * The storm is drawn from a seeded PRNG: PIVOT_FUZZ_SEED=<seed> replays one (the seed is printed
 * on failure); PIVOT_FUZZ_REQUESTS sets how many fetch requests (default 3000).
 */

const SEED = Number(process.env.PIVOT_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const REQUESTS = Number(process.env.PIVOT_FUZZ_REQUESTS ?? 3000);
const CONCURRENCY = 12;
const BODY_LIMIT = 8 * 1024;

let stack: Stack;
let handle: string;

beforeAll(async () => {
  stack = await startStack({ env: { RATE_LIMIT_AUTH: '0', RATE_LIMIT_API: '0', BODY_LIMIT_BYTES: String(BODY_LIMIT) } });
  handle = (await loginForSession(stack.url)).session;
});
afterAll(async () => {
  await stack?.close();
});

/** How many answers of each status, for the summary line. */
const statuses = new Map<number, number>();

interface Failure {
  label: string;
  problem: string;
}

/** 2xx/3xx answers the contract documents for a request that happens to be valid. */
function documentedSuccess(method: string, pathname: string, status: number): boolean {
  const path = pathname.toLowerCase().replace(/\/+$/, '') || '/';
  const m = method === 'HEAD' ? 'GET' : method;
  if (m === 'OPTIONS') return status === 200 || status === 204;
  if (m !== 'GET') return false;
  if (path.startsWith('/assets/dsfr')) return [200, 206, 301, 304].includes(status);
  if (['/health', '/ready', '/auth/logout/callback', '/api/me', '/api/data', '/api/sources'].includes(path)) return status === 200;
  if (path === '/auth/login') return status === 302;
  return false;
}

async function send(request: FuzzRequest): Promise<Failure | undefined> {
  // Concatenated, not resolved: a target starting with // stays a path.
  const url = new URL(`${stack.url}${request.target}`);
  let response: Response;
  try {
    response = await fetch(url, {
      method: request.method,
      headers: request.headers,
      redirect: 'manual',
      ...(request.body !== undefined ? { body: request.body } : {}),
    });
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    return { label: request.label, problem: `no answer: ${(err as Error).message} (${cause?.code ?? cause?.message ?? '?'})` };
  }
  const status = response.status;
  statuses.set(status, (statuses.get(status) ?? 0) + 1);
  const type = response.headers.get('content-type') ?? '';
  const text = await response.text();
  if (status >= 500) return { label: request.label, problem: `HTTP ${status} ${text.slice(0, 200)}` };
  if (!response.headers.get('x-request-id')) return { label: request.label, problem: `HTTP ${status} without X-Request-Id` };
  if (status < 400) {
    return documentedSuccess(request.method, url.pathname, status) ? undefined : { label: request.label, problem: `undocumented HTTP ${status}` };
  }
  if (request.method === 'HEAD') return undefined;
  // The static files answer an unsatisfiable Range themselves (HTTP semantics, no error page).
  if (status === 416 && url.pathname.startsWith('/assets/dsfr/')) return undefined;
  if (type.startsWith('application/json')) {
    const body = JSON.parse(text) as { error?: unknown; message?: unknown };
    if (typeof body.error !== 'string' || typeof body.message !== 'string' || body.message.length < 10) {
      return { label: request.label, problem: `HTTP ${status} JSON without { error, message }: ${text.slice(0, 200)}` };
    }
  } else if (type.startsWith('text/html')) {
    if (!text.startsWith('<!doctype html>') || !text.includes('fr-alert')) return { label: request.label, problem: `HTTP ${status} HTML is not an error page` };
  } else {
    return { label: request.label, problem: `HTTP ${status} with content type "${type}"` };
  }
  return undefined;
}

/** Writes the bytes, half-closes, and reads whatever comes back until the server closes (or 5 s pass). */
function sendRaw(port: number, rawCase: RawCase): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const done = () => resolve(Buffer.concat(chunks).toString('latin1'));
    const timer = setTimeout(() => {
      socket.destroy();
      done();
    }, 5000);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      done();
    });
    socket.on('connect', () => {
      socket.end(rawCase.bytes);
    });
  });
}

function checkRaw(rawCase: RawCase, answer: string): Failure | undefined {
  // Interim answers (100 Continue) are not the answer.
  const statuses = [...answer.matchAll(/HTTP\/1\.[01] (\d{3}) /g)].map((m) => Number(m[1])).filter((s) => s >= 200);
  if (statuses.length === 0) return rawCase.silentOk ? undefined : { label: rawCase.label, problem: 'connection closed without an answer' };
  if (statuses.some((s) => s >= 500)) return { label: rawCase.label, problem: `statuses ${statuses.join(', ')}` };
  const first = statuses[0] ?? 0;
  if (first < 400) {
    const line = /^(\S+) (\S+)/.exec(rawCase.bytes.toString('latin1'));
    const pathname = line?.[2] ? new URL(line[2], 'http://x').pathname : '';
    if (!documentedSuccess(line?.[1] ?? '', pathname, first)) return { label: rawCase.label, problem: `undocumented HTTP ${first}` };
  }
  if (answer.includes('"name": "pivot"') || answer.includes('"dependencies"')) return { label: rawCase.label, problem: 'served a file outside the assets' };
  return undefined;
}

async function pool<T>(items: T[], worker: (item: T) => Promise<Failure | undefined>, failures: Failure[]): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < items.length) {
        const item = items[next++] as T;
        const failure = await worker(item);
        if (failure) failures.push(failure);
      }
    }),
  );
}

function report(failures: Failure[]): string {
  return `PIVOT_FUZZ_SEED=${SEED}: ${failures.length} failure(s)\n${failures
    .slice(0, 25)
    .map((f) => `  - ${f.label}: ${f.problem}`)
    .join('\n')}`;
}

describe(`fuzzing the backend (seed ${SEED})`, () => {
  it(`answers ${REQUESTS} malformed HTTP requests with 4xx (or a documented success), never 5xx`, { timeout: 300_000 }, async () => {
    onTestFailed(() => console.error(`Fuzz seed: PIVOT_FUZZ_SEED=${SEED}`));
    const random = prng(SEED);
    const requests = Array.from({ length: REQUESTS }, () => fuzzRequest(random, handle, BODY_LIMIT));
    const failures: Failure[] = [];
    await pool(requests, send, failures);
    const summary = [...statuses].sort(([a], [b]) => a - b).map(([status, count]) => `${status}×${count}`);
    console.log(`fuzz seed ${SEED}: ${REQUESTS} requests, answers ${summary.join(' ')}`);
    expect(failures, report(failures)).toEqual([]);
  });

  it('answers raw sockets speaking broken HTTP with 4xx, never 5xx, never silence', { timeout: 300_000 }, async () => {
    onTestFailed(() => console.error(`Fuzz seed: PIVOT_FUZZ_SEED=${SEED}`));
    const port = Number(new URL(stack.url).port);
    const cases = rawCases(prng(SEED + 1), handle);
    const failures: Failure[] = [];
    await pool(cases, async (c) => checkRaw(c, await sendRaw(port, c)), failures);
    console.log(`fuzz seed ${SEED}: ${cases.length} raw socket requests`);
    expect(failures, report(failures)).toEqual([]);
  });

  it('keeps serving: the live session still works, and so does a new login', async () => {
    expect((await fetch(new URL('/health', stack.url))).status).toBe(200);
    expect((await getMe(stack.url, handle)).status).toBe(200);
    const fresh = await loginForSession(stack.url);
    const me = await getMe(stack.url, fresh.session);
    expect(me.status).toBe(200);
    expect(((await me.json()) as { identity: { family_name: string } }).identity.family_name).toBeTruthy();
    expect(stack.logs.events('unexpected_error')).toEqual([]);
  });
});
