// @vitest-environment node
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CompactEncrypt, CompactSign, exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChecktokenClient } from '../../../../backend/simulator/providers/checktoken-client.js';

// The data providers' /checktoken client against a fake FranceConnect whose every answer the test
// writes: each check a real data provider must make is exercised by one bad answer.

const ISSUER_PATH = '/api/v2';
const FD = 'fd-under-test';

let server: Server;
let base: string;
let answer: { status: number; type: string; body: string } = { status: 200, type: 'application/token-introspection+jwt', body: '' };
let fdKey: { publicKey: CryptoKey; privateKey: CryptoKey };
let otherFdKey: { publicKey: CryptoKey; privateKey: CryptoKey };
let fcKey: { privateKey: CryptoKey; jwk: JWK };
let rogueKey: CryptoKey;

const IDENTITY = {
  given_name: 'Angela Claire Louise',
  given_name_array: ['Angela', 'Claire', 'Louise'],
  family_name: 'DUBOIS',
  birthdate: '1962-08-24',
  gender: 'female',
  birthplace: '75107',
  birthcountry: '99100',
};
const ACTIVE = { active: true, aud: 'sp', sub: 'x'.repeat(64) + 'v1', iat: 1, exp: 2, acr: 'eidas1', jti: 'j', scope: 'dgfip_rfr dgfip_nbpart', ...IDENTITY };

async function jwe(
  introspection: unknown,
  o: { iss?: string; aud?: string; signWith?: CryptoKey; encryptTo?: CryptoKey; alg?: 'ECDH-ES' | 'RSA-OAEP-256' } = {},
) {
  const payload = { token_introspection: introspection, iss: o.iss ?? `${base}${ISSUER_PATH}`, aud: o.aud ?? FD, iat: Math.floor(Date.now() / 1000) };
  const jws = await new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: 'ES256', kid: 'fc' })
    .sign(o.signWith ?? fcKey.privateKey);
  return new CompactEncrypt(new TextEncoder().encode(jws))
    .setProtectedHeader({ alg: o.alg ?? 'ECDH-ES', enc: 'A256GCM' })
    .encrypt(o.encryptTo ?? fdKey.publicKey);
}

const client = (url = `${base}${ISSUER_PATH}`) =>
  createChecktokenClient({
    checktokenUrl: `${url}/checktoken`,
    jwksUrl: `${base}${ISSUER_PATH}/jwks`,
    issuer: `${base}${ISSUER_PATH}`,
    clientId: FD,
    clientSecret: 's'.repeat(40),
    decryptionKey: fdKey.privateKey,
    encryptionAlg: 'ECDH-ES',
    signingAlg: 'ES256',
    timeoutMs: 2000,
  });

beforeAll(async () => {
  fdKey = await generateKeyPair('ECDH-ES', { crv: 'P-256' });
  otherFdKey = await generateKeyPair('ECDH-ES', { crv: 'P-256' });
  const fc = await generateKeyPair('ES256', { extractable: true });
  fcKey = { privateKey: fc.privateKey, jwk: { ...(await exportJWK(fc.publicKey)), kid: 'fc', alg: 'ES256', use: 'sig' } };
  rogueKey = (await generateKeyPair('ES256')).privateKey;
  server = createServer((req, res) => {
    if (req.url === `${ISSUER_PATH}/jwks`) {
      res.setHeader('content-type', 'application/json');
      return res.end(JSON.stringify({ keys: [fcKey.jwk] }));
    }
    res.statusCode = answer.status;
    res.setHeader('content-type', answer.type);
    res.end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const reply = async (body: string, status = 200, type = 'application/token-introspection+jwt') => {
  answer = { status, type, body };
};

describe('checktoken client', () => {
  it('reads an active token: scopes and identity', async () => {
    await reply(await jwe(ACTIVE));
    const result = await client().check('token');
    expect(result).toEqual({
      status: 'active',
      exp: 2,
      scopes: new Set(['dgfip_rfr', 'dgfip_nbpart']),
      identity: {
        family_name: 'DUBOIS',
        given_name: 'Angela Claire Louise',
        given_name_array: ['Angela', 'Claire', 'Louise'],
        birthdate: '1962-08-24',
        gender: 'female',
        birthcountry: '99100',
      },
    });
  });

  it('reads { active: false }', async () => {
    await reply(await jwe({ active: false }));
    expect(await client().check('token')).toEqual({ status: 'inactive' });
  });

  it('fails (unreachable) when FranceConnect does not answer', async () => {
    const result = await client('http://127.0.0.1:9/api/v2').check('token');
    expect(result).toMatchObject({ status: 'failed', unreachable: true });
  });

  it.each([
    ['401 invalid_client', async () => reply('{"error":"invalid_client","error_description":"Client authentication failed."}', 401, 'application/json'), /401 \(invalid_client\)/],
    ['another content type', async () => reply(await jwe(ACTIVE), 200, 'application/json'), /content type/],
    ['a JWE for another data provider', async () => reply(await jwe(ACTIVE, { encryptTo: otherFdKey.publicKey })), /decrypted/],
    ['an unexpected JWE alg', async () => {
      const rsa = await generateKeyPair('RSA-OAEP-256');
      await reply(await jwe(ACTIVE, { alg: 'RSA-OAEP-256', encryptTo: rsa.publicKey }));
    }, /unexpected JWE header alg=RSA-OAEP-256/],
    ['a JWS signed by someone else', async () => reply(await jwe(ACTIVE, { signWith: rogueKey })), /did not verify/],
    ['another issuer', async () => reply(await jwe(ACTIVE, { iss: 'https://elsewhere.example/api/v2' })), /did not verify \(JWTClaimValidationFailed\)/],
    ['another audience', async () => reply(await jwe(ACTIVE, { aud: 'another-fd' })), /did not verify \(JWTClaimValidationFailed\)/],
    ['an active introspection without identity', async () => reply(await jwe({ active: true, scope: 'dgfip_rfr' })), /malformed/],
  ])('fails on %s', async (_label, arrange, detail) => {
    await arrange();
    const result = await client().check('token');
    expect(result).toMatchObject({ status: 'failed', unreachable: false });
    expect(result.status === 'failed' && result.detail).toMatch(detail);
  });
});
