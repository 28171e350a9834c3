import { type ChildProcess, spawn } from 'node:child_process';
import { createServer as createHttpServer, type ServerResponse } from 'node:http';
import { type AddressInfo, connect, createServer } from 'node:net';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSimulator, startSimulator } from '../../../backend/simulator/index';
import { handoffCode, navigate, runLogin } from '../../support/login';
import { pivotClientAt } from '../../support/stack';

/**
 * SIGTERM stops the backend gracefully. The backend runs as its own process (`tsx
 * backend/server.ts`) against a simulator started here; France Travail's base URL points at a
 * gate, an HTTP server of the test's that holds the provider call, so a login's callback is in
 * flight for as long as the test wants. Then: SIGTERM, new connections are refused, the gate opens,
 * the callback completes, and the process exits 0.
 */

const ROOT = resolve(import.meta.dirname, '../../..');
const TSX = resolve(ROOT, 'node_modules/.bin/tsx');

let simulator: RunningSimulator;
let child: ChildProcess | undefined;
let output = '';
let backendUrl: string;
let port: number;

const gate = (() => {
  const held: ServerResponse[] = [];
  let arrived: () => void = () => {};
  const arrival = new Promise<void>((r) => (arrived = r));
  const server = createHttpServer((_req, res) => {
    held.push(res);
    arrived();
  });
  return {
    server,
    arrival,
    /** Answers every held call: France Travail does not know this citizen. */
    open() {
      for (const res of held.splice(0)) res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"inconnu"}');
    },
  };
})();

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port: p } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return p;
}

/** 'refused' once nothing listens on the port any more; 'accepted' while something does. */
function probe(): Promise<'accepted' | 'refused'> {
  return new Promise((done) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      done('accepted');
    });
    socket.once('error', () => done('refused'));
  });
}

async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not happen; backend output:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  await new Promise<void>((r) => gate.server.listen(0, '127.0.0.1', r));
  const gateUrl = `http://127.0.0.1:${(gate.server.address() as AddressInfo).port}`;
  port = await freePort();
  backendUrl = `http://127.0.0.1:${port}`;
  simulator = await startSimulator({
    port: 0,
    includeDefaultClient: false,
    clients: [
      pivotClientAt(backendUrl),
    ],
  });
  child = spawn(TSX, ['backend/server.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: backendUrl,
      FC_ISSUER: simulator.issuer,
      DATA_SOURCES: 'france_travail_statut',
      FRANCE_TRAVAIL_BASE_URL: gateUrl,
      DATA_TIMEOUT_MS: '30000',
      SHUTDOWN_TIMEOUT_MS: '30000',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await until('the backend being ready', async () => ((await fetch(`${backendUrl}/ready`)).status === 200 ? true : undefined));
}, 60_000);

afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  gate.open();
  gate.server.closeAllConnections();
  gate.server.close();
  await simulator?.close();
});

describe('SIGTERM', () => {
  it('lets the request in flight finish, refuses new connections, then exits 0', async () => {
    const atCallback = await runLogin(backendUrl, { sources: 'france_travail_statut', stopAtCallback: true });
    if (atCallback.kind !== 'callback') throw new Error(`login stopped on ${atCallback.kind}`);
    // The callback runs the data step, which waits at the gate.
    const finishing = navigate(atCallback.browser, atCallback.url, backendUrl);
    await gate.arrival;

    const exited = new Promise<number | null>((r) => child?.once('exit', (code) => r(code)));
    child?.kill('SIGTERM');
    await until('the listening socket closing', async () => ((await probe()) === 'refused' ? true : undefined));

    gate.open();
    const outcome = await finishing;
    expect(outcome.kind).toBe('extension');
    expect(handoffCode(outcome)).toMatch(/^[A-Za-z0-9_-]{43}$/);

    expect(await exited).toBe(0);
    const events = output
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => (JSON.parse(l) as { event?: string }).event);
    expect(events).toEqual(expect.arrayContaining(['signal', 'stopping', 'stopped']));
    expect(events).not.toContain('stop_cut');
  });
});
