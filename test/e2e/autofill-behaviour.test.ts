/**
 * Engine behaviour in a real Chromium beyond the fixture values: nothing runs before a call, plan()
 * writes nothing, `only` restricts the fill, undo() spares what the user changed afterwards, the
 * React-style fixture really does defeat a naive filler, and a 20,000-option select is handled.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { CITIZENS } from '../fixtures/citizens';
import { callEngine, injectEngine, launchChromium, readFields, serveFixtures, type FixtureServer } from '../support/autofill-harness';
import type { FillPlan, FillReport, ScanResult, UndoReport } from '../../extension/autofill';

const dubois = CITIZENS.find((c) => c.id === 'dubois')!.claims;
const martin = CITIZENS.find((c) => c.id === 'martin')!.claims;

function bigSelectPage(): string {
  const options = Array.from({ length: 20_000 }, (_, i) => `<option value="C${i}">Commune numéro ${i}</option>`).join('');
  return `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Grande liste</title></head><body>
    <form><p><label for="nom">Nom de naissance</label><input id="nom" name="nom"></p>
    <p><label for="res">Commune de résidence</label><select id="res" name="residence"><option value="">--</option>${options}</select></p>
    <p><label for="cn">Commune de naissance</label><select id="cn" name="cn"><option value="">--</option>${options.replace('value="C19990">Commune numéro 19990', 'value="75107">Paris 7e arrondissement')}</select></p>
    </form></body></html>`;
}

let server: FixtureServer;
let browser: Browser;

beforeAll(async () => {
  server = await serveFixtures({ '/generated/big-select.html': bigSelectPage() });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function open(path: string, init?: string): Promise<Page> {
  const page = await browser.newPage();
  if (init) await page.addInitScript(init);
  await page.goto(`${server.url}${path}`, { waitUntil: 'load' });
  return page;
}

describe('the standalone engine', () => {
  it('does nothing when evaluated: no observer, listener, timer or DOM change before a call', async () => {
    // Counts what page-visible work happens once counting is switched on (just before the engine loads).
    const spy = `
      window.__spy = { on: false, calls: [] };
      const wrap = (obj, name) => { const orig = obj[name]; obj[name] = function (...a) { if (window.__spy.on) window.__spy.calls.push(name); return orig.apply(this, a); }; };
      wrap(window, 'setTimeout'); wrap(window, 'setInterval'); wrap(window, 'requestAnimationFrame'); wrap(window, 'requestIdleCallback');
      wrap(EventTarget.prototype, 'addEventListener');
      const MO = window.MutationObserver;
      window.MutationObserver = class extends MO { constructor(cb) { if (window.__spy.on) window.__spy.calls.push('MutationObserver'); super(cb); } };
      const IO = window.IntersectionObserver;
      window.IntersectionObserver = class extends IO { constructor(cb, o) { if (window.__spy.on) window.__spy.calls.push('IntersectionObserver'); super(cb, o); } };
      document.addEventListener('DOMContentLoaded', () => {
        new MO((records) => { if (window.__spy.on) window.__spy.calls.push('mutation:' + records.length); }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
      });`;
    const page = await open('/forms/passeport-predemande.html', spy);
    const before = await readFields(page);
    // Playwright's own helper script installs listeners on first use: let it do so before counting.
    await page.addScriptTag({ content: '/* warm-up */' });
    await page.evaluate('window.__spy.on = true');
    await injectEngine(page, server);
    await page.waitForTimeout(300);
    // The script tag itself is the only mutation; the engine adds nothing.
    const calls = (await page.evaluate('window.__spy.calls')) as string[];
    expect(calls.filter((c) => !/^mutation:[12]$/.test(c))).toEqual([]);
    expect(await readFields(page)).toEqual(before);
    expect(await page.evaluate('typeof window.pivotAutofill.fill')).toBe('function');
    expect(await page.evaluate('Object.keys(window).includes("pivotAutofill")')).toBe(false);
    await page.close();
  });

  it('is idempotent: evaluating the file twice keeps one instance, with its undo journal', async () => {
    const page = await open('/forms/caf-prime-activite.html');
    await injectEngine(page, server);
    await callEngine(page, 'fill', dubois);
    await injectEngine(page, server);
    const undo = await callEngine<UndoReport>(page, 'undo');
    expect(undo.restored).toBeGreaterThan(0);
    await page.close();
  });

  it('plan() proposes values and labels without writing anything', async () => {
    const page = await open('/forms/passeport-predemande.html');
    await injectEngine(page, server);
    const before = await readFields(page);
    const plan = await callEngine<FillPlan>(page, 'plan', dubois);
    expect(await readFields(page)).toEqual(before);
    const byKind = Object.fromEntries(plan.items.map((i) => [i.kind, i]));
    expect(byKind.birthName).toMatchObject({ label: 'Nom de naissance', value: 'DUBOIS' });
    expect(byKind.birthCountry).toMatchObject({ value: 'France' });
    expect(byKind.birthPlace).toMatchObject({ value: 'Paris 7e Arrondissement' });
    expect(plan.skipped.find((s) => s.kind === 'usageName')).toMatchObject({ reason: 'no-claim' });
    await page.close();
  });

  it('fill({ only }) writes only the chosen fields (ids from plan(), or kinds) and reports the others as not selected', async () => {
    const page = await open('/forms/passeport-predemande.html');
    await injectEngine(page, server);
    const plan = await callEngine<FillPlan>(page, 'plan', dubois);
    const chosen = plan.items.filter((i) => i.kind === 'birthName' || i.kind === 'givenNames').map((i) => i.id);
    const report = await callEngine<FillReport>(page, 'fill', dubois, { only: [...chosen, 'email'] });
    expect(report.filled.map((f) => f.kind).sort()).toEqual(['birthName', 'email', 'givenNames']);
    expect(report.skipped.filter((s) => s.reason === 'not-selected').map((s) => s.kind)).toEqual(expect.arrayContaining(['birthDay', 'gender', 'emailConfirm']));
    const values = Object.fromEntries((await readFields(page)).map((f) => [f.selector, f.actual]));
    expect(values).toMatchObject({ '#nom-naissance': 'DUBOIS', '#prenoms': 'Angela Claire Louise', '#email': dubois.email, '#email2': '', '#bday-day': '' });
    await page.close();
  });

  it('scan() reports what it recognised, how sure it is, and what it leaves alone and why', async () => {
    const page = await open('/forms/caf-prime-activite.html');
    await injectEngine(page, server);
    const scan = await callEngine<ScanResult>(page, 'scan');
    expect(scan.fields.map((f) => f.kind)).toEqual(['gender', 'birthName', 'usageName', 'firstName', 'birthDate', 'allocataireNumber', 'email', 'taxIncome']);
    for (const f of scan.fields) expect(f.confidence).toBeGreaterThanOrEqual(0.5);
    expect(scan.ignored.filter((i) => i.reason === 'other-person')).toHaveLength(12);
    expect(scan.ignored.filter((i) => i.reason === 'not-certified').map((i) => i.kind)).toEqual(expect.arrayContaining(['socialSecurity', 'phone', 'bank', 'income']));
    await page.close();
  });

  it('undo() restores what the last fill changed, but not a field the user edited since', async () => {
    const page = await open('/forms/inscription-listes-electorales.html');
    await injectEngine(page, server);
    const before = await readFields(page);
    await callEngine(page, 'fill', martin);
    await page.locator('[name=prenoms]').fill('Jean-Philippe');
    const undo = await callEngine<UndoReport>(page, 'undo');
    expect(undo.kept).toBe(1);
    const after = Object.fromEntries((await readFields(page)).map((f) => [f.selector, f.actual]));
    expect(after['[name="prenoms"]']).toBe('Jean-Philippe');
    expect(after['[name="nom_naissance"]']).toBe('');
    expect(Object.values(after).filter((v) => v !== '').length).toBe(1);
    expect(before.every((f) => f.actual === '')).toBe(true);
    await page.close();
  });

  it('undo() after two fills (the second completing the form) puts the page back as it was before Pivot', async () => {
    const page = await open('/forms/passeport-predemande.html');
    await injectEngine(page, server);
    await callEngine(page, 'fill', dubois, { only: ['birthName'] });
    await callEngine(page, 'fill', dubois, { only: ['email'] });
    const undo = await callEngine<UndoReport>(page, 'undo');
    expect(undo.restored).toBe(2);
    const after = Object.fromEntries((await readFields(page)).map((f) => [f.selector, f.actual]));
    expect(after).toMatchObject({ '#nom-naissance': '', '#email': '' });
    await page.close();
  });

  it('the React-style fixture really resets a naive fill, and keeps Pivot’s', async () => {
    const page = await open('/forms/ameli-creation-compte.html');
    await page.evaluate(`(() => { const el = document.getElementById('nom'); el.value = 'NAIVE'; el.dispatchEvent(new Event('input', { bubbles: true })); })()`);
    await page.waitForTimeout(20);
    expect(await page.inputValue('#nom')).toBe('');
    await injectEngine(page, server);
    await callEngine(page, 'fill', dubois);
    await page.locator('#prenom').pressSequentially('x'); // another render of the form
    await page.waitForTimeout(20);
    expect(await page.inputValue('#nom')).toBe('DUBOIS');
    expect(await page.inputValue('#email2')).toBe(dubois.email);
    await page.close();
  });

  it('finds the right option among 20,000 and leaves the other big list alone', async () => {
    const page = await open('/generated/big-select.html');
    await injectEngine(page, server);
    const report = await callEngine<FillReport>(page, 'fill', dubois);
    expect(report.filled.map((f) => f.kind).sort()).toEqual(['birthName', 'birthPlace']);
    expect(await page.inputValue('#cn')).toBe('75107');
    expect(await page.inputValue('#res')).toBe('');
    await page.close();
  });
});
