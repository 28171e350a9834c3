/**
 * A scripted walk through the login contract, against a running `npm start`:
 *   npx tsx scripts/login-demo.ts [login] [backend URL]
 * It does what the extension and the citizen do (the same script the integration tests use),
 * printing every hop, then exchanges the handoff code, reads /api/me and logs out.
 */
import { exchange, getMe, loginUrl, runLogin } from '../test/support/login';

const login = process.argv[2] ?? 'test';
const backend = process.argv[3] ?? process.env.PUBLIC_URL ?? 'http://localhost:3000';
const short = (url: string) => (url.length > 140 ? `${url.slice(0, 137)}...` : url);

console.log(`1. The extension opens ${short(loginUrl(backend, { state: 'demo' }).href)}`);
const outcome = await runLogin(backend, {
  login,
  password: '123',
  state: 'demo',
  onStep: ({ method, url, status, location }) =>
    console.log(`   ${method.padEnd(4)} ${short(url.href)}\n        → ${status}${location ? ` ${short(new URL(location, url).href)}` : ''}`),
});
if (outcome.kind !== 'extension') {
  console.error(`The login did not reach the extension URL (ended on ${outcome.url.href}).`);
  process.exit(1);
}
const code = outcome.url.searchParams.get('code');
if (!code) {
  console.error(`The backend refused the login: ${outcome.url.searchParams.get('error')} — ${outcome.url.searchParams.get('error_description')}`);
  process.exit(1);
}
console.log(`2. The browser hands the extension ${outcome.url.origin}/?code=<handoff code>&state=${outcome.url.searchParams.get('state')}`);

const exchanged = await exchange(backend, { code });
const { session, expires_in } = (await exchanged.json()) as { session: string; expires_in: number };
console.log(`3. POST /auth/exchange {"code": "<handoff code>"} → ${exchanged.status} {"session": "<${session.length} characters>", "expires_in": ${expires_in}}`);

const me = await getMe(backend, session);
console.log(`4. GET /api/me (Authorization: Bearer <session>) → ${me.status}`);
console.log(JSON.stringify(await me.json(), null, 2).replace(/^/gm, '   '));

const logout = await fetch(new URL('/auth/logout', backend), { method: 'POST', headers: { authorization: `Bearer ${session}` } });
const { logoutUrl } = (await logout.json()) as { logoutUrl: string };
console.log(`5. POST /auth/logout → ${logout.status} {"logoutUrl": "${short(logoutUrl)}"}`);
console.log(`6. GET /api/me with the same handle → ${(await getMe(backend, session)).status}`);
