import { describe, expect, it } from 'vitest';
import { backendUrlProblem, hostPermissionFor, isDefaultBackend, normaliseBackendUrl } from '../../../extension/lib/config';

describe('backend URL', () => {
  it.each([
    ['http://localhost:3000', 'http://localhost:3000'],
    ['http://localhost:3000/', 'http://localhost:3000'],
    ['  http://127.0.0.1:4000/  ', 'http://127.0.0.1:4000'],
    ['https://pivot.example.fr', 'https://pivot.example.fr'],
    ['https://example.fr/pivot/', 'https://example.fr/pivot'],
    ['HTTPS://Pivot.Example.FR:443/', 'https://pivot.example.fr'],
  ])('accepts %s as %s', (input, expected) => {
    expect(normaliseBackendUrl(input)).toEqual({ ok: true, url: expected });
  });

  it.each([
    ['', 'invalid'],
    ['localhost:3000', 'scheme'],
    ['ftp://example.fr', 'scheme'],
    ['http://pivot.example.fr', 'insecure'],
    ['http://192.168.1.10:3000', 'insecure'],
    ['https://user:pw@example.fr', 'credentials'],
    ['https://example.fr/?next=1', 'query'],
    ['https://example.fr/#x', 'query'],
  ] as const)('refuses %j (%s) with a French reason', (input, reason) => {
    expect(normaliseBackendUrl(input)).toEqual({ ok: false, reason });
    expect(backendUrlProblem(reason)).toMatch(/adresse/i);
  });

  it('asks Chrome for the host with its port, Firefox for the host on every port', () => {
    expect(hostPermissionFor('http://localhost:4000', false)).toBe('http://localhost:4000/*');
    expect(hostPermissionFor('https://example.fr/pivot', false)).toBe('https://example.fr/*');
    expect(hostPermissionFor('http://127.0.0.1:4000', true)).toBe('http://127.0.0.1/*');
  });

  it('knows the default backend', () => {
    expect(isDefaultBackend('http://localhost:3000')).toBe(true);
    expect(isDefaultBackend('http://localhost:3001')).toBe(false);
  });
});
