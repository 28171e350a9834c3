import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../../backend/simulator/index.js';
import {
  Browser,
  OTHER_CLIENT,
  PIVOT,
  REDIRECT_URI,
  authorizeParams,
  authorizeUrl,
  exchangeCode,
  formsOf,
  loginAndGetCode,
  random,
  textOf,
  verifyJwt,
} from './support.js';

let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, clients: [OTHER_CLIENT] });
});
afterAll(async () => {
  await sim.close();
});

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

async function errorPageOf(response: Response) {
  expect(response.headers.get('content-type')).toMatch(/^text\/html/);
  const page = await response.text();
  const text = textOf(page);
  const code = /code erreur\u00a0: (Y[0-9A-F]+)/.exec(text)?.[1];
  const id = /id erreur\u00a0: (\S+)/.exec(text)?.[1];
  const back = /href="([^"]+)"[^>]*>Revenir sur/.exec(page.replace(/data-testid="back-to-sp-link" /, ''))?.[1];
  return { status: response.status, code, id, text, back: back?.replace(/&amp;/g, '&') };
}

async function authorize(overrides: Record<string, string | undefined>) {
  return fetch(authorizeUrl(sim, overrides), { redirect: 'manual' });
}

/** The redirect FranceConnect sends the citizen back with (303 to the service provider). */
function redirectError(response: Response) {
  expect(response.status).toBe(303);
  const location = new URL(response.headers.get('location') ?? '');
  expect(location.origin + location.pathname).toBe(REDIRECT_URI);
  return Object.fromEntries(location.searchParams);
}

describe('/authorize accepts what FranceConnect accepts', () => {
  it.each([
    ['no prompt', {}],
    ['prompt=login', { prompt: 'login' }],
    ['prompt=consent', { prompt: 'consent' }],
    ['prompt=login consent', { prompt: 'login consent' }],
    ['prompt=consent login', { prompt: 'consent login' }],
    ['a 22-character nonce', { nonce: 'a'.repeat(22) }],
    ['a 64-character nonce with symbols', { nonce: 'nonceatleastsixtyfourcharacterss@#&nonceatleastsixtyfourcharacter' }],
    ['ui_locales', { ui_locales: 'fr-FR' }],
    ['an unknown acr replaced by eidas1', { acr_values: 'eidas0 whatever' }],
    ['eidas1 with a higher level (the lowest is kept)', { acr_values: 'eidas2 eidas1' }],
    ['an unknown scope (ignored)', { scope: 'openid profile not_a_scope' }],
  ])('shows the identity provider choice for %s', async (_label, overrides) => {
    const browser = new Browser();
    const { response } = await browser.follow(await browser.get(authorizeUrl(sim, overrides)), new URL(sim.url).origin);
    expect(response.status).toBe(200);
    const text = textOf(await response.clone().text());
    expect(text).toContain('Choisissez un compte pour vous connecter\u00a0:');
    expect(text).toContain('impots.gouv.fr');
  });

  it('accepts POST /authorize with the same parameters', async () => {
    const browser = new Browser();
    const first = await browser.post(`${sim.issuer}/authorize`, authorizeParams());
    expect(first.status).toBe(303);
    const { response } = await browser.follow(first, new URL(sim.url).origin);
    expect(response.status).toBe(200);
  });

  it('replaces an unknown acr by eidas1 in the ID token', async () => {
    const { code } = await loginAndGetCode(sim, { acr_values: 'whatever' });
    const { payload } = await verifyJwt(sim, (await exchangeCode(sim, code)).id_token, 'ES256');
    expect(payload.acr).toBe('eidas1');
  });
});

describe('/authorize refuses with an error page (no redirect)', () => {
  it.each([
    ['nonce missing', { nonce: undefined }],
    ['nonce shorter than 22 characters', { nonce: 'nonce_trop_court' }],
    ['nonce empty', { nonce: '' }],
    ['state missing', { state: undefined }],
    ['acr_values missing', { acr_values: undefined }],
    ['response_type missing', { response_type: undefined }],
    ['scope missing', { scope: undefined }],
    ['PKCE code_challenge', { code_challenge: random(), code_challenge_method: 'S256' }],
    ['PKCE code_challenge_method alone', { code_challenge_method: 'S256' }],
    ['response_mode', { response_mode: 'query' }],
    ['max_age', { max_age: '0' }],
    ['login_hint', { login_hint: 'test' }],
    ['request object', { request: 'eyJhbGciOiJub25lIn0.e30.' }],
    ['any unknown parameter', { foo: 'bar' }],
    ['prompt=none', { prompt: 'none' }],
    ['prompt=select_account', { prompt: 'select_account' }],
    ['prompt empty', { prompt: '' }],
    ['prompt=login none', { prompt: 'login none' }],
    ['redirect_uri that is not a URL', { redirect_uri: 'example.com' }],
  ] as [string, Record<string, string | undefined>][])('Y030007 when %s, with a link back to the service', async (_label, overrides) => {
    const params = authorizeParams(overrides);
    const error = await errorPageOf(await fetch(`${sim.issuer}/authorize?${new URLSearchParams(params)}`, { redirect: 'manual' }));
    expect(error.status).toBe(400);
    expect(error.code).toBe('Y030007');
    expect(error.id).toMatch(UUID);
    expect(error.text).toContain('Une erreur technique est survenue, fermez l’onglet de votre navigateur et reconnectez-vous.');
    if (overrides.redirect_uri === undefined) {
      const back = new URL(error.back ?? '');
      expect(back.origin + back.pathname).toBe(REDIRECT_URI);
      expect(Object.fromEntries(back.searchParams)).toEqual({
        error: 'invalid_request',
        error_description: 'invalid parameter',
        iss: sim.issuer,
        ...(params.state === undefined ? {} : { state: params.state }),
      });
    } else {
      expect(error.back).toBeUndefined();
    }
  });

  it('Y030007 when a parameter is repeated', async () => {
    const url = `${authorizeUrl(sim)}&state=${random()}`;
    expect((await errorPageOf(await fetch(url, { redirect: 'manual' }))).code).toBe('Y030007');
  });

  it('Y030007 without a back link when client_id is empty', async () => {
    const error = await errorPageOf(await authorize({ client_id: '' }));
    expect(error.code).toBe('Y030007');
    expect(error.back).toBeUndefined();
  });

  it('Y030007 for POST /authorize with bad parameters', async () => {
    const response = await fetch(`${sim.issuer}/authorize`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(authorizeParams({ nonce: 'short' })),
    });
    expect((await errorPageOf(response)).code).toBe('Y030007');
  });

  it.each([['inconnu'], ['client-that-does-not-exist']])('Y04EA6EF for an unknown client (%s), without a back link', async (clientId) => {
    const error = await errorPageOf(await authorize({ client_id: clientId }));
    expect(error.status).toBe(400);
    expect(error.code).toBe('Y04EA6EF');
    expect(error.text).toContain(
      'Une erreur de communication avec le fournisseur de service est survenue. Veuillez réessayer ultérieurement.',
    );
    expect(error.back).toBeUndefined();
  });

  it.each([
    ['another host', 'https://my-malicious-url.fr/callback'],
    ['a trailing slash', `${REDIRECT_URI}/`],
    ['another client’s redirect URI', OTHER_CLIENT.redirect_uris[0]],
  ])('Y04C013C for a redirect_uri not registered (%s), without redirecting', async (_label, redirectUri) => {
    const response = await authorize({ redirect_uri: redirectUri });
    expect(response.headers.get('location')).toBeNull();
    const error = await errorPageOf(response);
    expect(error.status).toBe(400);
    expect(error.code).toBe('Y04C013C');
    expect(error.back).toBeUndefined();
  });

  it('Y100009 when a service provider not allowed to ask for amr asks for it', async () => {
    const error = await errorPageOf(
      await authorize({
        client_id: OTHER_CLIENT.client_id,
        redirect_uri: OTHER_CLIENT.redirect_uris[0],
        scope: 'openid',
        claims: JSON.stringify({ id_token: { amr: { essential: true } } }),
      }),
    );
    expect(error.code).toBe('Y100009');
  });
});

describe('/authorize refuses by redirecting to the service provider', () => {
  it.each([['eidas2'], ['eidas3'], ['eidas3 eidas2']])('invalid_acr for acr_values=%s (FC low only allows eidas1)', async (acr) => {
    const state = random();
    const params = redirectError(await authorize({ acr_values: acr, state }));
    expect(params).toEqual({
      error: 'invalid_acr',
      error_description: `acr_value is not valid, should be equal one of these values, expected eidas1, got ${acr.split(' ').sort()[0]}`,
      state,
      iss: sim.issuer,
    });
  });

  it('invalid_scope for a known scope the service provider may not ask for', async () => {
    const state = random();
    const response = await authorize({
      client_id: OTHER_CLIENT.client_id,
      redirect_uri: OTHER_CLIENT.redirect_uris[0],
      scope: 'openid identite_pivot dgfip_rfr',
      state,
    });
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get('location') ?? '');
    expect(location.origin + location.pathname).toBe(OTHER_CLIENT.redirect_uris[0]);
    expect(Object.fromEntries(location.searchParams)).toEqual({
      error: 'invalid_scope',
      error_description: 'requested scope is not allowed',
      state,
      iss: sim.issuer,
    });
  });

  it.each([['profile'], ['']])('invalid_request when openid is missing (scope=%j)', async (scope) => {
    const state = random();
    expect(redirectError(await authorize({ scope, state }))).toEqual({
      error: 'invalid_request',
      error_description: 'openid scope must be requested when using the acr_values parameter',
      state,
      iss: sim.issuer,
    });
  });

  it.each([
    ['', 'invalid_request', "missing required parameter 'response_type'"],
    ['token', 'unsupported_response_type', 'unsupported response_type requested'],
  ])('response_type=%j → %s', async (responseType, error, description) => {
    const state = random();
    const response = await authorize({ response_type: responseType, state });
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get('location') ?? '');
    const params = Object.fromEntries(location.hash ? new URLSearchParams(location.hash.slice(1)) : location.searchParams);
    expect(params).toMatchObject({ error, error_description: description, state });
  });

  it('invalid_idp_hint for an identity provider that is not offered', async () => {
    const state = random();
    expect(redirectError(await authorize({ idp_hint: 'unknown-idp', state }))).toEqual({
      error: 'invalid_idp_hint',
      error_description: 'An idp_hint was provided but is not allowed',
      state,
      iss: sim.issuer,
    });
  });
});

describe('the citizen’s journey', () => {
  const origin = () => new URL(sim.url).origin;

  it('goes straight to the hinted identity provider with idp_hint', async () => {
    const browser = new Browser();
    const { response } = await browser.follow(await browser.get(authorizeUrl(sim, { idp_hint: 'ameli' })), origin());
    const page = await response.text();
    expect(textOf(page)).toContain('Se connecter avec ameli.fr');
    expect(formsOf(page, response.url)[0]?.fields).toHaveProperty('login');
  });

  it('lists the five identity providers, one form each, and the test accounts on the login page', async () => {
    const browser = new Browser();
    const { response } = await browser.follow(await browser.get(authorizeUrl(sim)), origin());
    const choice = await response.text();
    const forms = formsOf(choice, response.url);
    expect(forms.map((f) => f.fields.idp)).toEqual(['impots', 'ameli', 'laposte', 'mobileconnect', 'msa']);
    for (const name of ['impots.gouv.fr', 'ameli.fr', 'L’Identité Numérique La Poste', 'MobileConnect et moi', 'MSA']) {
      expect(textOf(choice)).toContain(name);
    }
    const login = await browser.follow(await browser.post(forms[0]?.action ?? '', forms[0]?.fields ?? {}), origin());
    const loginPage = await login.response.text();
    expect(Object.keys(formsOf(loginPage, login.response.url)[0]?.fields ?? {}).sort()).toEqual(['login', 'password']);
    for (const account of sim.testAccounts) expect(loginPage).toContain(`<code>${account.login}</code>`);
  });

  it('shows a French error on the login page for a wrong password', async () => {
    const browser = new Browser();
    const { response } = await browser.follow(await browser.get(authorizeUrl(sim, { idp_hint: 'impots' })), origin());
    const form = formsOf(await response.text(), response.url)[0];
    const refused = await browser.post(form?.action ?? '', { login: 'test', password: 'wrong' });
    expect(refused.status).toBe(401);
    const text = textOf(await refused.text());
    expect(text).toContain('Identifiant ou mot de passe incorrect.');
    expect(text).toContain('Se connecter avec impots.gouv.fr');
  });

  it('shows a French error for an unknown login', async () => {
    const browser = new Browser();
    const { response } = await browser.follow(await browser.get(authorizeUrl(sim, { idp_hint: 'msa' })), origin());
    const form = formsOf(await response.text(), response.url)[0];
    const refused = await browser.post(form?.action ?? '', { login: 'personne', password: '123' });
    expect(refused.status).toBe(401);
    expect(textOf(await refused.text())).toContain('Identifiant ou mot de passe incorrect.');
  });

  it('sends access_denied "User auth aborted" when the citizen goes back to the service', async () => {
    const browser = new Browser();
    const state = random();
    const { response } = await browser.follow(await browser.get(authorizeUrl(sim, { state })), origin());
    const page = await response.text();
    const href = /href="([^"]+)"[^>]*>Revenir sur Pivot/.exec(page)?.[1];
    const { exit } = await browser.follow(await browser.get(new URL(href ?? '', response.url).href), origin());
    expect(exit?.origin + (exit?.pathname ?? '')).toBe(REDIRECT_URI);
    expect(Object.fromEntries(exit?.searchParams ?? [])).toEqual({
      error: 'access_denied',
      error_description: 'User auth aborted',
      state,
      iss: sim.issuer,
    });
  });

  it.each([['sans_email'], ['sans_genre']])('ends on error page Y600006 for an incomplete identity (%s), back link sends server_error', async (login) => {
    const browser = new Browser();
    const state = random();
    const { response } = await browser.follow(await browser.get(authorizeUrl(sim, { state, idp_hint: 'impots' })), origin());
    const form = formsOf(await response.text(), response.url)[0];
    const failed = await browser.post(form?.action ?? '', { login, password: '123' });
    const error = await errorPageOf(failed);
    expect(error.status).toBe(400);
    expect(error.code).toBe('Y600006');
    const { exit } = await browser.follow(await browser.get(new URL(error.back ?? '', failed.url).href), origin());
    expect(Object.fromEntries(exit?.searchParams ?? [])).toEqual({
      error: 'server_error',
      error_description: 'authentication aborted due to a technical error on the authorization server',
      state,
      iss: sim.issuer,
    });
  });

  it('skips the consent page when the service provider sends prompt=login', async () => {
    const browser = new Browser();
    const { response } = await browser.follow(await browser.get(authorizeUrl(sim, { prompt: 'login', idp_hint: 'impots' })), origin());
    const form = formsOf(await response.text(), response.url)[0];
    const { exit } = await browser.follow(await browser.post(form?.action ?? '', { login: 'test', password: '123' }), origin());
    expect(exit?.searchParams.get('code')).toBeTruthy();
  });

  it('shows the consent page with the data to be transmitted', async () => {
    const browser = new Browser();
    const { response } = await browser.follow(
      await browser.get(authorizeUrl(sim, { scope: 'openid profile email dgfip_rfr cnous_statut_boursier', idp_hint: 'impots' })),
      origin(),
    );
    const form = formsOf(await response.text(), response.url)[0];
    const consent = await browser.follow(await browser.post(form?.action ?? '', { login: 'test', password: '123' }), origin());
    const text = textOf(await consent.response.text());
    expect(text).toContain('Vous allez vous connecter en tant que\u00a0: Angela Claire Louise DUBOIS');
    for (const label of ['Prénoms', 'Nom de naissance', 'Nom d’usage', 'Date de naissance', 'Sexe', 'Adresse électronique']) {
      expect(text).toContain(label);
    }
    expect(text).toContain('Informations récupérées depuis Direction générale des Finances publiques Revenu fiscal de référence');
    expect(text).toContain('Continuer sur Pivot');
  });

  it('makes the citizen tick the consent checkbox for a private service provider', async () => {
    const browser = new Browser();
    const url = authorizeUrl(sim, {
      client_id: OTHER_CLIENT.client_id,
      redirect_uri: OTHER_CLIENT.redirect_uris[0],
      scope: 'openid email',
      idp_hint: 'laposte',
    });
    const { response } = await browser.follow(await browser.get(url), origin());
    const login = formsOf(await response.text(), response.url)[0];
    const consent = await browser.follow(await browser.post(login?.action ?? '', { login: 'test', password: '123' }), origin());
    const form = formsOf(await consent.response.text(), consent.response.url)[0];
    expect(form?.checkboxes).toEqual([{ name: 'consent', value: 'yes' }]);
    const unticked = await browser.post(form?.action ?? '', form?.fields ?? {});
    expect(unticked.status).toBe(400);
    expect(textOf(await unticked.text())).toContain('Veuillez cocher la case pour accepter le transfert des données.');
    const { exit } = await browser.follow(await browser.post(form?.action ?? '', { consent: 'yes' }), origin());
    expect(exit?.origin + (exit?.pathname ?? '')).toBe(OTHER_CLIENT.redirect_uris[0]);
    expect(exit?.searchParams.get('code')).toBeTruthy();
  });

  it('shows the session-expired page (Y190001) when the interaction has expired', async () => {
    const local = await startSimulator({ port: 0 });
    try {
      const browser = new Browser();
      const { response } = await browser.follow(await browser.get(authorizeUrl(local)), new URL(local.url).origin);
      local.advanceTime(1801);
      const error = await errorPageOf(await browser.get(response.url));
      expect(error.status).toBe(401);
      expect(error.code).toBe('Y190001');
    } finally {
      await local.close();
    }
  });
});

describe('identity normalisation (RNIPP)', () => {
  const fetchIdentity = async (login: string, scope = 'openid identite_pivot preferred_username email idp_birthdate') => {
    const { code } = await loginAndGetCode(sim, { scope }, { login });
    const tokens = await exchangeCode(sim, code);
    const response = await fetch(`${sim.issuer}/userinfo`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    return (await verifyJwt(sim, await response.text(), 'ES256')).payload;
  };

  it.each([
    ['prenom_avec_espace', { given_name: 'Jean Philippe Pierre Louis', given_name_array: ['Jean Philippe', 'Pierre', 'Louis'] }],
    ['nom_usage', { family_name: 'ROUSSEAU', preferred_username: 'LEFEBVRE' }],
    ['nom_compose', { family_name: 'MOREAU-LAMBERT' }],
    ['ne_etranger', { birthplace: '', birthcountry: '99350' }],
    ['genre_non_precise', { gender: 'unspecified' }],
    ['corse_2a', { birthplace: '2A004', birthcountry: '99100' }],
    ['corse_2b', { birthplace: '2B033', birthcountry: '99100' }],
    ['outre_mer', { birthplace: '97411', birthcountry: '99100' }],
    ['commune_fusionnee', { birthplace: '74011', birthcountry: '99100' }],
    ['presume_ne', { birthdate: '1986-01-01', idp_birthdate: '1986-00-00', birthplace: '', birthcountry: '99212' }],
    ['presume_ne_jour', { birthdate: '1992-11-01', idp_birthdate: '1992-11-00', birthplace: '', birthcountry: '99243' }],
  ])('releases %s as FranceConnect would', async (login, expected) => {
    expect(await fetchIdentity(login)).toMatchObject(expected);
  });

  it('gives different subs to different citizens', async () => {
    const a = await fetchIdentity('test', 'openid');
    const b = await fetchIdentity('conjoint', 'openid');
    expect(a.sub).not.toBe(b.sub);
  });
});

describe('sanity of the fixtures used above', () => {
  it('registers the default Pivot client and the test client', () => {
    expect(sim.clients.map((c) => c.client_id)).toEqual([PIVOT.client_id, OTHER_CLIENT.client_id]);
  });
});
