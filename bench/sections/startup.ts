import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import type { Section } from '../types';
import { median } from '../stats';

const RUNS = 3;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Milliseconds from spawning `command` until a line of its output matches `ready`; the process group is then stopped. */
async function timeToReady(command: string, args: string[], ready: RegExp, env: NodeJS.ProcessEnv, cwd: string, timeoutMs: number): Promise<number> {
  const started = performance.now();
  const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    return await new Promise<number>((resolve, reject) => {
      let output = '';
      const timer = setTimeout(() => reject(new Error(`${command} ${args.join(' ')} not ready after ${timeoutMs} ms`)), timeoutMs);
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (ready.test(output)) {
          clearTimeout(timer);
          resolve(performance.now() - started);
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`${command} exited with ${code} before it was ready`));
      });
    });
  } finally {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/**
 * `npm start`, from command to "ready" (the backend has loaded the simulator's discovery), with and
 * without the extension build it runs first; reference: a bare Express app started the same way (tsx).
 */
export const startupSection: Section = {
  id: 'startup',
  title: '`npm start`: time from command to ready',
  budgetMs: 120_000,
  async run({ root, log }) {
    const withBuild: number[] = [];
    const withoutBuild: number[] = [];
    const bare: number[] = [];
    const bareApp = "import express from 'express'; express().get('/', (_q, r) => { r.json({ ok: true }); }).listen(0, '127.0.0.1', () => console.log('ready'));";
    for (let run = 0; run < RUNS; run++) {
      const port = await freePort();
      const simulatorPort = await freePort();
      const env = { PORT: String(port), PUBLIC_URL: `http://localhost:${port}`, SIMULATOR_PORT: String(simulatorPort), LOG_LEVEL: 'warn' };
      withBuild.push(await timeToReady('npm', ['start'], /Ready in/, env, root, 60_000));
      withoutBuild.push(await timeToReady('npx', ['tsx', 'backend/start.ts'], /Ready in/, env, root, 60_000));
      bare.push(await timeToReady('npx', ['tsx', '--eval', bareApp], /ready/, {}, root, 30_000));
      log(`run ${run + 1}: npm start ${withBuild.at(-1)!.toFixed(0)} ms, without build ${withoutBuild.at(-1)!.toFixed(0)} ms, bare Express ${bare.at(-1)!.toFixed(0)} ms`);
    }
    return {
      title: this.title,
      figures: [
        {
          name: '`npm start` (extension build + simulator + backend)',
          value: median(withBuild) / 1000,
          unit: 's',
          better: 'lower',
          reference: { name: 'bare Express app under tsx', value: median(bare) / 1000 },
          detail: `median of ${RUNS}`,
        },
        {
          name: 'simulator + backend only (`tsx backend/start.ts`)',
          value: median(withoutBuild) / 1000,
          unit: 's',
          better: 'lower',
          reference: { name: 'bare Express app under tsx', value: median(bare) / 1000 },
          detail: `median of ${RUNS}`,
        },
      ],
    };
  },
};
