// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../backend/config';
import { extensionOrigins } from '../../../backend/service-config';

function problems(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.message;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('service settings', () => {
  it('have generous defaults', () => {
    const config = loadConfig({});
    expect(config.franceConnect.timeoutMs).toBe(10_000);
    expect(config.body).toEqual({ limitBytes: 8 * 1024 });
    expect(config.rateLimit).toEqual({ windowSeconds: 60, auth: 300, api: 1200 });
    expect(config.shutdownTimeoutMs).toBe(10_000);
    expect(config.trustProxy).toBe(false);
  });

  it('derive the CORS origin of the Chrome extension from its redirect URL', () => {
    expect(loadConfig({}).cors.origins).toEqual(['chrome-extension://ochfhobachhmhddggbhbnbbihocibgpc']);
    expect(extensionOrigins(['https://53c8a147c00edf330378bd2ff671e625a2758b76.extensions.allizom.org/'])).toEqual([]);
  });

  it('take CORS_ORIGINS as given, or none', () => {
    const firefox = 'moz-extension://0f3e2d1c-4b5a-4c6d-8e7f-9a0b1c2d3e4f';
    expect(loadConfig({ CORS_ORIGINS: `chrome-extension://abcdefghijklmnopabcdefghijklmnop, ${firefox}, https://agent.example.org/` }).cors.origins).toEqual([
      'chrome-extension://abcdefghijklmnopabcdefghijklmnop',
      firefox,
      'https://agent.example.org',
    ]);
    expect(loadConfig({ CORS_ORIGINS: 'none' }).cors.origins).toEqual([]);
  });

  it.each([
    ['CORS_ORIGINS', '*', /CORS_ORIGINS: "\*" is not an origin/],
    ['CORS_ORIGINS', 'https://example.org/path', /is not an origin/],
    ['CORS_ORIGINS', 'http://example.org', /is not an origin/],
    ['CORS_ORIGINS', 'chrome-extension://short', /is not an origin/],
    ['FC_TIMEOUT_MS', '10', /FC_TIMEOUT_MS: must be at least 50/],
    ['FC_TIMEOUT_MS', '2s', /FC_TIMEOUT_MS: must be a whole number of milliseconds/],
    ['BODY_LIMIT_BYTES', '10', /BODY_LIMIT_BYTES: must be at least 256/],
    ['RATE_LIMIT_AUTH', '-1', /RATE_LIMIT_AUTH: must be a whole number/],
    ['RATE_LIMIT_WINDOW_S', '0', /RATE_LIMIT_WINDOW_S: must be at least 1/],
    ['KEEP_ALIVE_TIMEOUT_MS', '10', /KEEP_ALIVE_TIMEOUT_MS: must be at least 1000/],
    ['TRUST_PROXY', 'true', /TRUST_PROXY: "true" is not a proxy address/],
    ['TRUST_PROXY', '10.0.0.0/40', /is not a proxy address/],
    ['TRUST_PROXY', '0.0.0.0/0', /TRUST_PROXY: "0.0.0.0\/0" trusts too much of the IPv4 Internet \(a prefix shorter than \/8\)/],
    ['TRUST_PROXY', '10.0.0.0/7', /shorter than \/8/],
    ['TRUST_PROXY', '::/0', /TRUST_PROXY: "::\/0" trusts too much of the IPv6 Internet \(a prefix shorter than \/16\)/],
    ['TRUST_PROXY', 'loopback, 2001::/15', /shorter than \/16/],
  ])('refuse %s=%j', (variable, value, message) => {
    expect(problems({ [variable]: value })).toMatch(message);
  });

  it('read the limits and the proxies', () => {
    const config = loadConfig({
      FC_TIMEOUT_MS: '500',
      BODY_LIMIT_BYTES: '1024',
      RATE_LIMIT_WINDOW_S: '10',
      RATE_LIMIT_AUTH: '5',
      RATE_LIMIT_API: '0',
      SHUTDOWN_TIMEOUT_MS: '2000',
      KEEP_ALIVE_TIMEOUT_MS: '75000',
      TRUST_PROXY: 'loopback, 10.0.0.0/8',
    });
    expect(config.franceConnect.timeoutMs).toBe(500);
    expect(config.body.limitBytes).toBe(1024);
    expect(config.rateLimit).toEqual({ windowSeconds: 10, auth: 5, api: 0 });
    expect(config.shutdownTimeoutMs).toBe(2000);
    expect(config.keepAliveTimeoutMs).toBe(75_000);
    expect(loadConfig({}).keepAliveTimeoutMs).toBe(65_000);
    expect(config.trustProxy).toEqual(['loopback', '10.0.0.0/8']);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, fd00::/16' }).trustProxy).toEqual(['10.0.0.0/8', 'fd00::/16']);
  });
});
