/**
 * Malformed requests for the backend's fuzz test, drawn from a seeded PRNG so that a failure
 * reproduces: PIVOT_FUZZ_SEED=<seed> runs the same storm again.
 */

/** mulberry32: small, fast, good enough to pick test cases. */
export function prng(seed: number): Random {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  return { next, int, pick, chance: (p: number) => next() < p };
}

export interface Random {
  /** [0, 1) */
  next(): number;
  /** Whole number in [min, max]. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
}

/** A request fetch can send (fetch refuses CONNECT, TRACE, TRACK and header values outside latin-1 or with control characters). */
export interface FuzzRequest {
  method: string;
  /** Path and query, already encoded as they go on the wire. */
  target: string;
  headers: Record<string, string>;
  body?: string | Uint8Array<ArrayBuffer>;
  /** What the case is about, for the failure report. */
  label: string;
}

/** The backend's routes and the method each answers. */
export const ENDPOINTS: readonly (readonly [method: string, path: string])[] = [
  ['GET', '/auth/login'],
  ['GET', '/auth/callback'],
  ['POST', '/auth/exchange'],
  ['POST', '/auth/logout'],
  ['GET', '/auth/logout/callback'],
  ['GET', '/api/me'],
  ['GET', '/api/data'],
  ['GET', '/api/sources'],
  ['GET', '/health'],
  ['GET', '/ready'],
];

export const PATHS = [
  ...ENDPOINTS.map(([, path]) => path),
  '/assets/dsfr/dsfr.min.css',
  '/assets/dsfr/',
  '/assets/dsfr/%',
  '/assets/dsfr/..%2f..%2fpackage.json',
  '/auth',
  '/api',
  '/auth/login/',
  '/AUTH/LOGIN',
  '/auth//login',
  '/api/me/..',
  '/api/me%00',
  '/api/%E0%A4%A',
  '/nope',
  '/',
  '/favicon.ico',
  '/auth/callback;jsessionid=1',
];

const METHODS = ['GET', 'GET', 'GET', 'POST', 'POST', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'PROPFIND', 'MKCOL', 'PURGE', 'LOCK'];

const PARAM_NAMES = [
  'redirect_uri',
  'state',
  'sources',
  'code_challenge',
  'code_challenge_method',
  'code',
  'iss',
  'error',
  'error_description',
  'redirect_uri[]',
  'state[0]',
  'code[a]',
  '__proto__',
  'constructor',
  'toString',
  '',
  '%',
  '%00',
  'é',
];

const EXTENSION_REDIRECTS = [
  'https://ochfhobachhmhddggbhbnbbihocibgpc.chromiumapp.org/',
  'https://53c8a147c00edf330378bd2ff671e625a2758b76.extensions.allizom.org/',
];

/** Strings that have broken parsers before: unicode, control characters, encodings, huge numbers, injections. */
const NASTY = [
  '',
  ' ',
  '\u0000',
  '\u0000\u0001\u0002\u001f\u007f',
  '\r\n',
  '\t',
  'é',
  '💥',
  '\u202e\u2066',
  '\ud800',
  '\uffff',
  'ǅ',
  'Ω≈ç√',
  '%',
  '%%%',
  '%E0%A4%A',
  '%C0%AE%C0%AE',
  '%u0041',
  '..%2f..%2f',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  '"\'><img src=x>',
  "' OR 1=1 --",
  '${7*7}',
  '{{7*7}}',
  'javascript:alert(1)',
  'data:text/html,x',
  'https://evil.example.org/',
  'http://localhost:3000/auth/callback',
  '//evil.example.org',
  'https://ochfhobachhmhddggbhbnbbihocibgpc.chromiumapp.org/../x',
  'https://ochfhobachhmhddggbhbnbbihocibgpc.chromiumapp.org/?code=1',
  'https://OCHFHOBACHHMHDDGGBHBNBBIHOCIBGPC.chromiumapp.org/',
  'NaN',
  'Infinity',
  '-1',
  '1e309',
  '9'.repeat(400),
  'null',
  'undefined',
  'true',
  '[]',
  '{}',
  'S256',
  'plain',
  'all',
  'none',
  'impot_particulier',
  'impot_particulier,impot_particulier',
  ',,,',
  'a'.repeat(43),
  'A'.repeat(44),
  '-'.repeat(43),
];

function randomChars(r: Random, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) {
    const kind = r.int(0, 9);
    if (kind < 5) out += String.fromCharCode(r.int(0x21, 0x7e));
    else if (kind < 7) out += String.fromCharCode(r.int(0, 0x1f));
    else if (kind < 8) out += String.fromCharCode(r.int(0x80, 0x2fff));
    else if (kind < 9) out += String.fromCodePoint(r.int(0x1f300, 0x1faff));
    else out += String.fromCharCode(r.int(0xd800, 0xdfff)); // a lone surrogate
  }
  return out;
}

function nastyValue(r: Random): string {
  switch (r.int(0, 5)) {
    case 0:
      return randomChars(r, r.int(0, 64));
    case 1:
      return r.pick(NASTY).repeat(r.chance(0.1) ? r.int(2, 300) : 1);
    case 2:
      return r.pick(EXTENSION_REDIRECTS);
    case 3:
      return randomToken(r, r.pick([1, 42, 43, 44, 64, 128]));
    case 4:
      return 'x'.repeat(r.pick([1000, 2048, 2049, 4000, 9000]));
    default:
      return r.pick(NASTY);
  }
}

/** Random base64url characters (shaped like handles, codes and states). */
export function randomToken(r: Random, length: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[r.int(0, 63)];
  return out;
}

/** encodeURIComponent, or raw / half-encoded bytes the way a hostile client would send them. */
function encodeLoosely(r: Random, value: string): string {
  let encoded: string;
  try {
    encoded = encodeURIComponent(value);
  } catch {
    // A lone surrogate: send its bytes percent-encoded by hand.
    encoded = [...Buffer.from(value, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
  }
  if (r.chance(0.15)) encoded = encoded.replace(/%25/g, '%').replace(/%2F/gi, '/');
  if (r.chance(0.05)) encoded += '%';
  if (r.chance(0.05)) encoded = encoded.replace(/%20/g, '+');
  return encoded;
}

function queryString(r: Random): string {
  if (r.chance(0.1)) return r.pick(['', '?', '??', '?&&&', '?=', '?=&=', `?${'a=1&'.repeat(r.int(100, 2000))}`, '?%', '?a=%zz', '?#frag']);
  const parts: string[] = [];
  const count = r.int(0, 8);
  for (let i = 0; i < count; i++) {
    const name = r.chance(0.8) ? r.pick(PARAM_NAMES) : randomChars(r, r.int(1, 12));
    const value = nastyValue(r);
    parts.push(`${encodeLoosely(r, name)}${r.chance(0.05) ? '' : `=${encodeLoosely(r, value)}`}`);
    if (r.chance(0.2)) parts.push(`${encodeLoosely(r, name)}=${encodeLoosely(r, nastyValue(r))}`); // duplicated
  }
  return parts.length > 0 ? `?${parts.join('&')}` : '';
}

/** A value fetch will put in a header: latin-1 without control characters but tab (raw cases send the rest). */
function headerSafe(value: string): string {
  return [...value]
    .map((c) => {
      const code = c.charCodeAt(0);
      return code > 0xff || (code < 0x20 && code !== 9) || code === 0x7f ? '?' : c;
    })
    .join('')
    .trim();
}

function authorization(r: Random, handle: string): string {
  const token = r.chance(0.3) ? handle : randomToken(r, r.pick([0, 1, 42, 43, 44, 200]));
  return headerSafe(
    r.pick([
      `Bearer ${token}`,
      `bearer ${token}`,
      `Bearer  ${token}`,
      `Bearer ${token} ${token}`,
      `Bearer ${token}, Bearer ${token}`,
      `Bearer`,
      `Bearer `,
      `Basic ${Buffer.from('a:b').toString('base64')}`,
      `Digest username="x"`,
      `Bearer ${token}\t`,
      `Bearer ${randomChars(r, 20)}`,
      `Bearer ${'A'.repeat(r.pick([100, 5000]))}`,
      randomChars(r, r.int(1, 50)),
      `Bearer ${token}=`,
      `Bearer ${token}.${token}`,
    ]),
  );
}

function jsonBody(r: Random): string {
  const values: unknown[] = [
    null,
    true,
    0,
    -1,
    1e308,
    'code',
    [],
    {},
    [1, 2, 3],
    { code: 123 },
    { code: null },
    { code: ['a'.repeat(43)] },
    { code: { $gt: '' } },
    { code: 'a'.repeat(43), code_verifier: 42 },
    { code: 'a'.repeat(43), code_verifier: 'short' },
    { code: randomToken(r, 43), code_verifier: randomToken(r, 43) },
    { code: randomToken(r, 43) },
    { __proto__: { polluted: true }, code: 'x' },
    { constructor: { prototype: { polluted: true } } },
    { redirect_uri: r.pick(EXTENSION_REDIRECTS), state: nastyValue(r) },
    { redirect_uri: nastyValue(r) },
    { redirect_uri: 42, state: [] },
    { state: 'x'.repeat(600) },
    { code: nastyValue(r), extra: nastyValue(r) },
  ];
  const value = r.pick(values);
  switch (r.int(0, 9)) {
    case 0:
      return '{"code": ';
    case 1:
      return randomChars(r, r.int(1, 200));
    case 2:
      return `${'['.repeat(r.int(100, 20_000))}${']'.repeat(r.int(0, 100))}`;
    case 3:
      return `{"a":${'{"a":'.repeat(2000)}1${'}'.repeat(2001)}`;
    case 4:
      return JSON.stringify(value).replace(/"/g, "'");
    case 5:
      return `${JSON.stringify(value)}${JSON.stringify(value)}`;
    default:
      return JSON.stringify(value) ?? 'undefined';
  }
}

const CONTENT_TYPES = [
  'application/json',
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=latin1',
  'application/json; charset=utf-16',
  'application/json; charset=nonsense',
  'application/merge-patch+json',
  'application/x-www-form-urlencoded',
  'text/plain',
  'text/html',
  'multipart/form-data; boundary=x',
  'application/xml',
  'application/octet-stream',
  '*/*',
  'json',
  ';;;',
  'application/json, text/plain',
];

function body(r: Random, limit: number): { body?: string | Uint8Array<ArrayBuffer>; headers: Record<string, string> } {
  const headers: Record<string, string> = {};
  const kind = r.int(0, 9);
  let payload: string | Uint8Array<ArrayBuffer> | undefined;
  if (kind <= 4) payload = jsonBody(r);
  else if (kind === 5) payload = `code=${encodeLoosely(r, nastyValue(r))}&code_verifier=${encodeLoosely(r, nastyValue(r))}&${'a=1&'.repeat(r.int(0, 200))}`;
  else if (kind === 6) payload = 'x'.repeat(r.pick([limit - 1, limit + 1, limit * 4, 256 * 1024, 1024 * 1024]));
  else if (kind === 7) payload = Uint8Array.from({ length: r.int(1, 2000) }, () => r.int(0, 255));
  else if (kind === 8) payload = JSON.stringify({ code: 'y'.repeat(r.pick([limit, limit * 2, 100_000])) });
  if (r.chance(0.9)) headers['content-type'] = r.pick(CONTENT_TYPES);
  if (r.chance(0.05)) headers['content-encoding'] = r.pick(['gzip', 'br', 'identity', 'nonsense']);
  return { ...(payload !== undefined ? { body: payload } : {}), headers };
}

/** One malformed (or merely odd) request for `path`, possibly carrying `handle`, a live session. */
export function fuzzRequest(r: Random, handle: string, bodyLimit: number): FuzzRequest {
  // Mostly a real route with its own method (malformed in every other way), else anything.
  const endpoint = r.chance(0.65) ? r.pick(ENDPOINTS) : undefined;
  const path = endpoint?.[1] ?? (r.chance(0.85) ? r.pick(PATHS) : `/${encodeLoosely(r, randomChars(r, r.int(1, 30)))}`);
  const method = endpoint && r.chance(0.85) ? endpoint[0] : r.pick(METHODS);
  const headers: Record<string, string> = {};
  let requestBody: string | Uint8Array<ArrayBuffer> | undefined;
  if (method !== 'GET' && method !== 'HEAD' && r.chance(0.8)) {
    const b = body(r, bodyLimit);
    Object.assign(headers, b.headers);
    requestBody = b.body;
  }
  // Never log out the live session the test keeps for later.
  if (r.chance(0.5)) headers.authorization = authorization(r, path.toLowerCase().includes('logout') ? randomToken(r, 43) : handle);
  if (r.chance(0.2)) headers.cookie = headerSafe(`pivot_login_${randomToken(r, r.int(0, 20))}=${nastyValue(r)}; ${randomChars(r, 10)}`);
  if (r.chance(0.2)) headers['x-request-id'] = headerSafe(nastyValue(r));
  if (r.chance(0.2)) headers.origin = headerSafe(r.pick(['null', 'chrome-extension://ochfhobachhmhddggbhbnbbihocibgpc', 'https://evil.example.org', nastyValue(r)]));
  if (r.chance(0.2)) headers.accept = headerSafe(r.pick(['text/html', 'application/json', '*/*', 'text/html;q=0, application/json;q=0', nastyValue(r)]));
  if (r.chance(0.05)) headers['x-forwarded-for'] = headerSafe(r.pick(['1.2.3.4', '::1', 'nonsense', nastyValue(r)]));
  if (r.chance(0.05)) headers['access-control-request-method'] = headerSafe(r.pick(['POST', 'GET', nastyValue(r)]));
  if (r.chance(0.05)) headers.range = headerSafe(r.pick(['bytes=0-1', 'bytes=-1', 'bytes=99999999-', 'bytes=a-b', nastyValue(r)]));
  if (r.chance(0.05)) headers['if-none-match'] = headerSafe(nastyValue(r));
  for (const [name, value] of Object.entries(headers)) if (value === '' && name !== 'authorization') delete headers[name];
  const target = `${path}${queryString(r)}`;
  const size = requestBody === undefined ? 0 : typeof requestBody === 'string' ? requestBody.length : requestBody.byteLength;
  return { method, target, headers, ...(requestBody !== undefined ? { body: requestBody } : {}), label: `${method} ${target.slice(0, 120)} (${size} B body)` };
}

/** Raw HTTP/1.x byte sequences fetch would never send. Each should get a 4xx answer, or (`silentOk`) none. */
export interface RawCase {
  label: string;
  bytes: Buffer;
  /** The client stops mid-request: the server may rightly say nothing. */
  silentOk?: boolean;
}

export function rawCases(r: Random, handle: string): RawCase[] {
  const long = 'a'.repeat(20_000);
  const fixed: RawCase[] = [
    { label: 'random bytes', bytes: Buffer.from(Array.from({ length: 200 }, () => r.int(0, 255))) },
    { label: 'HTTP/0.9', bytes: Buffer.from('GET /health\r\n\r\n') },
    { label: 'HTTP/0.9 to an asynchronous route', bytes: Buffer.from('GET /assets/dsfr/\r\n\r\n') },
    {
      label: 'GET with a body, half-closed, asynchronous route',
      bytes: Buffer.from('GET /assets/dsfr/dsfr.min.css HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}'),
    },
    { label: 'HTTP/2 preface', bytes: Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n') },
    { label: 'HTTP/3.0', bytes: Buffer.from('GET /health HTTP/3.0\r\nHost: x\r\n\r\n') },
    { label: 'no Host', bytes: Buffer.from('GET /api/me HTTP/1.1\r\n\r\n') },
    { label: 'two Hosts', bytes: Buffer.from('GET /api/me HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n') },
    { label: 'header without colon', bytes: Buffer.from('GET /api/me HTTP/1.1\r\nHost: x\r\nBroken header\r\n\r\n') },
    { label: 'space before colon', bytes: Buffer.from('GET /api/me HTTP/1.1\r\nHost : x\r\n\r\n') },
    { label: 'NUL in header', bytes: Buffer.from('GET /api/me HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer a\u0000b\r\n\r\n') },
    { label: 'LF only', bytes: Buffer.from('GET /api/me HTTP/1.1\nHost: x\n\n') },
    { label: 'bare CR', bytes: Buffer.from('GET /api/me HTTP/1.1\rHost: x\r\n\r\n') },
    { label: 'obs-fold', bytes: Buffer.from('GET /api/me HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer\r\n abc\r\n\r\n') },
    { label: 'unknown method', bytes: Buffer.from('FOO /api/me HTTP/1.1\r\nHost: x\r\n\r\n') },
    { label: 'lowercase method', bytes: Buffer.from('get /api/me HTTP/1.1\r\nHost: x\r\n\r\n') },
    { label: 'CONNECT', bytes: Buffer.from('CONNECT evil.example.org:443 HTTP/1.1\r\nHost: evil.example.org:443\r\n\r\n') },
    { label: 'TRACE', bytes: Buffer.from('TRACE /api/me HTTP/1.1\r\nHost: x\r\nCookie: secret\r\n\r\n') },
    { label: 'TRACK', bytes: Buffer.from('TRACK /api/me HTTP/1.1\r\nHost: x\r\n\r\n') },
    { label: 'absolute-form target', bytes: Buffer.from('GET http://evil.example.org/api/me HTTP/1.1\r\nHost: x\r\n\r\n') },
    { label: 'asterisk target', bytes: Buffer.from('OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n') },
    { label: 'path traversal', bytes: Buffer.from('GET /assets/dsfr/../../../package.json HTTP/1.1\r\nHost: x\r\n\r\n') },
    { label: 'encoded traversal', bytes: Buffer.from('GET /assets/dsfr/%2e%2e/%2e%2e/%2e%2e/package.json HTTP/1.1\r\nHost: x\r\n\r\n') },
    { label: 'backslash traversal', bytes: Buffer.from('GET /assets/dsfr/..\\..\\..\\package.json HTTP/1.1\r\nHost: x\r\n\r\n') },
    { label: 'space in target', bytes: Buffer.from('GET /api/me x HTTP/1.1\r\nHost: x\r\n\r\n') },
    { label: 'raw UTF-8 in target', bytes: Buffer.from('GET /auth/login?redirect_uri=é💥 HTTP/1.1\r\nHost: x\r\n\r\n') },
    { label: 'URL of 20 kB', bytes: Buffer.from(`GET /auth/login?state=${long} HTTP/1.1\r\nHost: x\r\n\r\n`) },
    { label: 'header of 20 kB', bytes: Buffer.from(`GET /api/me HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${long}\r\n\r\n`) },
    { label: '3000 headers', bytes: Buffer.from(`GET /api/me HTTP/1.1\r\nHost: x\r\n${'X-A: 1\r\n'.repeat(3000)}\r\n`) },
    { label: 'two Content-Lengths', bytes: Buffer.from('POST /auth/exchange HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 4\r\n\r\n{}{}') },
    { label: 'Content-Length and chunked', bytes: Buffer.from('POST /auth/exchange HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n') },
    { label: 'negative Content-Length', bytes: Buffer.from('POST /auth/exchange HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: -1\r\n\r\n{}') },
    { label: 'huge Content-Length', bytes: Buffer.from('POST /auth/exchange HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 99999999999999999999\r\n\r\n{}') },
    { label: 'bad chunk size', bytes: Buffer.from('POST /auth/exchange HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n') },
    { label: 'unknown transfer coding', bytes: Buffer.from('POST /auth/exchange HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: gzip\r\n\r\n{}') },
    { label: 'chunked JSON over the limit', bytes: Buffer.from(`POST /auth/exchange HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n${'4000\r\n' + 'a'.repeat(0x4000) + '\r\n'}0\r\n\r\n`) },
    { label: 'Expect: 100-continue', bytes: Buffer.from('POST /auth/exchange HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n{}') },
    { label: 'Expect: nonsense', bytes: Buffer.from('POST /auth/exchange HTTP/1.1\r\nHost: x\r\nExpect: nonsense\r\nContent-Length: 0\r\n\r\n') },
    { label: 'Upgrade: websocket', bytes: Buffer.from('GET /api/me HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n') },
    { label: 'Upgrade: h2c', bytes: Buffer.from('GET /api/me HTTP/1.1\r\nHost: x\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n') },
    {
      label: 'pipelined requests',
      bytes: Buffer.from(`GET /api/me HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${handle.slice(0, 10)}\r\n\r\nGET /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`),
    },
    { label: 'body shorter than announced', bytes: Buffer.from('POST /auth/exchange HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"code":'), silentOk: true },
    { label: 'headers cut short', bytes: Buffer.from('GET /api/me HTTP/1.1\r\nHost: x\r\nAuthoriz'), silentOk: true },
    { label: 'nothing at all', bytes: Buffer.alloc(0), silentOk: true },
  ];
  const generated: RawCase[] = [];
  for (let i = 0; i < 200; i++) {
    const path = r.pick(PATHS);
    const method = r.pick(['GET', 'POST', 'DELETE', 'PUT', 'BREW', 'GET', 'POST']);
    const version = r.pick(['HTTP/1.1', 'HTTP/1.1', 'HTTP/1.0', 'HTTP/1.2', 'HTTP/9.9', 'http/1.1', '']);
    const lines = [`${method} ${path}${r.chance(0.5) ? `?${randomChars(r, r.int(1, 40)).replace(/[\r\n ]/g, '')}` : ''} ${version}`.trimEnd()];
    if (r.chance(0.9)) lines.push('Host: x');
    const headerCount = r.int(0, 4);
    for (let h = 0; h < headerCount; h++) {
      lines.push(`${r.pick(['Authorization', 'Content-Type', 'Cookie', 'X-Request-Id', 'Origin', randomChars(r, 6)])}: ${randomChars(r, r.int(0, 40))}`);
    }
    const payload = r.chance(0.4) ? jsonBody(r) : '';
    if (payload) lines.push(`Content-Length: ${r.chance(0.8) ? Buffer.byteLength(payload) : r.int(0, Buffer.byteLength(payload))}`);
    lines.push('Connection: close');
    generated.push({ label: `generated ${lines[0]?.slice(0, 80)}`, bytes: Buffer.from(`${lines.join('\r\n')}\r\n\r\n${payload}`) });
  }
  return [...fixed, ...generated];
}
