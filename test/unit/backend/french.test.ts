// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { describeProviderError, LOGIN_ERROR_MESSAGES } from '../../../backend/auth/errors';
import { fr, frenchTypography } from '../../../backend/http/french';

const NBSP = '\u00A0';
const NNBSP = '\u202F';

/** No ordinary space (or none at all) before : ; ! ? », none after «, no straight apostrophe. */
function expectFrenchTypography(text: string): void {
  expect(text).not.toMatch(/[^\u00A0\u202F][:;!?»](\s|$)/);
  expect(text).not.toMatch(/«[^\u00A0\u202F]/);
  expect(text).not.toContain("'");
}

describe('French typography', () => {
  it('puts no-break spaces where French wants them', () => {
    expect(frenchTypography('Attention : code « x » ; vraiment ? oui ! l\'heure')).toBe(
      `Attention${NBSP}: code «${NBSP}x${NBSP}»${NNBSP}; vraiment${NNBSP}? oui${NNBSP}! l’heure`,
    );
  });

  it('leaves URLs alone', () => {
    expect(frenchTypography('Voir https://franceconnect.gouv.fr/')).toBe('Voir https://franceconnect.gouv.fr/');
  });

  it('applies to the literal parts of fr``, not to interpolated values', () => {
    expect(fr`code : ${"a'b"}`).toBe(`code${NBSP}: a'b`);
  });

  it('every login error message is typographically French', () => {
    for (const { title, message } of Object.values(LOGIN_ERROR_MESSAGES)) {
      expectFrenchTypography(title);
      expectFrenchTypography(message);
    }
    for (const code of ['access_denied', 'server_error', 'temporarily_unavailable', 'invalid_acr', 'login_required', 'weird']) {
      const { title, message } = describeProviderError(code);
      expectFrenchTypography(title);
      expectFrenchTypography(message);
    }
  });

  it('explains FranceConnect’s errors in plain words and never reflects markup', () => {
    expect(describeProviderError('access_denied').message).toMatch(/Vous avez annulé la connexion/);
    expect(describeProviderError('<script>').code).toBe('server_error');
    expect(describeProviderError('invalid_acr').message).toContain(`«${NBSP}invalid_acr${NBSP}»`);
  });
});
