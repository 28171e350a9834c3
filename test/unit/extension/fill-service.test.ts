import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type * as z from 'zod/mini';
import { AGENT_KEY } from '../../../extension/lib/agent-store';
import type { ContentRequest } from '../../../extension/lib/content-messages';
import { createFillService } from '../../../extension/lib/fill-service';
import type { SessionView } from '../../../extension/lib/messages';
import { KEYS } from '../../../extension/lib/storage';
import { TabError, type TabAccess, type TabProblem } from '../../../extension/lib/tab-access';
import { ME } from '../../fixtures/extension/me';

const TAB = 12;
/** The page token of the filler in the scripted tab (a reloaded page has another). */
const PAGE = 'a'.repeat(32);

/** A tab whose form filler answers from a script; records what the background sent it. */
function scriptedTab(answers: Partial<Record<ContentRequest['type'], unknown>>, problem?: TabProblem) {
  const sent: ContentRequest[] = [];
  const tabs: TabAccess & { sent: ContentRequest[] } = {
    sent,
    check: vi.fn(async () => {
      if (problem) throw new TabError(problem);
    }),
    ping: vi.fn(async () => (answers['content/ping'] as { page?: string } | undefined)?.page),
    ensureFiller: vi.fn(async () => undefined),
    async send<T>(_tabId: number, request: ContentRequest, schema: z.ZodMiniType<T>): Promise<T> {
      sent.push(request);
      // The real schema, as tab-access.ts applies it to the page's answer.
      const parsed = schema.safeParse(answers[request.type]);
      if (!parsed.success) throw new TabError('bad-reply');
      return parsed.data;
    },
  };
  return tabs;
}

function session(view: SessionView = { status: 'logged-in', me: ME }) {
  return {
    view: vi.fn(async () => view),
    login: vi.fn(async (_sources?: readonly string[]): Promise<SessionView> => ({ status: 'logging-in' })),
    logout: vi.fn(async (): Promise<SessionView> => ({ status: 'logging-out' })),
  };
}

const SCAN = {
  ok: true,
  fields: [
    { id: 'pf1', kind: 'birthName', label: 'Nom de naissance', confidence: 1 },
    { id: 'pf2', kind: 'email', label: 'Courriel', confidence: 0.7 },
    { id: 'pf3', kind: 'taxIncome', label: 'Revenu fiscal de référence', confidence: 1 },
  ],
  ignored: [{ id: 'pf9', kind: 'phone', label: 'Téléphone', reason: 'not-certified' }],
  contentType: 'text/html',
  page: PAGE,
};

const PLAN = {
  ok: true,
  items: [
    { id: 'pf1', kind: 'birthName', label: 'Nom de naissance', value: 'DUBOIS', confidence: 1 },
    { id: 'pf2', kind: 'email', label: 'Courriel', value: ME.identity.email, confidence: 0.7 },
  ],
  skipped: [
    { id: 'pf3', kind: 'taxIncome', label: 'Revenu fiscal de référence', reason: 'no-data' },
    { id: 'pf9', kind: 'phone', label: 'Téléphone', reason: 'not-certified' },
    { id: 'pf7', kind: 'birthName', label: 'Nom du conjoint', reason: 'other-person' },
  ],
};

describe('fill service: preview and consent', () => {
  beforeEach(() => fakeBrowser.reset());

  it('previews without writing: scans, then plans with only the claims the page’s fields need', async () => {
    const tabs = scriptedTab({ 'content/scan': SCAN, 'content/plan': PLAN });
    const service = createFillService({ session: session(), tabs });
    const reply = await service.handle({ type: 'fill/preview', tabId: TAB });
    expect(tabs.ensureFiller).toHaveBeenCalledWith(TAB);
    expect(tabs.sent.map((r) => r.type)).toEqual(['content/scan', 'content/plan']);
    expect(tabs.sent[1]).toEqual({ type: 'content/plan', claims: { family_name: 'DUBOIS', email: ME.identity.email } });
    expect(reply).toEqual({
      ok: true,
      page: PAGE,
      items: [
        { id: 'pf1', label: 'Nom de naissance', value: 'DUBOIS', preselected: true },
        { id: 'pf2', label: 'Courriel', value: ME.identity.email, preselected: false },
      ],
      skipped: [
        { reason: 'Donnée non récupérée auprès de l’administration concernée', labels: ['Revenu fiscal de référence'] },
        { reason: 'Informations que FranceConnect ne certifie pas (téléphone, adresse, coordonnées bancaires…)', labels: ['Téléphone'] },
        { reason: 'Concernent une autre personne (conjoint, enfant, représentant…)', labels: ['Nom du conjoint'] },
      ],
    });
  });

  it('sends the data values the page’s data fields need, and no other', async () => {
    const tabs = scriptedTab({ 'content/scan': SCAN, 'content/plan': PLAN });
    const data = vi.fn(async () => ({ revenu_fiscal_reference: 52340, quotient_familial: 850 }));
    await createFillService({ session: session(), tabs, data }).handle({ type: 'fill/preview', tabId: TAB });
    expect(tabs.sent[1]).toMatchObject({ type: 'content/plan', data: { revenu_fiscal_reference: 52340 } });
    expect(JSON.stringify(tabs.sent)).not.toContain('850');
  });

  it('fills the chosen fields only after the confirmation, and reports what the page refused or revealed', async () => {
    const tabs = scriptedTab({
      'content/scan': SCAN,
      'content/fill': {
        ok: true,
        filled: [{ id: 'pf1', kind: 'birthName', label: 'Nom de naissance', value: 'DUBOIS' }],
        skipped: [
          { id: 'pf2', kind: 'email', label: 'Courriel', reason: 'rejected' },
          { id: 'pf3', kind: 'taxIncome', label: 'Revenu fiscal de référence', reason: 'not-selected' },
          { id: 'pf40', kind: 'birthPlace', label: 'Commune de naissance', reason: 'not-selected' },
        ],
      },
    });
    const reply = await createFillService({ session: session(), tabs }).handle({ type: 'fill/confirm', tabId: TAB, page: PAGE, ids: ['pf1', 'pf2'] });
    expect(tabs.sent.at(-1)).toEqual({ type: 'content/fill', claims: { family_name: 'DUBOIS', email: ME.identity.email }, only: ['pf1', 'pf2'] });
    expect(reply).toEqual({
      ok: true,
      filled: [{ label: 'Nom de naissance', value: 'DUBOIS' }],
      problems: [{ reason: 'Refusés ou effacés par la page', labels: ['Courriel'] }],
      // pf40 appeared during the fill (not in the scan); pf3 was simply not ticked.
      revealed: 1,
    });
  });

  it('remembers (without values) which tab it filled, so the undo is offered again when the popup reopens on the same page', async () => {
    const answers: Partial<Record<ContentRequest['type'], unknown>> = {
      'content/scan': SCAN,
      'content/fill': { ok: true, filled: [{ id: 'pf1', kind: 'birthName', label: 'Nom de naissance', value: 'DUBOIS' }], skipped: [] },
      'content/ping': { ok: true, filler: 'pivot', page: PAGE },
      'content/undo': { ok: true, restored: 1, kept: 0 },
    };
    const service = createFillService({ session: session(), tabs: scriptedTab(answers) });
    await expect(service.handle({ type: 'fill/status', tabId: TAB })).resolves.toEqual({ ok: true, undoable: false, filled: 0 });
    await service.handle({ type: 'fill/confirm', tabId: TAB, page: PAGE, ids: ['pf1'] });
    expect(JSON.stringify(await fakeBrowser.storage.session.get(null))).not.toContain('DUBOIS');
    await expect(service.handle({ type: 'fill/status', tabId: TAB })).resolves.toEqual({ ok: true, undoable: true, filled: 1 });
    await expect(service.handle({ type: 'fill/status', tabId: TAB + 1 })).resolves.toEqual({ ok: true, undoable: false, filled: 0 });
    await expect(service.handle({ type: 'fill/undo', tabId: TAB })).resolves.toEqual({ ok: true, restored: 1, kept: 0 });
    await expect(service.handle({ type: 'fill/status', tabId: TAB })).resolves.toEqual({ ok: true, undoable: false, filled: 0 });
  });

  it('refuses a confirmation meant for another page: after a reload the same field ids name other fields', async () => {
    const tabs = scriptedTab({ 'content/scan': { ...SCAN, page: 'b'.repeat(32) }, 'content/fill': { ok: true, filled: [], skipped: [] } });
    const reply = await createFillService({ session: session(), tabs }).handle({ type: 'fill/confirm', tabId: TAB, page: PAGE, ids: ['pf1'] });
    expect(reply).toMatchObject({ ok: false, error: { code: 'page-changed' } });
    expect(tabs.sent.map((r) => r.type)).toEqual(['content/scan']);
  });

  it('counts every fill of the same page since the last undo, since « Annuler » puts them all back', async () => {
    const answers: Partial<Record<ContentRequest['type'], unknown>> = {
      'content/scan': SCAN,
      'content/fill': { ok: true, filled: [{ id: 'pf1', kind: 'birthName', label: 'Nom de naissance', value: 'DUBOIS' }], skipped: [] },
      'content/ping': { ok: true, filler: 'pivot', page: PAGE },
    };
    const service = createFillService({ session: session(), tabs: scriptedTab(answers) });
    await service.handle({ type: 'fill/confirm', tabId: TAB, page: PAGE, ids: ['pf1'] });
    await service.handle({ type: 'fill/confirm', tabId: TAB, page: PAGE, ids: ['pf1'] });
    await expect(service.handle({ type: 'fill/status', tabId: TAB })).resolves.toEqual({ ok: true, undoable: true, filled: 2 });
    // Another page in the same tab (another filler): nothing of it to undo.
    answers['content/ping'] = { ok: true, filler: 'pivot', page: 'c'.repeat(32) };
    await expect(service.handle({ type: 'fill/status', tabId: TAB })).resolves.toEqual({ ok: true, undoable: false, filled: 0 });
  });

  it('no longer offers the undo once the page has changed (the filler, and its journal, are gone)', async () => {
    const answers: Partial<Record<ContentRequest['type'], unknown>> = {
      'content/scan': SCAN,
      'content/fill': { ok: true, filled: [{ id: 'pf1', kind: 'birthName', label: 'Nom de naissance', value: 'DUBOIS' }], skipped: [] },
    };
    const service = createFillService({ session: session(), tabs: scriptedTab(answers) });
    await service.handle({ type: 'fill/confirm', tabId: TAB, page: PAGE, ids: ['pf1'] });
    await expect(service.handle({ type: 'fill/status', tabId: TAB })).resolves.toEqual({ ok: true, undoable: false, filled: 0 });
  });

  it('answers fill/scan with the kinds and data keys of the page (for « Mes données »)', async () => {
    const tabs = scriptedTab({ 'content/scan': SCAN });
    await expect(createFillService({ session: session(), tabs }).handle({ type: 'fill/scan', tabId: TAB })).resolves.toEqual({
      ok: true,
      kinds: ['birthName', 'email', 'taxIncome'],
      dataKeys: ['revenu_fiscal_reference'],
    });
  });

  it('an empty page gives an empty preview, without planning', async () => {
    const tabs = scriptedTab({ 'content/scan': { ...SCAN, fields: [] } });
    const reply = await createFillService({ session: session(), tabs }).handle({ type: 'fill/preview', tabId: TAB });
    expect(reply).toMatchObject({ ok: true, items: [] });
    expect(tabs.sent.map((r) => r.type)).toEqual(['content/scan']);
  });

  it.each([
    ['restricted', 'Pivot ne peut pas remplir les pages du navigateur'],
    ['web-store', 'boutique d’extensions'],
    ['no-access', 'Pivot n’a pas accès à cette page'],
    ['injection-failed', 'Pivot n’a pas pu s’installer dans cette page'],
  ] as const)('a %s tab gets a French explanation', async (problem, words) => {
    const reply = await createFillService({ session: session(), tabs: scriptedTab({}, problem) }).handle({ type: 'fill/preview', tabId: TAB });
    expect(reply).toMatchObject({ ok: false, error: { code: problem } });
    expect(!reply.ok && reply.error.message).toContain(words);
  });

  it('a PDF viewer is no form', async () => {
    const tabs = scriptedTab({ 'content/scan': { ...SCAN, contentType: 'application/pdf' } });
    await expect(createFillService({ session: session(), tabs }).handle({ type: 'fill/preview', tabId: TAB })).resolves.toMatchObject({ ok: false, error: { code: 'pdf' } });
  });

  it.each([
    ['an answer of the wrong shape', { ok: true, items: 'everything' }, 'bad-reply'],
    ['an oversized label', { ...PLAN, items: [{ ...PLAN.items[0], label: 'x'.repeat(5000) }] }, 'bad-reply'],
    ['a page that broke the engine', { ok: false, code: 'engine-failed' }, 'engine-failed'],
  ])('refuses %s from the page', async (_what, answer, code) => {
    const tabs = scriptedTab({ 'content/scan': SCAN, 'content/plan': answer });
    await expect(createFillService({ session: session(), tabs }).handle({ type: 'fill/preview', tabId: TAB })).resolves.toMatchObject({ ok: false, error: { code } });
  });

  it('needs a logged-in citizen, and sends nothing to the page otherwise', async () => {
    const tabs = scriptedTab({ 'content/scan': SCAN });
    const reply = await createFillService({ session: session({ status: 'logged-out' }), tabs }).handle({ type: 'fill/preview', tabId: TAB });
    expect(reply).toMatchObject({ ok: false, error: { code: 'not-logged-in' } });
    expect(tabs.sent).toEqual([]);
  });
});

describe('fill service: agent mode', () => {
  beforeEach(() => fakeBrowser.reset());

  const VERIFY = {
    ok: true,
    entries: [
      { id: 'pf1', datum: 'birthName', label: 'Nom', displayed: 'DUBOIS', certified: 'DUBOIS', result: 'match' },
      { id: 'pf2', datum: 'birthDate', label: 'Né(e) le', displayed: '24/08/1963', certified: '24/08/1962', result: 'mismatch' },
    ],
    unchecked: 1,
  };

  it('starts: agent flag in storage.session, then the citizen’s login with no data source', async () => {
    const s = session({ status: 'logged-out' });
    const reply = await createFillService({ session: s, tabs: scriptedTab({}), now: () => 42 }).handle({ type: 'agent/start' });
    expect(reply).toEqual({ ok: true, view: { status: 'logging-in' } });
    expect(s.login).toHaveBeenCalledWith([]);
    expect(await fakeBrowser.storage.session.get(AGENT_KEY)).toEqual({ [AGENT_KEY]: { active: true, since: 42 } });
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
  });

  it('is on while the login runs or holds, and ends by itself when the login did not succeed', async () => {
    await fakeBrowser.storage.session.set({ [AGENT_KEY]: { active: true, since: 1 } });
    await expect(createFillService({ session: session(), tabs: scriptedTab({}) }).handle({ type: 'agent/get' })).resolves.toEqual({ ok: true, active: true });
    await expect(createFillService({ session: session({ status: 'logged-out', notice: 'cancelled' }), tabs: scriptedTab({}) }).handle({ type: 'agent/get' })).resolves.toEqual({ ok: true, active: false });
    expect(await fakeBrowser.storage.session.get(AGENT_KEY)).toEqual({});
  });

  it('verifies the page with the whole identity, only in agent mode', async () => {
    const tabs = scriptedTab({ 'content/verify': VERIFY });
    const service = createFillService({ session: session(), tabs });
    await expect(service.handle({ type: 'agent/verify', tabId: TAB })).resolves.toMatchObject({ ok: false, error: { code: 'not-agent' } });
    await fakeBrowser.storage.session.set({ [AGENT_KEY]: { active: true, since: 1 } });
    const reply = await service.handle({ type: 'agent/verify', tabId: TAB });
    expect(tabs.sent).toEqual([{ type: 'content/verify', claims: ME.identity }]);
    expect(reply).toEqual({
      ok: true,
      entries: [
        { label: 'Nom', displayed: 'DUBOIS', certified: 'DUBOIS', result: 'match' },
        { label: 'Né(e) le', displayed: '24/08/1963', certified: '24/08/1962', result: 'mismatch' },
      ],
      unchecked: 1,
    });
  });

  it('finishes: removes the highlights, logs out and wipes storage.session but the logout notice', async () => {
    await fakeBrowser.storage.session.set({
      [AGENT_KEY]: { active: true, since: 1 },
      [KEYS.data]: { sources: [] },
      [KEYS.outcome]: { kind: 'logged-out' },
      'pivot.something-later': 'x',
    });
    const tabs = scriptedTab({ 'content/clear': { ok: true } });
    const s = session();
    const reply = await createFillService({ session: s, tabs }).handle({ type: 'agent/finish', tabId: TAB });
    expect(tabs.sent).toEqual([{ type: 'content/clear' }]);
    expect(s.logout).toHaveBeenCalled();
    expect(reply).toEqual({ ok: true, view: { status: 'logging-out' } });
    expect(await fakeBrowser.storage.session.get(null)).toEqual({ [KEYS.outcome]: { kind: 'logged-out' } });
  });

  it('finishes by clearing every page it checked, even after the popup closed (no tab given)', async () => {
    await fakeBrowser.storage.session.set({ [AGENT_KEY]: { active: true, since: 1 } });
    const tabs = scriptedTab({ 'content/verify': VERIFY, 'content/clear': { ok: true } });
    const service = createFillService({ session: session(), tabs });
    await service.handle({ type: 'agent/verify', tabId: 3 });
    await service.handle({ type: 'agent/verify', tabId: 4 });
    await service.handle({ type: 'agent/verify', tabId: 3 });
    tabs.sent.length = 0;
    const cleared: number[] = [];
    const send = tabs.send.bind(tabs);
    tabs.send = (tabId, request, schema) => {
      cleared.push(tabId);
      return send(tabId, request, schema);
    };
    await service.handle({ type: 'agent/finish' });
    expect(cleared.sort()).toEqual([3, 4]);
    expect(tabs.sent).toEqual([{ type: 'content/clear' }, { type: 'content/clear' }]);
    expect(await fakeBrowser.storage.session.get(null)).toEqual({});
  });

  it('finishes even when the agent’s page is gone', async () => {
    await fakeBrowser.storage.session.set({ [AGENT_KEY]: { active: true, since: 1 } });
    const tabs = scriptedTab({});
    const reply = await createFillService({ session: session(), tabs }).handle({ type: 'agent/finish', tabId: TAB });
    expect(reply).toEqual({ ok: true, view: { status: 'logging-out' } });
    expect(await fakeBrowser.storage.session.get(null)).toEqual({});
  });
});
