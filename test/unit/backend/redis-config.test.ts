// @vitest-environment node
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../backend/config';

/** REDIS_URL and what comes with it (issue 7: several instances sharing sessions in Redis). */

const KEY = randomBytes(32);
const SECRET = 'a-shared-session-secret-of-at-least-32-chars';
const REDIS = { REDIS_URL: 'redis://127.0.0.1:6379', SESSION_ENCRYPTION_KEY: KEY.toString('base64'), SESSION_SECRET: SECRET };

function problemsOf(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('Redis configuration', () => {
  it('keeps sessions in memory when REDIS_URL is not set', () => {
    expect(loadConfig({}).redis).toBeUndefined();
    expect(loadConfig({ SESSION_ENCRYPTION_KEY: KEY.toString('hex'), REDIS_KEY_PREFIX: 'x:' }).redis).toBeUndefined();
  });

  it('reads REDIS_URL, the key and the defaults', () => {
    const config = loadConfig(REDIS);
    expect(config.redis).toEqual({ url: 'redis://127.0.0.1:6379', keyPrefix: 'pivot:', encryptionKey: KEY, commandTimeoutMs: 1000 });
    expect(Object.isFrozen(config.redis)).toBe(true);
  });

  it('takes a hex key, TLS, credentials, a prefix and a command timeout', () => {
    const config = loadConfig({
      ...REDIS,
      REDIS_URL: 'rediss://pivot:s3cret@redis.internal:6380/2',
      SESSION_ENCRYPTION_KEY: KEY.toString('hex'),
      REDIS_KEY_PREFIX: 'pivot-staging:',
      REDIS_COMMAND_TIMEOUT_MS: '250',
    });
    expect(config.redis).toEqual({
      url: 'rediss://pivot:s3cret@redis.internal:6380/2',
      keyPrefix: 'pivot-staging:',
      encryptionKey: KEY,
      commandTimeoutMs: 250,
    });
  });

  it('requires SESSION_ENCRYPTION_KEY and a shared SESSION_SECRET with REDIS_URL, and says what to set', () => {
    const error = problemsOf({ REDIS_URL: 'redis://127.0.0.1:6379' });
    const variables = error.problems.map((p) => p.variable);
    expect(variables).toEqual(expect.arrayContaining(['SESSION_ENCRYPTION_KEY', 'SESSION_SECRET']));
    expect(error.message).toContain('openssl rand -base64 32');
    expect(error.problems.find((p) => p.variable === 'SESSION_SECRET')!.message).toMatch(/every instance must share/);
  });

  it.each([
    ['a passphrase', 'my key'],
    ['16 bytes', randomBytes(16).toString('base64')],
    ['33 bytes in hex', randomBytes(33).toString('hex')],
  ])('refuses a SESSION_ENCRYPTION_KEY that is %s, without echoing it', (_label, raw) => {
    const error = problemsOf({ ...REDIS, SESSION_ENCRYPTION_KEY: raw });
    expect(error.problems).toEqual([{ variable: 'SESSION_ENCRYPTION_KEY', message: expect.stringContaining('32 random bytes') }]);
    expect(error.message).not.toContain(raw);
  });

  it.each([
    ['an http URL', 'http://cache.example.test:6379'],
    ['no URL at all', 'cache.example.test:6379'],
    ['no host', 'redis://:only-a-password@'],
  ])('refuses a REDIS_URL that is %s, without echoing it', (_label, raw) => {
    const error = problemsOf({ ...REDIS, REDIS_URL: raw });
    expect(error.problems.map((p) => p.variable)).toEqual(['REDIS_URL']);
    expect(error.problems[0]!.message).toMatch(/redis:\/\//);
    expect(error.problems[0]!.message).not.toContain(raw);
  });

  it('refuses an odd prefix and an out-of-range timeout', () => {
    const error = problemsOf({ ...REDIS, REDIS_KEY_PREFIX: 'has space', REDIS_COMMAND_TIMEOUT_MS: '10' });
    expect(error.problems.map((p) => p.variable).sort()).toEqual(['REDIS_COMMAND_TIMEOUT_MS', 'REDIS_KEY_PREFIX']);
  });

  it('never echoes a password from REDIS_URL', () => {
    const error = problemsOf({ REDIS_URL: 'redis://:hunter2hunter2@127.0.0.1:6379' });
    expect(error.message).not.toContain('hunter2');
  });
});
