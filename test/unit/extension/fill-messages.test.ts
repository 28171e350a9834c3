import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { PivotAutofill } from '../../../extension/autofill';
import formFiller from '../../../extension/entrypoints/form-filler';
import { createContentHandler } from '../../../extension/lib/content-handler';
import { createFillMessageListener } from '../../../extension/lib/fill-background-messages';
import { claimsFor, dataFor } from '../../../extension/lib/fill-claims';
import { fillDataFrom } from '../../../extension/lib/fill-data';
import { injectionProblem, restrictedPage } from '../../../extension/lib/tab-access';
import { ME } from '../../fixtures/extension/me';

const popupSender = () => ({ id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/popup.html') });
const contentScriptSender = () => ({ id: fakeBrowser.runtime.id, url: 'https://www.demarches-simplifiees.fr/commencer/x', tab: { id: 7 } as never });

describe('fill/* and agent/* in the background', () => {
  beforeEach(() => fakeBrowser.reset());

  it('answers the extension’s own pages', async () => {
    const handle = vi.fn(async () => ({ ok: true, restored: 1, kept: 0 }) as const);
    await expect(createFillMessageListener({ handle })({ type: 'fill/undo', tabId: 3 }, popupSender())).resolves.toEqual({ ok: true, restored: 1, kept: 0 });
    expect(handle).toHaveBeenCalledWith({ type: 'fill/undo', tabId: 3 });
  });

  it('refuses a content script or a web page', async () => {
    const handle = vi.fn();
    await expect(createFillMessageListener({ handle })({ type: 'agent/finish' }, contentScriptSender())).resolves.toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(handle).not.toHaveBeenCalled();
  });

  it.each([
    undefined,
    { type: 'session/get' },
    { type: 'data/get' },
    { type: 'fill/preview' },
    { type: 'fill/preview', tabId: -1 },
    { type: 'fill/preview', tabId: '12' },
    { type: 'fill/confirm', tabId: 1, ids: ['<img src=x>'] },
    { type: 'fill/confirm', tabId: 1, ids: Array.from({ length: 501 }, (_, i) => `pf${i}`) },
    { type: 'content/fill', claims: {}, only: [] },
  ])('leaves %j to other listeners', (message) => {
    const handle = vi.fn();
    expect(createFillMessageListener({ handle })(message, popupSender())).toBeUndefined();
    expect(handle).not.toHaveBeenCalled();
  });
});

/** An engine that records its calls. */
function fakeEngine(over: Partial<PivotAutofill> = {}): PivotAutofill & { calls: unknown[][] } {
  const calls: unknown[][] = [];
  return {
    calls,
    version: 'test',
    scan: async () => ({ fields: [{ id: 'pf1', kind: 'birthName', confidence: 1, label: 'Nom\n   de naissance', control: 'text', frame: 0 }], ignored: [], durationMs: 1 }),
    plan: async (...args) => {
      calls.push(['plan', ...args]);
      return { items: [{ id: 'pf1', kind: 'taxIncome', label: 'Revenu fiscal de référence', value: '52\u202f340\u00a0€', write: { type: 'value', value: '52340' }, confidence: 1, frame: 0 }], skipped: [] };
    },
    fill: async (...args) => {
      calls.push(['fill', ...args]);
      return { filled: [], skipped: [], durationMs: 1 };
    },
    verify: async () => ({ entries: [], matches: 0, mismatches: 0, unchecked: [], durationMs: 1 }),
    undo: async () => ({ restored: 2, kept: 0 }),
    clearVerification: () => calls.push(['clear']),
    ...over,
  };
}

describe('the form filler’s receiving end (in the page)', () => {
  it('ignores anything that is not a valid request', () => {
    const handle = createContentHandler(fakeEngine());
    for (const message of [undefined, 'content/scan', { type: 'content/steal' }, { type: 'content/fill', claims: { family_name: 1 }, only: [] }, { type: 'session/get' }]) {
      expect(handle(message)).toBeUndefined();
    }
  });

  it('answers with bounded page text, no-break spaces kept, and the content type', async () => {
    const handle = createContentHandler(fakeEngine(), document);
    await expect(handle({ type: 'content/scan' })).resolves.toEqual({
      ok: true,
      fields: [{ id: 'pf1', kind: 'birthName', label: 'Nom de naissance', confidence: 1 }],
      ignored: [],
      contentType: 'text/html',
      // This page's token; the same on every answer of this filler.
      page: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    const tokens = new Set([(await handle({ type: 'content/scan' })) as { page: string }, (await handle({ type: 'content/ping' })) as { page: string }].map((r) => r.page));
    expect(tokens.size).toBe(1);
    expect(((await createContentHandler(fakeEngine(), document)({ type: 'content/ping' })) as { page: string }).page).not.toBe([...tokens][0]);
    await expect(handle({ type: 'content/plan', claims: {} })).resolves.toMatchObject({ items: [{ value: '52\u202f340\u00a0€' }] });
  });

  it('passes the ticked ids and the data values to fill()', async () => {
    const engine = fakeEngine();
    await createContentHandler(engine)({ type: 'content/fill', claims: { family_name: 'DUBOIS' }, data: { revenu_fiscal_reference: 52340 }, only: ['pf1'] });
    expect(engine.calls).toEqual([['fill', { family_name: 'DUBOIS' }, { only: ['pf1'], data: { revenu_fiscal_reference: 52340 } }]]);
  });

  it('a page that breaks the engine gets a code, not a crash', async () => {
    const engine = fakeEngine({ fill: () => Promise.reject(new TypeError('the page removed the form')) });
    await expect(createContentHandler(engine)({ type: 'content/fill', claims: {}, only: [] })).resolves.toEqual({ ok: false, code: 'engine-failed' });
  });
});

describe('the form filler entry point', () => {
  beforeEach(() => fakeBrowser.reset());
  afterEach(() => {
    delete (globalThis as Record<symbol, unknown>)[Symbol.for('pivot.form-filler')];
  });

  it('installs one listener per page, which answers this extension only', async () => {
    const add = vi.spyOn(fakeBrowser.runtime.onMessage, 'addListener');
    formFiller.main();
    formFiller.main();
    expect(add).toHaveBeenCalledTimes(1);
    const listener = add.mock.calls[0]![0] as (m: unknown, s: unknown) => Promise<unknown> | undefined;
    await expect(listener({ type: 'content/ping' }, { id: fakeBrowser.runtime.id })).resolves.toEqual({ ok: true, filler: 'pivot', page: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect(listener({ type: 'content/ping' }, { id: 'another-extension' })).toBeUndefined();
    expect(listener({ type: 'content/ping' }, { id: fakeBrowser.runtime.id, tab: { id: 3 } })).toBeUndefined();
  });
});

describe('what a page gets', () => {
  it('only the claims its fields need', () => {
    expect(claimsFor(ME.identity, ['birthName', 'email'])).toEqual({ family_name: 'DUBOIS', email: ME.identity.email });
    expect(claimsFor(ME.identity, ['birthPlace'])).toEqual({ birthplace: '75107', birthcountry: '99100' });
    expect(claimsFor(ME.identity, ['givenName', 'taxIncome', 'unknownKind'])).toEqual({ given_name: ME.identity.given_name, given_name_array: ME.identity.given_name_array });
    expect(claimsFor(ME.identity, [])).toEqual({});
  });

  it('the usage name too for a plain « Nom » beside a birth-name field, as the engine fills it', () => {
    const identity = { ...ME.identity, preferred_username: 'MARTIN' };
    expect(claimsFor(identity, ['lastName', 'birthName'])).toEqual({ family_name: 'DUBOIS', preferred_username: 'MARTIN' });
    expect(claimsFor(identity, ['lastName'])).toEqual({ family_name: 'DUBOIS' });
    expect(claimsFor(identity, ['lastName', 'birthName', 'usageName'])).toEqual({ family_name: 'DUBOIS', preferred_username: 'MARTIN' });
  });

  it('only the data values its data fields need, by data key', () => {
    const data = { revenu_fiscal_reference: 52340, quotient_familial: 850, echelon_bourse: '5' };
    expect(dataFor(data, ['taxIncome', 'birthName'])).toEqual({ revenu_fiscal_reference: 52340 });
    expect(dataFor(data, ['birthName'])).toBeUndefined();
    expect(dataFor(undefined, ['taxIncome'])).toBeUndefined();
    // A value the filler would refuse is left out on its own; the others still go.
    expect(dataFor({ ...data, echelon_bourse: 'x'.repeat(500) }, ['taxIncome', 'grantLevel'])).toEqual({ revenu_fiscal_reference: 52340 });
  });

  it('data values come from data/get’s cards', () => {
    const reply = {
      ok: true as const,
      sources: [{ id: 'cnous_boursier', label: 'Bourse', status: 'ok' as const, data: { summary: '', sections: [{ title: '', facts: [{ key: 'echelon_bourse', label: 'Échelon', value: '5', type: 'text' as const, fillKey: 'echelon_bourse' }] }] } }],
    };
    expect(fillDataFrom(reply)).toEqual({ echelon_bourse: '5' });
    expect(fillDataFrom({ ok: false, error: { code: 'logged-out', message: '' } })).toBeUndefined();
  });
});

describe('pages Pivot cannot fill', () => {
  it.each([
    ['chrome://settings/', 'restricted'],
    ['about:blank', 'restricted'],
    ['chrome-extension://abc/popup.html', 'restricted'],
    ['view-source:https://example.org/', 'restricted'],
    ['https://chromewebstore.google.com/detail/x', 'web-store'],
    ['https://chrome.google.com/webstore/detail/x', 'web-store'],
    ['https://addons.mozilla.org/fr/firefox/', 'web-store'],
    ['https://www.impots.gouv.fr/formulaire/2042.pdf', 'pdf'],
    ['https://www.service-public.fr/particuliers/vosdroits/R1234', undefined],
    [undefined, undefined],
  ])('%s → %s', (url, problem) => {
    expect(restrictedPage(url)).toBe(problem);
  });

  it.each([
    ['Cannot access a chrome:// URL', 'restricted'],
    ['The extensions gallery cannot be scripted.', 'web-store'],
    ['Cannot access contents of the page. Extension manifest must request permission to access the respective host.', 'no-access'],
    ['Frame with ID 0 is showing error page', 'error-page'],
    ['No tab with id: 12.', 'no-tab'],
    ['Something else', 'injection-failed'],
  ])('injection error « %s » → %s', (message, problem) => {
    expect(injectionProblem(new Error(message))).toBe(problem);
  });
});
