// @vitest-environment node
import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  DEFAULT_FC_CLIENT_ID,
  DEFAULT_FC_CLIENT_SECRET,
  DEFAULT_FC_SCOPES,
  loadConfig,
} from '../../../backend/config';

function problemsOf(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig defaults', () => {
  it('runs against the embedded simulator with the fixed client when nothing is set', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.publicUrl).toBe('http://localhost:3000');
    expect(config.callbackUrl).toBe('http://localhost:3000/auth/callback');
    expect(config.logoutCallbackUrl).toBe('http://localhost:3000/auth/logout/callback');
    expect(config.franceConnect).toEqual({
      issuer: 'http://localhost:3100/api/v2',
      clientId: DEFAULT_FC_CLIENT_ID,
      clientSecret: DEFAULT_FC_CLIENT_SECRET,
      scopes: DEFAULT_FC_SCOPES,
      signingAlg: 'ES256',
      timeoutMs: 10_000,
    });
    expect(config.extensionRedirectUrls).toEqual([
      'https://ochfhobachhmhddggbhbnbbihocibgpc.chromiumapp.org/',
      'https://53c8a147c00edf330378bd2ff671e625a2758b76.extensions.allizom.org/',
    ]);
    expect(config.session).toEqual({ secret: undefined, idleTimeoutSeconds: 1800, maxAgeSeconds: 28800 });
    expect(config.logLevel).toBe('info');
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '', FC_ISSUER: ' ', LOG_LEVEL: '' }).port).toBe(3000);
  });

  it('follows PORT in the default PUBLIC_URL', () => {
    expect(loadConfig({ PORT: '4000' }).publicUrl).toBe('http://localhost:4000');
  });

  it('accepts FranceConnect’s integration platform and a public https backend', () => {
    const config = loadConfig({
      PUBLIC_URL: 'https://pivot.example.org/',
      FC_ISSUER: 'https://fcp-low.sbx.dev-franceconnect.fr/api/v2',
      FC_CLIENT_ID: 'abc',
      FC_CLIENT_SECRET: 'x'.repeat(64),
      FC_SCOPES: 'openid given_name,family_name',
      FC_SIGNING_ALG: 'RS256',
      EXTENSION_REDIRECT_URLS: 'https://abc.chromiumapp.org, https://def.extensions.allizom.org/cb',
      SESSION_SECRET: 's'.repeat(32),
      SESSION_IDLE_TIMEOUT: '600',
      SESSION_MAX_AGE: '3600',
      LOG_LEVEL: 'DEBUG',
    });
    expect(config.publicUrl).toBe('https://pivot.example.org');
    expect(config.callbackUrl).toBe('https://pivot.example.org/auth/callback');
    expect(config.franceConnect.issuer).toBe('https://fcp-low.sbx.dev-franceconnect.fr/api/v2');
    expect(config.franceConnect.scopes).toEqual(['openid', 'given_name', 'family_name']);
    expect(config.franceConnect.signingAlg).toBe('RS256');
    expect(config.extensionRedirectUrls).toEqual(['https://abc.chromiumapp.org/', 'https://def.extensions.allizom.org/cb']);
    expect(config.session).toEqual({ secret: 's'.repeat(32), idleTimeoutSeconds: 600, maxAgeSeconds: 3600 });
    expect(config.logLevel).toBe('debug');
  });

  it('keeps a path prefix in PUBLIC_URL', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://example.org/pivot' }).callbackUrl).toBe('https://example.org/pivot/auth/callback');
  });

  it('accepts plain http on every loopback form', () => {
    for (const issuer of ['http://localhost:3100/api/v2', 'http://127.0.0.1:3100/api/v2', 'http://[::1]:3100/api/v2']) {
      expect(loadConfig({ FC_ISSUER: issuer }).franceConnect.issuer).toBe(issuer);
    }
  });
});

describe('loadConfig refusals name the variable at fault', () => {
  it.each([
    ['PORT', 'abc', /PORT: must be a whole number/],
    ['PORT', '70000', /PORT: must be at most 65535/],
    ['PUBLIC_URL', 'not a url', /PUBLIC_URL: must be an absolute URL/],
    ['PUBLIC_URL', 'http://pivot.example.org', /PUBLIC_URL: must use https/],
    ['PUBLIC_URL', 'https://pivot.example.org/?x=1', /PUBLIC_URL: must not carry a query/],
    ['FC_ISSUER', 'ftp://localhost/api/v2', /FC_ISSUER: must be an http\(s\) URL/],
    ['FC_SCOPES', 'given_name family_name', /FC_SCOPES: must include "openid"/],
    ['FC_SCOPES', 'openid "email"', /FC_SCOPES: scopes are words/],
    ['FC_SIGNING_ALG', 'HS256', /FC_SIGNING_ALG: must be ES256 or RS256/],
    ['FC_SIGNING_ALG', 'none', /FC_SIGNING_ALG: must be ES256 or RS256/],
    ['EXTENSION_REDIRECT_URLS', 'https://ok.chromiumapp.org/, http://evil.example.org/', /EXTENSION_REDIRECT_URLS: must use https/],
    ['EXTENSION_REDIRECT_URLS', 'chromiumapp', /EXTENSION_REDIRECT_URLS: must be an absolute URL/],
    ['SESSION_IDLE_TIMEOUT', '10', /SESSION_IDLE_TIMEOUT: must be at least 60/],
    ['SESSION_MAX_AGE', '1.5', /SESSION_MAX_AGE: must be a whole number/],
    ['LOG_LEVEL', 'verbose', /LOG_LEVEL: must be one of fatal, error, warn, info, debug, trace, silent/],
  ])('%s=%j', (variable, value, message) => {
    const error = problemsOf({ [variable]: value });
    expect(error.problems.map((p) => p.variable)).toEqual([variable]);
    expect(error.message).toMatch(message);
    expect(error.message).toMatch(/README\.md/);
  });

  it('refuses a plain-HTTP issuer that is not on loopback', () => {
    const error = problemsOf({ FC_ISSUER: 'http://fcp-low.sbx.dev-franceconnect.fr/api/v2' });
    expect(error.problems).toEqual([
      {
        variable: 'FC_ISSUER',
        message: expect.stringMatching(/must use https: plain http is accepted only on loopback/),
      },
    ]);
  });

  it('refuses short secrets without echoing them', () => {
    const error = problemsOf({ FC_CLIENT_SECRET: 'tooshort-secret', SESSION_SECRET: 'also-short' });
    expect(error.problems.map((p) => p.variable).sort()).toEqual(['FC_CLIENT_SECRET', 'SESSION_SECRET']);
    expect(error.message).toMatch(/FC_CLIENT_SECRET: must be at least 32 characters/);
    expect(error.message).toMatch(/SESSION_SECRET: must be at least 32 characters/);
    expect(error.message).not.toContain('tooshort-secret');
    expect(error.message).not.toContain('also-short');
  });

  it('refuses an absolute lifetime shorter than the idle one', () => {
    const error = problemsOf({ SESSION_IDLE_TIMEOUT: '3600', SESSION_MAX_AGE: '600' });
    expect(error.problems).toEqual([{ variable: 'SESSION_MAX_AGE', message: expect.stringMatching(/SESSION_IDLE_TIMEOUT/) }]);
  });

  it('lists every problem at once', () => {
    const error = problemsOf({ PORT: 'x', FC_ISSUER: 'http://example.org', LOG_LEVEL: 'loud' });
    expect(error.problems.map((p) => p.variable).sort()).toEqual(['FC_ISSUER', 'LOG_LEVEL', 'PORT']);
  });
});
