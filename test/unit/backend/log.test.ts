// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../backend/log';

/** pino's redaction: the second line of defence behind careful log calls. */

function capture(): { lines: Record<string, unknown>[]; logger: ReturnType<typeof createLogger> } {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger('trace', { destination: { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) } });
  return { lines, logger };
}

describe('createLogger', () => {
  it('redacts credentials, query strings and fields named like secrets or personal data', () => {
    const { lines, logger } = capture();
    logger.info({
      req: { method: 'GET', url: '/auth/callback?code=c0de&state=s7a7e', headers: { authorization: 'Bearer h4ndle', cookie: 'pivot_login_x=b1nd' } },
      headers: { authorization: 'Bearer h4ndle' },
      accessToken: 'acc3ss',
      nested: { idToken: 'eyJ.1d', code: 'c0de', state: 's7a7e', session: 'h4ndle', identity: { given_name: 'Angela' } },
      url: 'http://localhost/auth/callback?code=c0de',
      event: 'test',
    });
    const text = JSON.stringify(lines);
    for (const secret of ['c0de', 's7a7e', 'h4ndle', 'b1nd', 'acc3ss', 'eyJ.1d', 'Angela']) expect(text).not.toContain(secret);
    expect(lines[0]).toMatchObject({ req: { method: 'GET', path: '/auth/callback' }, url: 'http://localhost/auth/callback?[Redacted]', event: 'test' });
  });

  it('logs errors by type and message only, no stack', () => {
    const { lines, logger } = capture();
    logger.error({ err: new TypeError('boom') });
    expect(lines[0]?.err).toEqual({ type: 'TypeError', message: 'boom' });
  });

  it('adds no request id outside a request', () => {
    const { lines, logger } = capture();
    logger.info({ event: 'x' });
    expect(lines[0]).not.toHaveProperty('reqId');
  });
});
