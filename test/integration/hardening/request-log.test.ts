import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestLog } from '../../../backend/http/request-log';
import { createLogger } from '../../../backend/log';

/** The request line's level: probes stay at debug whatever they answer; other 5xx are errors. */

const lines: { level: number; path?: string; status?: number }[] = [];
const destination = { write: (line: string) => void lines.push(JSON.parse(line) as { level: number }) };
let server: Server;
let url: string;

beforeAll(async () => {
  const app = express();
  app.use(requestLog(createLogger('debug', { destination })));
  app.get(['/ready', '/health', '/api/broken'], (_req, res) => {
    res.status(503).json({ ok: false });
  });
  app.get('/api/ok', (_req, res) => {
    res.json({ ok: true });
  });
  server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server?.close();
});

async function levelOf(path: string): Promise<number | undefined> {
  await (await fetch(`${url}${path}`)).arrayBuffer();
  await expect.poll(() => lines.some((l) => l.path === path)).toBe(true);
  return lines.find((l) => l.path === path)?.level;
}

describe('the request line', () => {
  it('of /ready and /health answering 503: debug, not one error line per probe during an outage', async () => {
    expect(await levelOf('/ready')).toBe(20);
    expect(await levelOf('/health')).toBe(20);
  });

  it('of any other 5xx: error; of a 2xx: info', async () => {
    expect(await levelOf('/api/broken')).toBe(50);
    expect(await levelOf('/api/ok')).toBe(30);
  });
});
