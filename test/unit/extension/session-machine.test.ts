import { describe, expect, it } from 'vitest';
import { fcErrorOutcome, isUserCancellation, outcomeView, parseRedirect, viewOf } from '../../../extension/lib/session-machine';
import { ME } from '../../fixtures/extension/me';

const REDIRECT = 'https://ochfhobachhmhddggbhbnbbihocibgpc.chromiumapp.org/';
const base = { activity: 'idle' as const, session: undefined, identity: undefined, outcome: undefined, backendUrl: 'http://localhost:3000', now: 1000 };
const session = { handle: 'h', backendUrl: 'http://localhost:3000', expiresAt: 2000 };

describe('session state machine', () => {
  it('shows a flow in progress before anything else', () => {
    expect(viewOf({ ...base, activity: 'logging-in', session, identity: { me: ME, fetchedAt: 1 } })).toEqual({ status: 'logging-in' });
    expect(viewOf({ ...base, activity: 'logging-out' })).toEqual({ status: 'logging-out' });
  });

  it('shows the identity of a live session, whatever the last outcome', () => {
    expect(viewOf({ ...base, session, identity: { me: ME, fetchedAt: 1 }, outcome: { kind: 'cancelled' } })).toEqual({ status: 'logged-in', me: ME });
  });

  it('does not show an identity whose session has expired or belongs to another backend', () => {
    expect(viewOf({ ...base, now: 2000, session, identity: { me: ME, fetchedAt: 1 } })).toEqual({ status: 'logged-out' });
    expect(viewOf({ ...base, backendUrl: 'https://x.fr', session, identity: { me: ME, fetchedAt: 1 } })).toEqual({ status: 'logged-out' });
  });

  it('maps each outcome to its screen', () => {
    expect(outcomeView(undefined)).toEqual({ status: 'logged-out' });
    expect(outcomeView({ kind: 'cancelled' })).toEqual({ status: 'logged-out', notice: 'cancelled' });
    expect(outcomeView({ kind: 'logged-out-locally' })).toEqual({ status: 'logged-out', notice: 'logged-out-locally' });
    expect(outcomeView({ kind: 'expired' })).toEqual({ status: 'expired' });
    expect(outcomeView({ kind: 'unreachable', backendUrl: 'u' })).toEqual({ status: 'unreachable', backendUrl: 'u', retry: 'login' });
    expect(outcomeView({ kind: 'fc-error', code: 'c', message: 'm' })).toEqual({ status: 'fc-error', code: 'c', message: 'm' });
  });

  describe('parseRedirect', () => {
    it('reads the handoff code when the state matches', () => {
      expect(parseRedirect(`${REDIRECT}?code=abc&state=s1`, REDIRECT, 's1')).toEqual({ kind: 'code', code: 'abc' });
    });

    it('reads an error and its description', () => {
      expect(parseRedirect(`${REDIRECT}?error=access_denied&error_description=Refus%C3%A9&state=s1`, REDIRECT, 's1')).toEqual({
        kind: 'error',
        error: 'access_denied',
        description: 'Refusé',
      });
    });

    it.each([
      ['not a url', 'not-redirect-uri'],
      [`https://other.chromiumapp.org/?code=abc&state=s1`, 'not-redirect-uri'],
      [`${REDIRECT}?code=abc`, 'state-mismatch'],
      [`${REDIRECT}?code=abc&state=s2`, 'state-mismatch'],
      [`${REDIRECT}?state=s1`, 'no-code'],
    ])('refuses %s (%s)', (url, reason) => {
      expect(parseRedirect(url, REDIRECT, 's1')).toEqual({ kind: 'invalid', reason });
    });
  });

  it('cleans a FranceConnect description and falls back to French messages', () => {
    expect(fcErrorOutcome('access_denied', 'Refus\u0000 de\nl’usager')).toEqual({ kind: 'fc-error', code: 'access_denied', message: 'Refus  de l’usager' });
    expect(fcErrorOutcome('access_denied', '   ')).toMatchObject({ message: expect.stringMatching(/annulé/) });
    expect(fcErrorOutcome('weird', undefined)).toMatchObject({ message: expect.stringMatching(/n’a pas pu terminer/) });
    expect((fcErrorOutcome('x', 'y'.repeat(900)) as { message: string }).message).toHaveLength(500);
  });

  it('recognises the citizen closing the auth window, in Chrome and Firefox', () => {
    expect(isUserCancellation(new Error('The user did not approve access.'))).toBe(true);
    expect(isUserCancellation(new Error('User cancelled or denied access.'))).toBe(true);
    expect(isUserCancellation(new Error('Authorization page could not be loaded.'))).toBe(false);
    expect(isUserCancellation('User interaction required.')).toBe(false);
  });
});
